package io.dpp.trader.backtest;

/**
 * What one backtest may keep in memory, counted as it runs: the books of its instruments and the
 * state of its strategy up front, then every order, fill, closed trade, equity sample and pending
 * timer it keeps for its report, each at an upper estimate of its size. A run that would go past
 * the budget stops with a {@link Exceeded} naming what filled it, before the memory is taken, so
 * that one run can never exhaust the process that runs it (and every other service in it).
 */
public final class MemoryBudget {

    /** Estimated bytes of one order kept for the report (the order, its request and its map entry). */
    static final long ORDER_BYTES = 480;
    /** Estimated bytes of one fill kept for the report. */
    static final long FILL_BYTES = 320;
    /** Estimated bytes of one equity sample (time, equity, exposure and mark). */
    static final long SAMPLE_BYTES = 200;
    /** Estimated bytes of one closed trade's result. */
    static final long TRADE_BYTES = 64;
    /** Estimated bytes of one pending timer. */
    static final long TIMER_BYTES = 48;

    /** The run went past its budget; the message says with what. */
    public static final class Exceeded extends IllegalStateException implements io.dpp.runtime.http.PublicMessage {
        Exceeded(String message) {
            super(message);
        }
    }

    private final long limit;
    private long used;

    /** A budget of {@code limitBytes}. */
    public MemoryBudget(long limitBytes) {
        if (limitBytes < 1) {
            throw new IllegalArgumentException("a memory budget must be positive, got " + limitBytes);
        }
        this.limit = limitBytes;
    }

    /** A budget that never refuses (tests and benchmarks that set their own bounds). */
    public static MemoryBudget unlimited() {
        return new MemoryBudget(Long.MAX_VALUE);
    }

    /**
     * Counts {@code bytes} more, for one more of the {@code count} {@code what} kept so far (the
     * message is made only on failure: this is called per order and fill); throws {@link Exceeded}
     * when that passes the budget.
     */
    public void take(long bytes, long count, String what) {
        if (bytes > limit - used) {
            throw new Exceeded("the backtest stopped: it would keep more than " + (limit >> 20) + " MB in memory (trader.backtest."
                    + "max-memory-mb) with " + count + " " + what + "; shorten the range, sample equity less often or place fewer"
                    + " orders");
        }
        used += bytes;
    }

    /** Counts {@code bytes} for something kept from the start ({@code what}: the instruments' books, the graph). */
    public void take(long bytes, String what) {
        if (bytes > limit - used) {
            throw new Exceeded("the backtest cannot start: " + what + " would take more than the " + (limit >> 20)
                    + " MB a run may keep in memory (trader.backtest.max-memory-mb)");
        }
        used += bytes;
    }

    /** Gives back {@code bytes} taken before (a timer that fired). */
    public void give(long bytes) {
        used = Math.max(0, used - bytes);
    }

    /** Bytes counted now. */
    public long used() {
        return used;
    }

    /** The budget, bytes. */
    public long limit() {
        return limit;
    }
}
