package io.dpp.core.indicator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Indicators against published reference tables (StockCharts ChartSchool: Wilder's RSI(14) worked
 * example, the 10-day SMA and EMA example), against hand-worked values where no table is published,
 * and against naive recomputation from scratch over long series (the O(1) updates must not drift).
 */
class IndicatorsTest {

    /** Wilder's 33 closes as ChartSchool's RSI spreadsheet lists them. */
    private static final double[] WILDER = {44.3389, 44.0902, 44.1497, 43.6124, 44.3278, 44.8264, 45.0955, 45.4245,
        45.8433, 46.0826, 45.8931, 46.0328, 45.6140, 46.2820, 46.2820, 46.0028, 46.0328, 46.4116, 46.2222, 45.6439,
        46.2122, 46.2521, 45.7137, 46.4515, 45.7835, 45.3548, 44.0288, 44.1783, 44.2181, 44.5672, 43.4205, 42.6628,
        43.1314};
    /** ChartSchool's RSI(14) column for them, from the 15th close, to two decimals. */
    private static final double[] WILDER_RSI = {70.53, 66.32, 66.55, 69.41, 66.36, 57.97, 62.93, 63.26, 56.06, 62.38,
        54.71, 50.42, 39.99, 41.46, 41.87, 45.46, 37.30, 33.08, 37.77};

    /** ChartSchool's moving-average example: 30 closes as the table shows them (two decimals). */
    private static final double[] MA_CLOSES = {22.27, 22.19, 22.08, 22.17, 22.18, 22.13, 22.23, 22.43, 22.24, 22.29,
        22.15, 22.39, 22.38, 22.61, 23.36, 24.05, 23.75, 23.83, 23.95, 23.63, 23.82, 23.87, 23.65, 23.19, 23.10, 23.33,
        22.68, 23.10, 22.40, 22.17};
    /** Its 10-day SMA column, from the 10th close. */
    private static final double[] MA_SMA10 = {22.22, 22.21, 22.23, 22.26, 22.31, 22.42, 22.61, 22.77, 22.91, 23.08,
        23.21, 23.38, 23.53, 23.65, 23.71, 23.69, 23.61, 23.51, 23.43, 23.28, 23.13};
    /** Its 10-day EMA column (seeded with the SMA), from the 10th close. */
    private static final double[] MA_EMA10 = {22.22, 22.21, 22.24, 22.27, 22.33, 22.52, 22.80, 22.97, 23.13, 23.28,
        23.34, 23.43, 23.51, 23.54, 23.47, 23.40, 23.39, 23.26, 23.23, 23.08, 22.92};

    @Test
    void rsiMatchesWildersWorkedExampleAsChartSchoolPublishesIt() {
        Rsi rsi = new Rsi(14);
        for (int i = 0; i < WILDER.length; i++) {
            rsi.update(WILDER[i]);
            if (i < 14) {
                assertThat(rsi.ready()).isFalse();
                assertThat(rsi.value()).isNaN();
            } else {
                assertThat(rsi.value()).as("RSI at close " + (i + 1)).isCloseTo(WILDER_RSI[i - 14], within(0.005));
            }
        }
        assertThat(rsi.warmUp()).isEqualTo(15);
    }

    @Test
    void smaAndEmaMatchChartSchoolsTable() {
        // The table's closes are shown to two decimals but computed from finer ones, hence 0.01.
        Sma sma = new Sma(10);
        Ema ema = new Ema(10);
        for (int i = 0; i < MA_CLOSES.length; i++) {
            sma.update(MA_CLOSES[i]);
            ema.update(MA_CLOSES[i]);
            if (i < 9) {
                assertThat(ema.value()).isNaN();
                assertThat(sma.value()).isNaN();
            } else {
                assertThat(sma.value()).as("SMA at close " + (i + 1)).isCloseTo(MA_SMA10[i - 9], within(0.01));
                assertThat(ema.value()).as("EMA at close " + (i + 1)).isCloseTo(MA_EMA10[i - 9], within(0.01));
            }
        }
        // The EMA starts from the SMA of the first ten, 222.21 / 10, not from the first close.
        Ema seeded = new Ema(10);
        for (int i = 0; i < 10; i++) {
            seeded.update(MA_CLOSES[i]);
        }
        assertThat(seeded.value()).isCloseTo(22.221, within(1e-12));
        seeded.update(MA_CLOSES[10]);
        assertThat(seeded.value()).isCloseTo(22.221 + (22.15 - 22.221) * 2 / 11, within(1e-12));
    }

