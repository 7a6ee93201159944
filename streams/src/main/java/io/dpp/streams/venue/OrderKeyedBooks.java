package io.dpp.streams.venue;

import io.dpp.book.Orders;
import io.dpp.core.instrument.Instrument;

/**
 * A decoder whose venue streams orders rather than levels (Independent Reserve): the simulator
 * needs the orders, with the ids the venue's later events name, to write a snapshot of the book.
 */
public interface OrderKeyedBooks {

    /** The orders of an instrument's book, or null when it has none yet. */
    Orders orders(Instrument instrument);
}
