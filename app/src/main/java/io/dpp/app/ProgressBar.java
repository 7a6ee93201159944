package io.dpp.app;

import java.io.PrintStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * A one-line progress bar on stderr for commands that walk a time range (dpp export, dpp
 * backtest): the share of the range behind the current time, the count so far and the time,
 * redrawn at most five times a second, and only on a terminal.
 */
final class ProgressBar {

    private final long from;
    private final long span;
    private final boolean show;
    private final PrintStream err = System.err;
    private long lastDraw;

    /** A bar over [from, to), shown when {@code show} and stderr is a terminal. */
    ProgressBar(Instant from, Instant to, boolean show) {
        this.from = from.toEpochMilli();
        this.span = Math.max(1, to.toEpochMilli() - this.from);
        this.show = show && System.console() != null;
    }

    /** Progress at an ISO-8601 time (ignored when it does not parse). */
    void at(long count, String isoTime) {
        if (!show || isoTime == null || !due()) {
            return;
        }
        try {
            draw(count, "rows", Instant.parse(isoTime));
        } catch (DateTimeParseException e) {
            // not a time: nothing to draw
        }
    }

    /** Progress at {@code micros} (epoch microseconds), {@code count} of {@code unit} so far. */
    void at(long count, String unit, long micros) {
        if (show && due()) {
            draw(count, unit, Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L));
        }
    }

    private boolean due() {
        long now = System.nanoTime();
        if (now - lastDraw < 200_000_000L) {
            return false;
        }
        lastDraw = now;
        return true;
    }

    private void draw(long count, String unit, Instant time) {
        double f = Math.min(1, Math.max(0, (time.toEpochMilli() - from) / (double) span));
        int filled = (int) Math.round(f * 30);
        err.printf(Locale.ROOT, "\r[%s%s] %5.1f%% %,d %s  %s", "#".repeat(filled), " ".repeat(30 - filled), f * 100, count, unit, time);
    }

    void done(long count, String unit) {
        if (show) {
            err.printf(Locale.ROOT, "\r[%s] 100.0%% %,d %s%s%n", "#".repeat(30), count, unit, " ".repeat(30));
        }
    }
}
