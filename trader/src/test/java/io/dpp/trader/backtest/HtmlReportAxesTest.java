package io.dpp.trader.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The report's axes: round value steps, round time steps, and when a pause is a gap in the data. */
class HtmlReportAxesTest {

    @Test
    void valueStepsAreOneTwoOrFiveTimesAPowerOfTen() {
        assertThat(HtmlReport.niceStep(0.23)).isCloseTo(0.5, within(1e-12));
        assertThat(HtmlReport.niceStep(0.2)).isCloseTo(0.2, within(1e-12));
        assertThat(HtmlReport.niceStep(7)).isCloseTo(10, within(1e-12));
        assertThat(HtmlReport.niceStep(1234)).isCloseTo(2000, within(1e-9));
        assertThat(HtmlReport.niceStep(0.00031)).isCloseTo(0.0005, within(1e-15));
    }

    @Test
    void timeStepsAreRound() {
        assertThat(HtmlReport.timeStep(1_700_000)).isEqualTo(2_000_000);
        assertThat(HtmlReport.timeStep(40_000_000)).isEqualTo(60_000_000);
        assertThat(HtmlReport.timeStep(5 * 3_600_000_000L)).isEqualTo(21_600_000_000L);
        assertThat(HtmlReport.timeStep(Long.MAX_VALUE / 2)).as("beyond the longest: the longest").isEqualTo(2_592_000_000_000L);
    }

    @Test
    void aPauseOfTenUsualSpacingsAndAtLeastAMinuteIsAGap() {
        List<Long> every10ms = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            every10ms.add(i * 10_000L);
        }
        assertThat(HtmlReport.gapAfter(every10ms)).as("a quiet minute is no gap").isEqualTo(60_000_000L);
        List<Long> everyMinute = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            everyMinute.add(i * 60_000_000L);
        }
        assertThat(HtmlReport.gapAfter(everyMinute)).isEqualTo(600_000_000L);
        assertThat(HtmlReport.gapAfter(List.of(1L, 2L))).as("too few points to tell").isEqualTo(Long.MAX_VALUE);
    }
}
