package io.dpp.streams.venue.simulation;

/**
 * What a {@link StreamWriter} reads of a synthetic instrument's market when its stream starts:
 * the market's time, its last update id, and its whole book as a snapshot. The simulator's market
 * model implements it.
 */
public interface MarketState {

    /** The time of the market's latest event (epoch micros). */
    long time();

    /** The update id of the market's latest book change. */
    long updateId();

    /**
     * Book change messages since the market's start: the number of the latest, for venues that
     * number each instrument's book messages one by one (HitBTC's s, AscendEX's seqnum, Bybit's u).
     * Counted from the market's start, not the stream's, so that every connection to the venue
     * gets the same numbers, as from a real venue.
     */
    long bookMessages();

    /** Writes the whole book to {@code sink} as one snapshot step. */
    void snapshot(MarketSink sink);
}