    @Test
    void bollingerUsesThePopulationStandardDeviation() {
        // The textbook population example: mean 5, standard deviation exactly 2.
        Bollinger b = new Bollinger(8, 2);
        for (double x : new double[] {2, 4, 4, 4, 5, 5, 7, 9}) {
            b.update(x);
        }
        assertThat(b.value(0)).isEqualTo(5.0);
        assertThat(b.deviation()).isEqualTo(2.0);
        assertThat(b.value(1)).isEqualTo(9.0);
        assertThat(b.value(2)).isEqualTo(1.0);
        assertThat(b.lines()).containsExactly("middle", "upper", "lower");
    }

    @Test
    void atrAndWmaAndObvAndVwapMatchHandWorkedValues() {
        // True ranges 2 (first bar: high - low), 3, 2 -> ATR 7/3; then TR 4 -> (7/3 * 2 + 4) / 3 = 26/9.
        Atr atr = new Atr(3);
        double[][] bars = {{10, 8, 9}, {12, 9, 11}, {13, 11, 12}, {14, 10, 13}};
        for (int i = 0; i < bars.length; i++) {
            atr.update(0, bars[i][2], bars[i][0], bars[i][1], bars[i][2], 1);
            if (i == 2) {
                assertThat(atr.value()).isCloseTo(7.0 / 3, within(1e-12));
            }
        }
        assertThat(atr.value()).isCloseTo(26.0 / 9, within(1e-12));

        Wma wma = new Wma(3);
        wma.update(1);
        wma.update(2);
        assertThat(wma.value()).isNaN();
        wma.update(3);
        assertThat(wma.value()).isCloseTo((1 + 2 * 2 + 3 * 3) / 6.0, within(1e-12));
        wma.update(10);
        assertThat(wma.value()).isCloseTo((2 + 3 * 2 + 10 * 3) / 6.0, within(1e-12));

        Obv obv = new Obv();
        double[][] cv = {{10, 100}, {11, 50}, {10.5, 30}, {10.5, 70}, {12, 20}};
        double[] expected = {0, 50, 20, 20, 40};
        for (int i = 0; i < cv.length; i++) {
            obv.update(0, cv[i][0], cv[i][0], cv[i][0], cv[i][0], cv[i][1]);
            assertThat(obv.value()).isEqualTo(expected[i]);
        }

        Vwap vwap = new Vwap();
        long day = 86_400_000_000L;
        vwap.update(day * 100, 0, 12, 9, 12, 2);        // typical 11
        vwap.update(day * 100 + 60_000_000L, 0, 15, 12, 12, 1); // typical 13
        assertThat(vwap.value()).isCloseTo((11 * 2 + 13) / 3.0, within(1e-12));
        vwap.update(day * 101, 0, 21, 18, 21, 4);       // a new UTC day: a new session
        assertThat(vwap.value()).isCloseTo(20.0, within(1e-12));
    }

    @Test
    void stochasticAndMacdAgreeWithNaiveRecomputation() {
        double[][] bars = walk(5_000, 60_000, 7);
        Stochastic stoch = new Stochastic(14, 3, 3);
        Macd macd = new Macd(12, 26, 9);
        double[] rawK = new double[bars.length];
        double[] k = new double[bars.length];
        double[] macdLine = new double[bars.length];
        for (int i = 0; i < bars.length; i++) {
            double[] b = bars[i];
            stoch.update(i, b[0], b[1], b[2], b[3], b[4]);
            macd.update(i, b[0], b[1], b[2], b[3], b[4]);
            if (i >= 13) {
                double hh = Double.NEGATIVE_INFINITY;
                double ll = Double.POSITIVE_INFINITY;
                for (int j = i - 13; j <= i; j++) {
                    hh = Math.max(hh, bars[j][1]);
                    ll = Math.min(ll, bars[j][2]);
                }
                rawK[i] = 100 * (b[3] - ll) / (hh - ll);
            }
            if (i >= 15) {
                k[i] = (rawK[i] + rawK[i - 1] + rawK[i - 2]) / 3;
                assertThat(stoch.value(0)).as("%K at " + i).isCloseTo(k[i], within(1e-9));
            }
            if (i >= 17) {
                assertThat(stoch.value(1)).as("%D at " + i).isCloseTo((k[i] + k[i - 1] + k[i - 2]) / 3, within(1e-9));
            } else {
                assertThat(stoch.ready()).isFalse();
            }
            if (i >= 25) {
                macdLine[i] = naiveEma(bars, i, 12) - naiveEma(bars, i, 26);
                assertThat(macd.value(0)).as("MACD at " + i).isCloseTo(macdLine[i], within(1e-6));
            }
            if (i >= 33) {
                double signal = naiveEma(macdLine, 25, i, 9);
                assertThat(macd.value(1)).as("signal at " + i).isCloseTo(signal, within(1e-6));
                assertThat(macd.value(2)).isCloseTo(macdLine[i] - signal, within(1e-6));
            } else {
                assertThat(macd.ready()).as("MACD ready at " + i).isFalse();
            }
        }
        assertThat(stoch.warmUp()).isEqualTo(18);
        assertThat(macd.warmUp()).isEqualTo(34);
    }

