package io.dpp.streams;

import io.dpp.core.instrument.Instrument;
import io.dpp.core.model.BookChange;
import io.dpp.core.model.MarketEventListener;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Watches the book changes a feed publishes for what a consumer that rebuilds books by receive
 * time needs (book at a time, the recorder's checkpoints): per instrument, no change is stamped
 * earlier than the one before it, above all not earlier than the snapshot it applies on. Counts
 * the changes that follow a snapshot, so that a check of nothing shows.
 */
public final class BookTimeOrder implements MarketEventListener {

    private final Map<Instrument, Long> last = new IdentityHashMap<>();
    private final Map<Instrument, Boolean> afterSnapshot = new IdentityHashMap<>();
    /** Each change stamped before the change published just before it, described. */
    public final List<String> backwards = new ArrayList<>();
    /** Changes published right after a snapshot of their book. */
    public int firstChangesAfterSnapshots;

    @Override
    public void onBookChange(BookChange c) {
        Instrument i = c.instrument();
        Long before = last.get(i);
        if (before != null && c.receiveTime() < before) {
            backwards.add(i.nativeSymbol() + " sequence " + c.sequence() + " at " + c.receiveTime() + " after " + before
                    + (c.snapshot() ? " (a snapshot)" : ""));
        }
        if (!c.snapshot() && Boolean.TRUE.equals(afterSnapshot.get(i))) {
            firstChangesAfterSnapshots++;
        }
        afterSnapshot.put(i, c.snapshot());
        last.put(i, c.receiveTime());
    }
}
