package io.dpp.streams.venue;

import io.dpp.core.instrument.Instrument;
import io.dpp.streams.feed.FeedOutput;
import io.dpp.streams.feed.InstrumentBook;
import io.dpp.streams.feed.PendingMessages;
import io.dpp.streams.json.JsonReader;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * What a decoder needs to bridge a venue's stream of book changes onto REST snapshots (Binance,
 * Bitstamp, Gate.io): the changes that arrive while a book waits for its snapshot are held, per
 * instrument and bounded; a snapshot's URL names its instrument (looked up once per URL); once the
 * snapshot has put the book in sync the held changes are decoded again, in order, until one of them
 * takes the book out of sync, after which the rest wait for the next snapshot.
 *
 * <p>The venue's own rule (which held change straddles the snapshot, what a gap is) stays in the
 * decoder: the bridge only holds and hands back.
 */
public final class SnapshotBridge {

    /** Decodes a held message of a book again, as the change it was, with the receive time it is released at. */
    @FunctionalInterface
    public interface HeldDecoder {
        void decode(InstrumentBook book, byte[] buf, int offset, int length, long receiveTime);
    }

    /** How many changes are held per instrument; the oldest go first, as a later snapshot needs only the newest. */
    static final int MAX_PENDING = 10_000;

    private final JsonReader json;
    private final InstrumentCatalog instruments;
    private final FeedOutput out;
    private final Function<String, String> symbolOfUrl;
    private final HeldDecoder held;
    private final Map<Instrument, PendingMessages> pending = new IdentityHashMap<>();
    private final Map<String, Instrument> snapshotUrls = new HashMap<>();

    /**
     * @param json the decoder's reader, used to report a snapshot for an unknown symbol
     * @param symbolOfUrl the venue's symbol a snapshot URL asks for ("" when it names none), or null
     *     when the URL is not a book snapshot's
     * @param held decodes a held change again once its book's snapshot has arrived
     */
    public SnapshotBridge(JsonReader json, InstrumentCatalog instruments, FeedOutput out,
            Function<String, String> symbolOfUrl, HeldDecoder held) {
        this.json = json;
        this.instruments = instruments;
        this.out = out;
        this.symbolOfUrl = symbolOfUrl;
        this.held = held;
    }

    /** Keeps a copy of a change that must wait for the book's snapshot. */
    public void hold(Instrument instrument, byte[] buf, int offset, int length, long receiveTime) {
        PendingMessages messages = pending.get(instrument);
        if (messages == null) {
            messages = new PendingMessages(MAX_PENDING);
            pending.put(instrument, messages);
        }
        messages.add(buf, offset, length, receiveTime);
    }

    /**
     * The instrument a REST response is the snapshot of, or null when the URL is not a snapshot's;
     * a decode error when it names a symbol the catalog does not know.
     */
    public Instrument instrument(String url, byte[] buf, int offset, int length) {
        Instrument instrument = snapshotUrls.get(url);
        if (instrument != null) {
            return instrument;
        }
        String symbol = symbolOfUrl.apply(url);
        if (symbol == null) {
            return null;
        }
        instrument = instruments.find(symbol);
        if (instrument == null) {
            throw json.reset(buf, offset, length).fail("snapshot for an unknown symbol: " + url);
        }
        snapshotUrls.put(url, instrument);
        return instrument;
    }

    /**
     * Decodes the changes held for a book its snapshot (received at {@code snapshotTime}) has just
     * put in sync. A held change that fails to decode is counted and skipped; one that takes the book
     * out of sync stops the release, and the changes after it stay for the next snapshot.
     */
    public void release(InstrumentBook book, long snapshotTime) {
        PendingMessages messages = pending.get(book.instrument());
        if (messages == null || !book.inSync()) {
            return;
        }
        for (int i = 0; i < messages.size(); i++) {
            try {
                held.decode(book, messages.bytes(), messages.offset(i), messages.length(i), messages.releaseTime(i, snapshotTime));
            } catch (RuntimeException e) {
                out.decodeError(messages.bytes(), messages.offset(i), messages.length(i), e.toString());
            }
            if (!book.inSync()) {
                messages.dropFirst(i + 1);
                return;
            }
        }
        messages.clear();
    }

    /** Forgets every held change (a new connection's changes start afresh). */
    public void clear() {
        pending.values().forEach(PendingMessages::clear);
    }
}
