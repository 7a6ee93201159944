package io.dpp.serve.stream;

import io.dpp.bus.BusConsumer;
import io.dpp.core.decimal.Decimal64;
import io.dpp.core.instrument.Instrument;
import io.dpp.core.json.EventJsonWriter;
import io.dpp.core.model.BookChange;
import io.dpp.core.model.BookSide;
import io.dpp.core.model.EventType;
import io.dpp.core.model.FeedState;
import io.dpp.core.model.FeedStatus;
import io.dpp.core.model.MarketEvent;
import io.dpp.core.time.Timestamps;
import io.dpp.book.SortedBook;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;

/**
 * The core of the live stream, on one thread (a broadcast bus subscription): it owns every
 * subscription and a copy of every book, routes each event to the subscriptions that want it,
 * serializes it once, and queues it for each client with the subscription's id and next sequence
 * number. Clients talk to it through {@link #submit} (run on this thread between events), so a
 * book subscription's snapshot and the changes after it can never interleave wrongly.
 */
final class Fanout implements BusConsumer {

    /** A book as the stream API knows it, and whether it is whole. */
    private static final class Book {
        final SortedBook book = new SortedBook();
        boolean valid;
        long exchangeTime = Timestamps.UNKNOWN;
        long receiveTime = Timestamps.UNKNOWN;
        boolean demo;
        long sequence = BookChange.NO_SEQUENCE;
    }

    private final ConcurrentLinkedQueue<Consumer<Fanout>> commands = new ConcurrentLinkedQueue<>();
    private final Map<Integer, StreamClient> clients = new HashMap<>();
    private long nextQueueSample;
    private volatile int maxQueued;
    private volatile long totalQueued;
    private final EnumMap<Channel, List<Subscription>> byChannel = new EnumMap<>(Channel.class);
    /** Per event type, the subscriptions each instrument (or venue, for venue-wide status) goes to. */
    private final EnumMap<EventType, Map<Object, List<Subscription>>> routes = new EnumMap<>(EventType.class);
    private final Map<Instrument, Book> books = new HashMap<>();
    private final Set<Instrument> seen = new LinkedHashSet<>();
    /** The latest trades of each instrument, newest last, for GET /api/v1/live/trades. */
    private final Map<Instrument, LatestMessages> latestTrades = new HashMap<>();
    static final int LATEST_TRADES = 100;
    private final EventJsonWriter json = new EventJsonWriter();
    private final BookChange snapshot = new BookChange();
    private final long heartbeatNanos;
    private long nextHeartbeat;
    /** Clients with messages queued since the last batch end (each once: {@link StreamClient#dirty}). */
    private final List<StreamClient> dirty = new ArrayList<>();
    private volatile int clientCount;
    private volatile int subscriptionCount;

    /** The latest events of the resumable channels, for clients that reconnect. */
    private final ResumeBuffer resume;
    /** The identity of the bus the positions are of ({@link io.dpp.bus.Bus#identity}). */
    private final String bus;
    /** Events the bus delivered again (a rebalance went back) and the fan-out dropped. */
    private volatile long redelivered;
    private volatile boolean started;
    /** Subscriptions resumed exactly, and those that could not be (started afresh). */
    private volatile long resumed;
    private volatile long resumeFailures;

    /** A fan-out without a bus identity or a resume buffer to speak of: for tests of everything else. */
    Fanout(long heartbeatNanos) {
        this(heartbeatNanos, new ResumeBuffer(1 << 16, 16L << 20), "test");
    }

    Fanout(long heartbeatNanos, ResumeBuffer resume, String bus) {
        this.resume = resume;
        this.bus = bus;
        this.heartbeatNanos = heartbeatNanos;
        this.nextHeartbeat = System.nanoTime() + heartbeatNanos;
        for (Channel c : Channel.values()) {
            byChannel.put(c, new ArrayList<>());
        }
        for (EventType t : EventType.values()) {
            routes.put(t, new HashMap<>());
        }
    }

    /** Runs {@code command} on the fan-out thread, before the next event. */
    void submit(Consumer<Fanout> command) {
        commands.add(command);
    }

    int clients() {
        return clientCount;
    }

    /** Messages queued for the fullest client, sampled each second. */
    int maxQueued() {
        return maxQueued;
    }

    /** Messages queued for all clients, sampled each second. */
    long totalQueued() {
        return totalQueued;
    }

    int subscriptions() {
        return subscriptionCount;
    }

    // ---- events -------------------------------------------------------------------------------

