package io.dpp.sim;

/**
 * How the simulator generates its synthetic market.
 *
 * @param seed        every generated market follows from it: the same seed, the same events
 * @param instruments instruments per venue: its usual ones first, then generated ones; 0 for its usual ones
 * @param rate        book and trade events per second per venue, spread over its instruments
 * @param start       time of the markets' first event (epoch micros)
 * @param end         time after which nothing more is sent (epoch micros), or Long.MAX_VALUE for never
 */
public record SyntheticSettings(long seed, int instruments, double rate, long start, long end) {

    /** Most instruments per venue. */
    public static final int MAX_INSTRUMENTS = 1000;
    /** Most events per second per venue. */
    public static final double MAX_RATE = 1_000_000;

    public SyntheticSettings {
        if (instruments < 0 || instruments > MAX_INSTRUMENTS) {
            throw new IllegalArgumentException("--instruments must be from 1 to " + MAX_INSTRUMENTS + " (0: each venue's usual ones), got "
                    + instruments);
        }
        if (!(rate >= 1) || rate > MAX_RATE) {
            throw new IllegalArgumentException("--rate must be from 1 to " + (long) MAX_RATE + " events per second, got " + rate);
        }
        if (end <= start) {
            throw new IllegalArgumentException("the synthetic market must end after it starts");
        }
    }
}
