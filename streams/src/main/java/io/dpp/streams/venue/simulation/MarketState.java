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

    /** Writes the whole book to {@code sink} as one snapshot step. */
    void snapshot(MarketSink sink);
}