    /** Subscriptions resumed exactly so far. */
    long resumed() {
        return resumed;
    }

    /** Resumes that could not be served exactly (the subscription started afresh, the client told why). */
    long resumeFailures() {
        return resumeFailures;
    }

    /** Events the bus delivered a second time, dropped. */
    long redelivered() {
        return redelivered;
    }

    /** Events in the resume buffer, and its bytes. */
    int resumeEvents() {
        return resume.size();
    }

    long resumeBytes() {
        return resume.bytes();
    }

    @Override
    public void onPartitionStart(int partition, long next) {
        resume.started(partition, next);
        started = true;
    }

    /**
     * True once the bus delivers to the fan-out (Kafka: partitions assigned): before, a client would
     * miss events and could not resume.
     */
    boolean started() {
        return started;
    }

    /** An event without a bus position (tests): not resumable. */
    @Override
    public void onEvent(MarketEvent event) {
        onEvent(event, -1, -1);
    }

    @Override
    public void onEvent(MarketEvent event, int partition, long position) {
        runCommands();
        boolean positioned = partition >= 0;
        if (positioned && !resume.deliver(partition, position)) {
            redelivered++;
            return;
        }
        Instrument instrument = event.instrument();
        if (instrument != null) {
            seen.add(instrument);
        }
        if (event instanceof BookChange b) {
            apply(b);
        } else if (event instanceof FeedStatus s && (s.state() == FeedState.GAP_DETECTED || s.state() == FeedState.DISCONNECTED)) {
            lost(s);
        }
        List<Subscription> targets = route(event);
        boolean resumable = positioned && event.type() != EventType.BOOK_CHANGE;
        byte[] body;
        if (event.type() == EventType.TRADE) {
            int n = serialize(event);
            latestTrades.computeIfAbsent(instrument, i -> new LatestMessages(LATEST_TRADES)).add(json.buffer(), n);
            if (targets.isEmpty() && !resumable) {
                return;
            }
            body = resumable ? positioned(n, partition, position) : java.util.Arrays.copyOf(json.buffer(), n);
        } else if (targets.isEmpty() && !resumable) {
            return;
        } else {
            int n = serialize(event);
            body = resumable ? positioned(n, partition, position) : java.util.Arrays.copyOf(json.buffer(), n);
        }
        if (resumable) {
            resume.add(partition, position, event.type(), instrument != null ? instrument : event.venue(), body);
        }
        boolean conflatable = event.type() == EventType.BOOK_CHANGE || event.type() == EventType.QUOTE;
        for (Subscription s : targets) {
            if (resumable && s.alreadyDelivered(partition, position)) {
                continue;
            }
            if (event instanceof BookChange b) {
                if (b.snapshot()) {
                    s.synced.add(instrument);
                } else if (!s.synced.contains(instrument)) {
                    continue; // no starting snapshot yet for this subscriber: the next one starts it
                }
            }
            send(s, body, conflatable);
        }
    }

    @Override
    public boolean endOfBatch(boolean idle) {
        runCommands();
        flushDirty();
        long now = System.nanoTime();
        for (Subscription s : byChannel.get(Channel.BOOK_SNAPSHOTS)) {
            if (now >= s.nextSnapshotNanos) {
                s.nextSnapshotNanos = now + s.intervalNanos;
                for (Map.Entry<Instrument, Book> e : books.entrySet()) {
                    if (e.getValue().valid && s.matches(e.getKey().venue(), e.getKey())) {
                        send(s, topJson(e.getKey(), e.getValue(), s.depth).getBytes(StandardCharsets.UTF_8), true);
                    }
                }
            }
        }
        for (StreamClient c : clients.values()) {
            if (c.takeResync()) {
                for (Subscription s : c.subscriptions.values()) {
                    if (s.channel == Channel.BOOK_CHANGES) {
                        s.synced.clear();
                        startBooks(s);
                    }
                }
            }
        }
        if (now >= nextQueueSample) {
            // Saturation, once a second: the fullest client queue and all queued messages.
            nextQueueSample = now + 1_000_000_000L;
            int max = 0;
            long total = 0;
            for (StreamClient c : clients.values()) {
                int q = c.queued();
                max = Math.max(max, q);
                total += q;
            }
            maxQueued = max;
            totalQueued = total;
        }
        if (now >= nextHeartbeat) {
            nextHeartbeat = now + heartbeatNanos;
            byte[] beat = heartbeat();
            for (StreamClient c : clients.values()) {
                c.enqueueWhole(beat, false);
                markDirty(c);
            }
        }
        flushDirty();
        return true;
    }