    @Test
    void windowedIndicatorsDoNotDriftOverLongSeriesAtHighPrices() {
        // A million one-second bars near 60 000 with moves of cents: the windows are re-summed, and
        // the deviation does not cancel catastrophically as sum-of-squares would.
        double[][] bars = walk(1_000_000, 60_000, 11);
        Sma sma = new Sma(50);
        Wma wma = new Wma(50);
        Bollinger boll = new Bollinger(50, 2);
        for (double[] b : bars) {
            sma.update(b[3]);
            wma.update(b[3]);
            boll.update(b[3]);
        }
        int n = bars.length;
        java.math.BigDecimal sum = java.math.BigDecimal.ZERO;
        java.math.BigDecimal weighted = java.math.BigDecimal.ZERO;
        for (int j = 0; j < 50; j++) {
            java.math.BigDecimal v = new java.math.BigDecimal(bars[n - 50 + j][3]);
            sum = sum.add(v);
            weighted = weighted.add(v.multiply(java.math.BigDecimal.valueOf(j + 1)));
        }
        double mean = sum.doubleValue() / 50;
        double m2 = 0;
        for (int j = n - 50; j < n; j++) {
            m2 += (bars[j][3] - mean) * (bars[j][3] - mean);
        }
        assertThat(sma.value()).isCloseTo(mean, within(1e-9));
        assertThat(wma.value()).isCloseTo(weighted.doubleValue() / (50 * 51 / 2.0), within(1e-9));
        assertThat(boll.deviation()).isCloseTo(Math.sqrt(m2 / 50), within(1e-9 * Math.sqrt(m2 / 50) + 1e-9));
    }

    @Test
    void edgeCasesAndTheFactory() {
        Rsi flat = new Rsi(3);
        Rsi rising = new Rsi(3);
        for (int i = 0; i < 6; i++) {
            flat.update(5);
            rising.update(i);
        }
        assertThat(flat.value()).isEqualTo(50.0);
        assertThat(rising.value()).isEqualTo(100.0);

        Indicator i = Indicators.create("macd", Map.of("fast", "5"));
        assertThat(i.describe()).isEqualTo("macd(5,26,9)");
        assertThat(Indicators.create("bollinger", Map.of()).lines()).containsExactly("middle", "upper", "lower");
        assertThat(Indicators.names()).containsExactly("sma", "ema", "wma", "rsi", "macd", "bollinger", "atr", "stochastic",
                "vwap", "obv");
        assertThatThrownBy(() -> Indicators.create("foo", Map.of())).hasMessageContaining("unknown indicator \"foo\"")
                .hasMessageContaining("sma, ema");
        assertThatThrownBy(() -> Indicators.create("rsi", Map.of("period", "0")))
                .hasMessage("rsi period must be a whole number from 1 to 10000, got \"0\"");
        assertThatThrownBy(() -> Indicators.create("rsi", Map.of("length", "3")))
                .hasMessage("rsi takes the parameters period, not \"length\"");
        assertThatThrownBy(() -> Indicators.create("obv", Map.of("period", "3")))
                .hasMessage("obv takes no parameters, not \"period\"");
        assertThatThrownBy(() -> Indicators.create("macd", Map.of("fast", "30")))
                .hasMessageContaining("fast must be shorter than slow");
        assertThatThrownBy(() -> Indicators.create("bollinger", Map.of("k", "x")))
                .hasMessageContaining("bollinger k must be a number");
    }

    /** EMA of closes up to index i, seeded with the SMA of the first n, recomputed from scratch. */
    private static double naiveEma(double[][] bars, int i, int n) {
        double[] closes = new double[i + 1];
        for (int j = 0; j <= i; j++) {
            closes[j] = bars[j][3];
        }
        return naiveEma(closes, 0, i, n);
    }

    private static double naiveEma(double[] xs, int start, int i, int n) {
        double e = 0;
        for (int j = start; j < start + n; j++) {
            e += xs[j];
        }
        e /= n;
        for (int j = start + n; j <= i; j++) {
            e = xs[j] * 2 / (n + 1) + e * (1 - 2.0 / (n + 1));
        }
        return e;
    }

    /** A seeded random walk of bars {open, high, low, close, volume} at cent steps. */
    private static double[][] walk(int n, double start, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[][] bars = new double[n][];
        double price = start;
        for (int i = 0; i < n; i++) {
            double open = price;
            double close = Math.round((open + (r.nextInt(201) - 100) * 0.01) * 100) / 100.0;
            double high = Math.max(open, close) + r.nextInt(50) * 0.01;
            double low = Math.min(open, close) - r.nextInt(50) * 0.01;
            bars[i] = new double[] {open, high, low, close, 0.001 * (1 + r.nextInt(1000))};
            price = close;
        }
        return bars;
    }
}
