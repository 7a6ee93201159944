package io.dpp.streams.venue;

import io.dpp.core.instrument.Instrument;
import io.dpp.book.LevelIds;

/**
 * A decoder whose venue names book levels by id (BitMEX orderBookL2, Bybit's legacy
 * orderBookL2_25): the simulator needs the ids to write a snapshot the venue's later updates can
 * refer to.
 */
public interface IdKeyedBooks {

    /** The level ids of an instrument's book, or null when it has none yet. */
    LevelIds levelIds(Instrument instrument);
}