    /**
     * A heartbeat with the cursor of everything delivered so far: a client's subscriptions that
     * were live before it may resume from there.
     */
    private byte[] heartbeat() {
        return ("{\"type\":\"heartbeat\",\"timestamp\":\"" + Timestamps.toIso(Timestamps.now()) + "\",\"cursor\":"
                + resume.cursorJson(bus) + "}").getBytes(StandardCharsets.UTF_8);
    }

    private void flushDirty() {
        for (int i = 0; i < dirty.size(); i++) {
            StreamClient c = dirty.get(i);
            c.dirty = false;
            c.schedule();
        }
        dirty.clear();
    }

    private void markDirty(StreamClient c) {
        if (!c.dirty) {
            c.dirty = true;
            dirty.add(c);
        }
    }

    @Override
    public boolean onClose() {
        runCommands();
        return true;
    }

    private void runCommands() {
        Consumer<Fanout> c = commands.poll();
        if (c == null) {
            return;
        }
        do {
            c.accept(this);
        } while ((c = commands.poll()) != null);
        flushDirty(); // answers go out at once
    }

    private void reply(StreamClient c, String text) {
        c.enqueue(text, false);
        markDirty(c);
    }

    private void apply(BookChange b) {
        Book book = books.computeIfAbsent(b.instrument(), i -> new Book());
        if (b.snapshot()) {
            book.book.clear();
            book.valid = true;
        }
        for (int i = 0; i < b.levelCount(); i++) {
            book.book.set(b.isBid(i), b.price(i), b.size(i));
        }
        book.exchangeTime = b.exchangeTime();
        book.receiveTime = b.receiveTime();
        book.demo = b.demo();
        book.sequence = b.sequence();
    }

    /** A gap or a disconnect: the books concerned are not whole until the venue's next snapshot. */
    private void lost(FeedStatus s) {
        for (Map.Entry<Instrument, Book> e : books.entrySet()) {
            Instrument i = e.getKey();
            if (s.instrument() == null ? i.venue().equals(s.venue()) : i.equals(s.instrument())) {
                e.getValue().valid = false;
                for (Subscription sub : byChannel.get(Channel.BOOK_CHANGES)) {
                    sub.synced.remove(i);
                }
            }
        }
    }

    private List<Subscription> route(MarketEvent event) {
        Object key = event.instrument() != null ? event.instrument() : event.venue();
        Map<Object, List<Subscription>> byKey = routes.get(event.type());
        List<Subscription> list = byKey.get(key);
        if (list == null) {
            list = new ArrayList<>();
            for (Subscription s : byChannel.get(Channel.of(event.type()))) {
                if (s.matches(event.venue(), event.instrument())) {
                    list.add(s);
                }
            }
            byKey.put(key, list);
        }
        return list;
    }

    /** Writes {@code event} as JSON into {@link #json} and returns its length without the line end. */
    private int serialize(MarketEvent event) {
        json.reset().write(event);
        int n = json.length();
        while (n > 0 && json.buffer()[n - 1] == '\n') {
            n--;
        }
        return n;
    }

    /**
     * The JSON object written into {@link #json} ({@code n} bytes) with its bus position added as
     * {@code "pos":[partition,position]}: the body every client that gets the event shares.
     */
    private byte[] positioned(int n, int partition, long position) {
        int end = n - 1; // the closing brace
        int partitionDigits = digits(partition);
        int positionDigits = digits(position);
        byte[] out = java.util.Arrays.copyOf(json.buffer(), end + POS.length + partitionDigits + 1 + positionDigits + 2);
        System.arraycopy(POS, 0, out, end, POS.length);
        int at = decimal(out, end + POS.length, partition, partitionDigits);
        out[at++] = ',';
        at = decimal(out, at, position, positionDigits);
        out[at++] = ']';
        out[at] = '}';
        return out;
    }

    private static final byte[] POS = ",\"pos\":[".getBytes(StandardCharsets.US_ASCII);

    /** Decimal digits of {@code v} (not negative). */
    private static int digits(long v) {
        int d = 1;
        while (v >= 10) {
            v /= 10;
            d++;
        }
        return d;
    }

