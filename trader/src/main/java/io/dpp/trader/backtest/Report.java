package io.dpp.trader.backtest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.dpp.core.time.Timestamps;
import io.dpp.trading.order.Fill;
import io.dpp.trading.portfolio.Position;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The report of a backtest: the run, its metrics, the equity curve, positions and fills, as one
 * JSON document that is the same byte for byte for the same inputs (fields in a fixed order,
 * decimals as exact strings, ratios rounded to 12 significant digits).
 *
 * <p>Metrics: total return; CAGR (null under a day); Sharpe and Sortino from daily returns (the
 * equity at the end of each UTC day against the day before, the first against the starting
 * equity), sample standard deviation, annualised with 365 days (null with fewer than two days);
 * maximum drawdown (fraction of the running peak) and its longest duration (peak to recovery, or to
 * the end); win rate and profit factor over closed trades (each fill that reduces a position, its
 * realised profit net of its fee); exposure (share of equity samples with a position); fees paid
 * and turnover.
 */
public final class Report {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final MathContext RATIO = new MathContext(12);
    private static final long DAY = 86_400_000_000L;

    private Report() {
    }

    /** The report as an ordered tree (for JSON and HTML). */
    public static Map<String, Object> build(Backtest.Result r, Map<String, Object> run) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("run", run);
        root.put("events", r.events());
        root.put("first_event", r.firstEventTime() == Long.MIN_VALUE ? null : Timestamps.toIso(r.firstEventTime()));
        root.put("last_event", r.firstEventTime() == Long.MIN_VALUE ? null : Timestamps.toIso(r.lastEventTime()));
        root.put("orders", r.orders().size());
        root.put("fills", r.fills().size());
        root.put("metrics", metrics(r));
        List<Map<String, Object>> positions = new ArrayList<>();
        for (Position p : r.portfolio().positions()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("venue", p.instrument().venue());
            m.put("symbol", p.instrument().nativeSymbol());
            m.put("quantity", plain(p.quantity()));
            m.put("average_price", plain(p.averagePrice()));
            m.put("realized", plain(p.realized()));
            m.put("unrealized", plain(p.unrealized()));
            m.put("fees", plain(p.fees()));
            m.put("funding", plain(p.funding()));
            positions.add(m);
        }
        root.put("positions", positions);
        Map<String, Object> balances = new LinkedHashMap<>();
        r.portfolio().balances().forEach((k, v) -> balances.put(k, plain(v)));
        root.put("balances", balances);
        List<List<Object>> curve = new ArrayList<>();
        for (int i = 0; i < r.equity().size(); i++) {
            curve.add(List.of(Timestamps.toIso(r.equityTimes().get(i)[0]), plain(r.equity().get(i))));
        }
        root.put("equity", curve);
        List<Map<String, Object>> fills = new ArrayList<>();
        for (Fill f : r.fills()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("time", Timestamps.toIso(f.time()));
            m.put("order", f.orderId());
            m.put("venue", f.instrument().venue());
            m.put("symbol", f.instrument().nativeSymbol());
            m.put("side", f.side().name().toLowerCase());
            m.put("price", plain(f.price()));
            m.put("quantity", plain(f.quantity()));
            m.put("fee", plain(f.fee()));
            m.put("liquidity", f.liquidity().name().toLowerCase());
            if (f.tag() != null) {
                m.put("tag", f.tag());
            }
            fills.add(m);
        }
        root.put("fill_list", fills);
        return root;
    }

    /** The report as JSON. */
    public static String json(Map<String, Object> report) {
        try {
            return JSON.writeValueAsString(report) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static Map<String, Object> metrics(Backtest.Result r) {
        Map<String, Object> m = new LinkedHashMap<>();
        List<BigDecimal> eq = r.equity();
        BigDecimal start = r.startingEquity();
        BigDecimal end = eq.isEmpty() ? start : eq.get(eq.size() - 1);
        double total = start.signum() == 0 ? 0 : end.divide(start, MathContext.DECIMAL64).doubleValue() - 1;
        m.put("starting_equity", plain(start));
        m.put("final_equity", plain(end));
        m.put("total_return", round(total));
        double days = r.firstEventTime() == Long.MIN_VALUE ? 0 : (r.lastEventTime() - r.firstEventTime()) / (double) DAY;
        m.put("cagr", days >= 1 && start.signum() > 0 ? round(Math.pow(1 + total, 365 / days) - 1) : null);
        List<Double> daily = dailyReturns(r, start);
        m.put("days", daily.size());
        m.put("sharpe", sharpe(daily, false));
        m.put("sortino", sharpe(daily, true));
        double peak = Double.NaN;
        long peakTime = 0;
        double maxDd = 0;
        long longest = 0;
        boolean under = false;
        for (int i = 0; i < eq.size(); i++) {
            double e = eq.get(i).doubleValue();
            long t = r.equityTimes().get(i)[0];
            if (Double.isNaN(peak) || e >= peak) {
                if (under) {
                    longest = Math.max(longest, t - peakTime);
                    under = false;
                }
                peak = e;
                peakTime = t;
            } else {
                under = true;
                if (peak > 0) {
                    maxDd = Math.max(maxDd, (peak - e) / peak);
                }
            }
        }
        if (under) {
            longest = Math.max(longest, r.lastEventTime() - peakTime);
        }
        m.put("max_drawdown", round(maxDd));
        m.put("max_drawdown_seconds", longest / 1_000_000.0);
        int wins = 0;
        BigDecimal won = BigDecimal.ZERO;
        BigDecimal lost = BigDecimal.ZERO;
        for (BigDecimal t : r.closedTrades()) {
            if (t.signum() > 0) {
                wins++;
                won = won.add(t);
            } else {
                lost = lost.add(t.negate());
            }
        }
        m.put("closed_trades", r.closedTrades().size());
        m.put("win_rate", r.closedTrades().isEmpty() ? null : round(wins / (double) r.closedTrades().size()));
        m.put("profit_factor", lost.signum() == 0 ? null : round(won.divide(lost, MathContext.DECIMAL64).doubleValue()));
        int exposed = 0;
        for (boolean x : r.exposed()) {
            exposed += x ? 1 : 0;
        }
        m.put("exposure", r.exposed().isEmpty() ? 0.0 : round(exposed / (double) r.exposed().size()));
        m.put("fees", plain(r.portfolio().feesPaid()));
        BigDecimal funding = BigDecimal.ZERO;
        for (Position p : r.portfolio().positions()) {
            funding = funding.add(p.funding());
        }
        m.put("funding", plain(funding));
        m.put("turnover", plain(r.portfolio().turnover()));
        return m;
    }

    /** Equity at the end of each UTC day against the previous day's (the first against the start). */
    static List<Double> dailyReturns(Backtest.Result r, BigDecimal start) {
        List<Double> out = new ArrayList<>();
        BigDecimal previous = start;
        List<BigDecimal> eq = r.equity();
        for (int i = 0; i < eq.size(); i++) {
            long day = Math.floorDiv(r.equityTimes().get(i)[0], DAY);
            boolean lastOfDay = i == eq.size() - 1 || Math.floorDiv(r.equityTimes().get(i + 1)[0], DAY) != day;
            if (lastOfDay) {
                out.add(previous.signum() == 0 ? 0 : eq.get(i).divide(previous, MathContext.DECIMAL64).doubleValue() - 1);
                previous = eq.get(i);
            }
        }
        return out;
    }

    /** Sharpe (or, downside only, Sortino) of daily returns, annualised with 365 days; null when undefined. */
    static Double sharpe(List<Double> daily, boolean downside) {
        int n = daily.size();
        if (n < 2) {
            return null;
        }
        double mean = 0;
        for (double x : daily) {
            mean += x;
        }
        mean /= n;
        double ss = 0;
        for (double x : daily) {
            double d = downside ? Math.min(0, x) : x - mean;
            ss += d * d;
        }
        double sd = Math.sqrt(ss / (n - 1));
        return sd == 0 ? null : round(mean / sd * Math.sqrt(365));
    }

    private static double round(double x) {
        return Double.isFinite(x) ? new BigDecimal(x).round(RATIO).doubleValue() : x;
    }

    private static String plain(BigDecimal d) {
        return d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString();
    }
}
