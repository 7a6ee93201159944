package io.dpp.streams.venue.simulation;

import io.dpp.core.decimal.Decimal64;
import io.dpp.core.instrument.Instrument;
import io.dpp.book.SortedBook;
import io.dpp.streams.venue.Subscription;
import java.util.ArrayDeque;

/**
 * Writes the messages of one stream (a channel of an instrument) as the venue sends them, from a
 * synthetic market's events: its acknowledgement and first messages ({@link #start}), then
 * whatever the channel carries of each event. Messages wait in order until the session takes
 * them. A writer for a book keeps its own copy of the book as sent ({@link #book()}), for the
 * venue's checksums.
 */
public abstract class StreamWriter implements MarketSink {

    /**
     * A written message and its time (epoch micros). With a {@code restUrl} it is no WebSocket
     * message but the venue's REST answer at that URL at that time (a book snapshot the venue's
     * state is rebuilt from; clients fetch their own).
     */
    public record Message(long time, String text, String restUrl) {
    }

    protected final Subscription stream;
    protected final Instrument instrument;
    private final ArrayDeque<Message> out = new ArrayDeque<>();
    private final SortedBook book = new SortedBook();
    private MarketState market;

    protected StreamWriter(Subscription stream, Instrument instrument) {
        this.stream = stream;
        this.instrument = instrument;
    }

    /** The acknowledgement of the subscription (the simulator sends it again on a resubscribe), or null. */
    public abstract String ack();

    /**
     * Writes the first messages: the acknowledgement (if the venue sends one) and, for a book, its
     * snapshot. Writers that carry no book leave {@link #book} as it is, so the snapshot writes
     * nothing for them.
     */
    public void start(MarketState model) {
        this.market = model;
        String ack = ack();
        if (ack != null) {
            emit(model.time(), ack);
        }
        model.snapshot(this);
    }

    /** The book message number of the market's latest book change ({@link MarketState#bookMessages}). */
    protected long bookMessages() {
        return market.bookMessages();
    }

    /** The next message, or null when none is waiting. */
    public Message poll() {
        return out.poll();
    }

    public boolean isEmpty() {
        return out.isEmpty();
    }

    protected void emit(long time, String text) {
        out.add(new Message(time, text, null));
    }

    /** The venue's REST answer at {@code url} (a path with its query) as of {@code time}. */
    protected void emitRest(long time, String url, String body) {
        out.add(new Message(time, body, url));
    }

    /** The book as this writer has sent it: every change applied, as the venue's client applies it. */
    protected SortedBook book() {
        return book;
    }

    /** Applies a step's changes to {@link #book()} (a snapshot replaces it). */
    protected void apply(boolean snapshot, LevelChanges changes) {
        if (snapshot) {
            book.clear();
        }
        for (int i = 0; i < changes.count(); i++) {
            book.set(changes.isBid(i), changes.price(i), changes.size(i));
        }
    }

    // ---- text helpers -----------------------------------------------------------------------------

    /** One level as a venue writes it. */
    @FunctionalInterface
    protected interface LevelFormat {
        void write(StringBuilder sb, long price, long size);
    }

    /** {@code ["price","size"]}, both as strings. */
    protected static final LevelFormat PAIR = (sb, price, size) -> sb.append("[\"").append(dec(price)).append("\",\"")
            .append(dec(size)).append("\"]");

    /** Appends {@code [level,...]}: the changes of one side, in their order, each as {@code format} writes it. */
    protected static StringBuilder side(StringBuilder sb, LevelChanges changes, boolean bid, LevelFormat format) {
        sb.append('[');
        boolean first = true;
        for (int i = 0; i < changes.count(); i++) {
            if (changes.isBid(i) == bid) {
                if (!first) {
                    sb.append(',');
                }
                format.write(sb, changes.price(i), changes.size(i));
                first = false;
            }
        }
        return sb.append(']');
    }

    /** A decimal as the venue writes it: every digit of its scale ("60000.0", "0.01000000"). */
    protected static String dec(long d) {
        return Decimal64.toString(d);
    }

    /** Epoch seconds with six decimals ("1618678117.243818"), from micros. */
    protected static String seconds(long micros) {
        return String.format(java.util.Locale.ROOT, "%d.%06d", micros / 1_000_000, micros % 1_000_000);
    }

    /** Epoch milliseconds, from micros. */
    protected static long millis(long micros) {
        return micros / 1000;
    }

    /** A JSON string literal. */
    protected static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