    /** Writes {@code v} (not negative, {@code digits} long) at {@code at}; returns the index after it. */
    private static int decimal(byte[] out, int at, long v, int digits) {
        for (int i = at + digits - 1; i >= at; i--) {
            out[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        return at + digits;
    }

    /** The event's JSON object as its own array: the body every client that gets the event shares. */
    private byte[] body(MarketEvent event) {
        int n = serialize(event); // first: writing may replace the buffer with a larger one
        return java.util.Arrays.copyOf(json.buffer(), n);
    }

    /**
     * Queues {@code body} (a JSON object, UTF-8) for {@code s} with its next sequence number; the
     * client writes {@code "sub"} and {@code "seq"} in front of it when it sends it.
     */
    private void send(Subscription s, byte[] body, boolean conflatable) {
        if (s.client.closed()) {
            return;
        }
        s.seq++;
        if (!s.client.enqueue(s.id, s.seq, body, conflatable)) {
            submit(f -> f.disconnect(s.client));
            return;
        }
        markDirty(s.client);
        if (dirty.size() >= 1024) {
            flushDirty();
        }
    }

    // ---- commands (fan-out thread) ------------------------------------------------------------

    void connect(StreamClient c) {
        clients.put(c.id, c);
        clientCount = clients.size();
    }

    void disconnect(StreamClient c) {
        if (clients.remove(c.id) == null) {
            return;
        }
        for (Subscription s : c.subscriptions.values()) {
            byChannel.get(s.channel).remove(s);
        }
        c.subscriptions.clear();
        changed();
    }

    /** Registers a checked subscription, acknowledges it, and starts its books. */
    void subscribe(StreamClient c, Subscription s, int max) {
        subscribe(c, s, max, null);
    }

    /**
     * Registers a checked subscription and acknowledges it; with a cursor ({@code from}, a client
     * that reconnected), first queues the buffered events at or after it, when the buffer has all
     * of them, so that the client gets each event once and in order; else it starts afresh and the
     * reply says why ({@code "resumed":false,"reason":...}). Book channels start afresh from a
     * snapshot.
     */
    void subscribe(StreamClient c, Subscription s, int max, ResumeBuffer.Cursor from) {
        if (!clients.containsKey(c.id)) {
            return;
        }
        if (c.subscriptions.size() >= max) {
            reply(c, StreamProtocol.error(s.requestId, 429, "at most " + max + " subscriptions per connection"
                    + (c.grant == null ? "" : " (plan " + c.grant.plan().name() + ")")));
            return;
        }
        c.subscriptions.put(s.id, s);
        byChannel.get(s.channel).add(s);
        changed();
        List<String> matched = new ArrayList<>();
        for (Instrument i : seen) {
            if (s.matches(i.venue(), i)) {
                matched.add(i.nativeSymbol());
            }
        }
        EventType type = s.channel.type;
        String problem = from == null ? null
                : type == null || type == EventType.BOOK_CHANGE ? "a book channel starts again from a snapshot"
                : resume.problem(from, bus, type);
        if (from != null && problem == null) {
            resumed++;
            reply(c, StreamProtocol.subscribed(s, matched, true, null, null));
            resume.replay(from, type, (t, key, message) -> {
                Instrument i = key instanceof Instrument in ? in : null;
                if (s.matches(ResumeBuffer.venueOf(key), i)) {
                    send(s, message, t == EventType.QUOTE);
                }
            });
            s.skipUntil(from, resume.behind(from, type));
            // Where the client stands now, so that a loss right after the replay resumes from here.
            c.enqueueWhole(heartbeat(), false);
            markDirty(c);
            return;
        }
        if (from != null && type != null && type != EventType.BOOK_CHANGE) {
            resumeFailures++;
        }
        reply(c, StreamProtocol.subscribed(s, matched, from == null ? null : false, problem, resume.cursorJson(bus)));
        if (s.channel == Channel.BOOK_CHANGES) {
            startBooks(s);
        }
    }

    void unsubscribe(StreamClient c, String requestId, int subId) {
        Subscription s = c.subscriptions.remove(subId);
        if (s == null) {
            reply(c, StreamProtocol.error(requestId, "no subscription " + subId + " on this connection"));
            return;
        }
        byChannel.get(s.channel).remove(s);
        changed();
        reply(c, "{\"type\":\"unsubscribed\",\"id\":" + StreamProtocol.quote(requestId) + ",\"sub\":" + subId + "}");
    }

    /** Queues a snapshot of every whole book the subscription wants; its changes follow. */
    private void startBooks(Subscription s) {
        for (Map.Entry<Instrument, Book> e : books.entrySet()) {
            Instrument i = e.getKey();
            Book b = e.getValue();
            if (b.valid && s.matches(i.venue(), i) && s.synced.add(i)) {
                snapshot.reset();
                snapshot.instrument(i);
                snapshot.times(b.exchangeTime, b.receiveTime);
                snapshot.begin(true, b.sequence);
                for (boolean bid : new boolean[] {true, false}) {
                    for (int k = 0; k < b.book.depth(bid); k++) {
                        snapshot.addLevel(bid ? BookSide.BID : BookSide.ASK, b.book.price(bid, k), b.book.size(bid, k));
                    }
                }
                send(s, body(snapshot), true);
            }
        }
    }

    private void changed() {
        for (Map<Object, List<Subscription>> m : routes.values()) {
            m.clear();
        }
        int n = 0;
        for (List<Subscription> l : byChannel.values()) {
            n += l.size();
        }
        subscriptionCount = n;
        clientCount = clients.size();
    }

    // ---- REST snapshots of the live state (fan-out thread) --------------------------------------

    /** The instrument of {@code venue} named {@code symbol} (native or normalized) seen on the bus, or null. */
    Instrument find(String venue, String symbol) {
        for (Instrument i : seen) {
            if (i.venue().equals(venue) && (i.nativeSymbol().equals(symbol) || i.normalizedSymbol().equals(symbol))) {
                return i;
            }
        }
        return null;
    }

    /** Every instrument seen on the bus of a venue {@code plan} includes (of {@code venue} when not null), as a JSON array. */
    String instrumentsJson(String venue, io.dpp.runtime.access.Plan plan) {
        StringBuilder sb = new StringBuilder("[");
        for (Instrument i : seen) {
            if (venue != null && !venue.equals(i.venue()) || !plan.allowsVenue(i.venue())) {
                continue;
            }
            Book b = books.get(i);
            sb.append(sb.length() > 1 ? "," : "").append("{\"venue\":\"").append(i.venue()).append("\",\"symbol\":")
                    .append(StreamProtocol.quote(i.nativeSymbol())).append(",\"normalized_symbol\":")
                    .append(StreamProtocol.quote(i.normalizedSymbol())).append(",\"type\":\"")
                    .append(i.type().name().toLowerCase(java.util.Locale.ROOT)).append("\",\"book\":")
                    .append(b == null ? "\"none\"" : b.valid ? "\"in_sync\"" : "\"stale\"").append('}');
        }
        return sb.append(']').toString();
    }

    /** The current book's top {@code depth} levels, or null when there is no whole book. */
    String bookJson(Instrument i, int depth) {
        Book b = books.get(i);
        return b == null || !b.valid ? null : topJson(i, b, depth);
    }

    /** The latest trades, oldest first, as a JSON array of events. */
    String tradesJson(Instrument i, int limit) {
        LatestMessages last = latestTrades.get(i);
        StringBuilder sb = new StringBuilder("[");
        if (last != null) {
            last.appendTo(sb, limit);
        }
        return sb.append(']').toString();
    }

    /** Closes every client with a reason (shutdown). */
    void closeAll(String reason) {
        for (StreamClient c : clients.values()) {
            c.close((short) 1001, reason);
        }
    }

    /** The top {@code depth} levels of a book as a {@code book_snapshot} message. */
    private static String topJson(Instrument i, Book b, int depth) {
        StringBuilder sb = new StringBuilder(128 + depth * 60).append("{\"type\":\"book_snapshot\",\"venue\":\"")
                .append(i.venue()).append("\",\"symbol\":").append(StreamProtocol.quote(i.nativeSymbol()))
                .append(",\"normalized_symbol\":").append(StreamProtocol.quote(i.normalizedSymbol()))
                .append(",\"timestamp\":").append(b.exchangeTime == Timestamps.UNKNOWN ? "null"
                        : "\"" + Timestamps.toIso(b.exchangeTime) + "\"")
                .append(",\"local_timestamp\":\"").append(Timestamps.toIso(b.receiveTime)).append('"');
        if (b.demo) {
            sb.append(",\"demo\":true");
        }
        sb.append(",\"depth\":").append(depth);
        for (boolean bid : new boolean[] {true, false}) {
            sb.append(bid ? ",\"bids\":[" : ",\"asks\":[");
            int n = Math.min(depth, b.book.depth(bid));
            for (int k = 0; k < n; k++) {
                sb.append(k > 0 ? ",[\"" : "[\"").append(Decimal64.toString(b.book.price(bid, k))).append("\",\"")
                        .append(Decimal64.toString(b.book.size(bid, k))).append("\"]");
            }
            sb.append(']');
        }
        return sb.append('}').toString();
    }
}
