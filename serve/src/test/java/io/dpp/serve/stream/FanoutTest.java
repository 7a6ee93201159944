package io.dpp.serve.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.dpp.core.decimal.Decimal64;
import io.dpp.core.instrument.Instrument;
import io.dpp.core.instrument.InstrumentType;
import io.dpp.core.model.BookChange;
import io.dpp.core.model.BookSide;
import io.dpp.core.model.FeedState;
import io.dpp.core.model.FeedStatus;
import io.dpp.core.model.Side;
import io.dpp.core.model.Trade;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The fan-out on its own, driven as the bus drives it (events, then a batch end), to real stream
 * clients over loopback: routing by venue and symbol patterns, sequence numbers per subscription,
 * a book's starting snapshot before its changes (also for a late subscriber, from the fan-out's
 * copy), no book after a gap until the next snapshot, unsubscribing, and the subscription limit.
 */
class FanoutTest {

    private static final Instrument XBT = Instrument.builder("kraken", "XBT/USD").assets("BTC", "USD").type(InstrumentType.SPOT).build();
    private static final Instrument ETH = Instrument.builder("kraken", "ETH/USD").assets("ETH", "USD").type(InstrumentType.SPOT).build();
    private static final Instrument OKX = Instrument.builder("okx", "BTC-USDT").assets("BTC", "USDT").type(InstrumentType.SPOT).build();

    private Vertx vertx;
    private HttpServer server;
    /** Held for the whole test: a WebSocket client nobody references is closed when collected, its connections with it. */
    private io.vertx.core.http.WebSocketClient clients;
    private final BlockingQueue<StreamClient> accepted = new LinkedBlockingQueue<>();
    private final StreamStats stats = new StreamStats();
    private final Fanout fanout = new Fanout(java.util.concurrent.TimeUnit.HOURS.toNanos(1));
    private int ids;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        server = vertx.createHttpServer().requestHandler(req -> {
            req.toWebSocket().onSuccess(ws -> accepted.add(new StreamClient(++ids, ws,
                    io.dpp.runtime.http.WebSocketChannels.channel(ws), vertx.getOrCreateContext(), 10_000, stats)));
        }).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
        clients = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxFrameSize(1 << 20));
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    /** A connected client: the server side, registered with the fan-out, and what the far end receives. */
    private record Client(StreamClient server, BlockingQueue<JsonObject> received) {
        JsonObject next() throws InterruptedException {
            JsonObject m = received.poll(10, TimeUnit.SECONDS);
            assertThat(m).as("a message").isNotNull();
            return m;
        }
    }

    private Client connect() throws Exception {
        BlockingQueue<JsonObject> received = new LinkedBlockingQueue<>();
        clients.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(server.actualPort()).setURI("/"))
                .await(10, TimeUnit.SECONDS).textMessageHandler(t -> received.add(new JsonObject(t)));
        StreamClient c = accepted.poll(10, TimeUnit.SECONDS);
        assertThat(c).isNotNull();
        fanout.connect(c);
        return new Client(c, received);
    }

    private Subscription subscribe(Client c, int id, Channel channel, String venue, String... symbols) {
        Subscription s = new Subscription(id, "r" + id, channel, c.server(), venue, List.of(symbols), 10, 1_000_000_000L);
        fanout.subscribe(c.server(), s, 3);
        return s;
    }

    private static Trade trade(Instrument i, String id, String price) {
        Trade t = new Trade();
        t.instrument(i);
        t.times(1, 2);
        t.id().set(id);
        return t.set(Decimal64.parse(price), Decimal64.parse("1"), Side.BUY);
    }

    private static BookChange book(boolean snapshot, long seq, String bid, String bidSize) {
        BookChange b = new BookChange().begin(snapshot, seq);
        b.instrument(XBT);
        b.times(10, 20);
        b.addLevel(BookSide.BID, Decimal64.parse(bid), Decimal64.parse(bidSize));
        if (snapshot) {
            b.addLevel(BookSide.ASK, Decimal64.parse("101"), Decimal64.parse("1"));
        }
        return b;
    }

    @Test
    void eventsGoToTheSubscriptionsThatMatchThemInOrder() throws Exception {
        Client a = connect();
        Client b = connect();
        fanout.onEvent(trade(XBT, "0", "1")); // seen before anyone subscribed: listed, not sent
        subscribe(a, 1, Channel.TRADES, "kraken", "BTC-USD"); // the normalized name
        subscribe(b, 2, Channel.TRADES, "*", "*");
        fanout.endOfBatch(false);
        JsonObject ack = a.next();
        assertThat(ack.getString("type")).isEqualTo("subscribed");
        assertThat(ack.getString("id")).isEqualTo("r1");
        assertThat(b.next().getString("type")).isEqualTo("subscribed");

        fanout.onEvent(trade(XBT, "1", "100"));
        fanout.onEvent(trade(ETH, "2", "200"));
        fanout.onEvent(trade(OKX, "3", "300"));
        fanout.endOfBatch(false);
        JsonObject first = a.next();
        assertThat(first.getString("type")).isEqualTo("trade");
        assertThat(first.getString("id")).isEqualTo("1");
        assertThat(first.getString("price")).isEqualTo("100");
        assertThat(first.getInteger("sub")).isEqualTo(1);
        assertThat(first.getLong("seq")).isEqualTo(1);
        for (String id : new String[] {"1", "2", "3"}) {
            JsonObject m = b.next();
            assertThat(m.getString("id")).isEqualTo(id);
            assertThat(m.getLong("seq")).isEqualTo(Long.parseLong(id));
        }
        // Unsubscribed, a gets nothing more; b still does.
        fanout.unsubscribe(a.server(), "u1", 1);
        fanout.onEvent(trade(XBT, "4", "101"));
        fanout.endOfBatch(false);
        assertThat(a.next().getString("type")).isEqualTo("unsubscribed");
        assertThat(b.next().getString("id")).isEqualTo("4");
        assertThat(a.received().poll()).isNull();
        assertThat(fanout.subscriptions()).isEqualTo(1);
    }

    @Test
    void booksStartWithASnapshotAndStopAtAGapUntilTheNextOne() throws Exception {
        Client a = connect();
        subscribe(a, 1, Channel.BOOK_CHANGES, "kraken", "XBT/USD");
        fanout.onEvent(book(false, 1, "99", "5")); // a change before any snapshot: nothing to build on
        fanout.onEvent(book(true, 2, "100", "1"));
        fanout.onEvent(book(false, 3, "100", "2"));
        fanout.endOfBatch(false);
        assertThat(a.next().getString("type")).isEqualTo("subscribed");
        JsonObject snapshot = a.next();
        assertThat(snapshot.getBoolean("snapshot")).isTrue();
        assertThat(snapshot.getJsonArray("bids").encode()).isEqualTo("[[\"100\",\"1\"]]");
        assertThat(a.next().getJsonArray("bids").encode()).isEqualTo("[[\"100\",\"2\"]]");
        assertThat(fanout.bookJson(XBT, 5)).contains("\"bids\":[[\"100\",\"2\"]]");

        // A late subscriber starts from the fan-out's copy of the book, then gets the changes.
        Client late = connect();
        subscribe(late, 2, Channel.BOOK_CHANGES, "kraken", "*");
        fanout.onEvent(book(false, 4, "100.5", "3"));
        fanout.endOfBatch(false);
        assertThat(late.next().getString("type")).isEqualTo("subscribed");
        JsonObject start = late.next();
        assertThat(start.getBoolean("snapshot")).isTrue();
        assertThat(start.getJsonArray("bids").encode()).isEqualTo("[[\"100\",\"2\"]]");
        assertThat(start.getLong("sequence")).isEqualTo(3);
        assertThat(late.next().getJsonArray("bids").encode()).isEqualTo("[[\"100.5\",\"3\"]]");

        // A gap: no whole book until the venue's next snapshot.
        FeedStatus gap = new FeedStatus();
        gap.times(30, 30);
        gap.set(XBT, FeedState.GAP_DETECTED);
        fanout.onEvent(gap);
        assertThat(fanout.bookJson(XBT, 5)).isNull();
        fanout.onEvent(book(true, 10, "98", "1"));
        assertThat(fanout.bookJson(XBT, 5)).contains("\"bids\":[[\"98\",\"1\"]]");
    }

    @Test
    void aConnectionHoldsAtMostItsPlansSubscriptions() throws Exception {
        Client a = connect();
        for (int i = 1; i <= 4; i++) {
            subscribe(a, i, Channel.TRADES, "kraken", "XBT/USD");
        }
        fanout.endOfBatch(false);
        for (int i = 1; i <= 3; i++) {
            assertThat(a.next().getString("type")).isEqualTo("subscribed");
        }
        JsonObject refused = a.next();
        assertThat(refused.getString("type")).isEqualTo("error");
        assertThat(refused.getString("id")).isEqualTo("r4");
        assertThat(refused.getString("message")).contains("at most 3 subscriptions per connection");
        fanout.disconnect(a.server());
        assertThat(fanout.subscriptions()).isZero();
        assertThat(fanout.clients()).isZero();
    }

    // ---- resuming ------------------------------------------------------------------------------

    private Subscription resume(Client c, int id, Channel channel, String venue, ResumeBuffer.Cursor from) {
        Subscription s = new Subscription(id, "r" + id, channel, c.server(), venue, List.of("*"), 10, 1_000_000_000L);
        fanout.subscribe(c.server(), s, 3, from);
        return s;
    }

    private static ResumeBuffer.Cursor cursor(String bus, long next) {
        return new ResumeBuffer.Cursor(bus, new int[] {0}, new long[] {next});
    }

    @Test
    void eachEventCarriesItsBusPositionDigitForDigit() throws Exception {
        int partition = 2 * 65536 + 3; // a Kafka partition of the quote topic, as the bus numbers them
        fanout.onPartitionStart(partition, 9_876_543_209L);
        Client a = connect();
        subscribe(a, 1, Channel.TRADES, "kraken", "*");
        fanout.endOfBatch(false);
        a.next(); // subscribed
        fanout.onEvent(trade(XBT, "1", "100"), partition, 9_876_543_210L);
        fanout.onEvent(trade(XBT, "2", "101"), partition, 9_876_543_211L);
        fanout.endOfBatch(false);
        JsonObject first = a.next();
        assertThat(first.getJsonArray("pos").encode()).isEqualTo("[131075,9876543210]");
        assertThat(first.getString("id")).isEqualTo("1");
        assertThat(a.next().getJsonArray("pos").encode()).isEqualTo("[131075,9876543211]");
    }

    @Test
    void aClientThatReconnectsWithItsCursorGetsWhatItMissedOnceAndInOrder() throws Exception {
        fanout.onPartitionStart(0, 0);
        Client a = connect();
        subscribe(a, 1, Channel.TRADES, "kraken", "*");
        fanout.endOfBatch(false);
        JsonObject ack = a.next();
        assertThat(ack.containsKey("resumed")).isFalse();
        assertThat(ack.getJsonObject("cursor").encode()).isEqualTo("{\"bus\":\"test\",\"at\":[[0,0]]}");
        fanout.onEvent(trade(XBT, "1", "100"), 0, 0);
        fanout.onEvent(trade(ETH, "2", "200"), 0, 1);
        fanout.onEvent(trade(OKX, "3", "300"), 0, 2); // not wanted: another venue
        fanout.onEvent(trade(XBT, "4", "101"), 0, 3);
        fanout.endOfBatch(false);
        assertThat(a.next().getJsonArray("pos").encode()).isEqualTo("[0,0]");
        JsonObject second = a.next();
        assertThat(second.getString("id")).isEqualTo("2");
        assertThat(second.getJsonArray("pos").encode()).isEqualTo("[0,1]");
        // The connection is lost after "2": the client's cursor is the position after it.
        fanout.disconnect(a.server());
        fanout.onEvent(trade(XBT, "5", "102"), 0, 4);
        fanout.onEvent(trade(OKX, "6", "301"), 0, 5);
        fanout.endOfBatch(false);

        Client b = connect();
        resume(b, 2, Channel.TRADES, "kraken", cursor("test", 2));
        fanout.onEvent(trade(ETH, "7", "201"), 0, 6);
        fanout.onEvent(trade(ETH, "7", "201"), 0, 6); // the bus delivering it again (a rebalance): dropped
        fanout.endOfBatch(false);
        JsonObject resumed = b.next();
        assertThat(resumed.getString("type")).isEqualTo("subscribed");
        assertThat(resumed.getBoolean("resumed")).isTrue();
        assertThat(resumed.containsKey("cursor")).as("the replay carries the cursor on").isFalse();
        for (String id : new String[] {"4", "5"}) {
            JsonObject m = b.next();
            assertThat(m.getString("id")).isEqualTo(id);
            assertThat(m.getLong("seq")).isEqualTo(Long.parseLong(id) - 3);
        }
        JsonObject beat = b.next();
        assertThat(beat.getString("type")).isEqualTo("heartbeat");
        assertThat(beat.getJsonObject("cursor").encode()).isEqualTo("{\"bus\":\"test\",\"at\":[[0,6]]}");
        JsonObject live = b.next();
        assertThat(live.getString("id")).isEqualTo("7");
        assertThat(live.getLong("seq")).isEqualTo(3);
        assertThat(b.received().poll(200, TimeUnit.MILLISECONDS)).isNull();
        assertThat(fanout.resumed()).isEqualTo(1);
        assertThat(fanout.redelivered()).isEqualTo(1);
    }

    @Test
    void aCursorAheadOfThisReplicaSkipsTheLiveEventsTheClientHad() throws Exception {
        fanout.onPartitionStart(0, 0);
        fanout.onEvent(trade(XBT, "1", "100"), 0, 0);
        fanout.onEvent(trade(XBT, "2", "100"), 0, 1);
        Client b = connect();
        // The replica the client came from had delivered up to position 3.
        resume(b, 1, Channel.TRADES, "kraken", cursor("test", 4));
        fanout.onEvent(trade(XBT, "3", "100"), 0, 2);
        fanout.onEvent(trade(XBT, "4", "100"), 0, 3);
        fanout.onEvent(trade(XBT, "5", "100"), 0, 4);
        fanout.endOfBatch(false);
        assertThat(b.next().getBoolean("resumed")).isTrue();
        assertThat(b.next().getString("type")).isEqualTo("heartbeat");
        JsonObject first = b.next();
        assertThat(first.getString("id")).isEqualTo("5");
        assertThat(first.getLong("seq")).isEqualTo(1);
    }

    @Test
    void aCursorThatCannotBeServedStartsAfreshAndSaysWhy() throws Exception {
        fanout.onPartitionStart(0, 0);
        fanout.onEvent(trade(XBT, "1", "100"), 0, 0);
        Client b = connect();
        resume(b, 1, Channel.TRADES, "kraken", cursor("local-earlier-run", 0));
        resume(b, 2, Channel.BOOK_CHANGES, "kraken", cursor("test", 0));
        resume(b, 3, Channel.TRADES, "kraken", new ResumeBuffer.Cursor("test", new int[] {7}, new long[] {0}));
        fanout.onEvent(trade(XBT, "2", "100"), 0, 1);
        fanout.endOfBatch(false);
        JsonObject other = b.next();
        assertThat(other.getBoolean("resumed")).isFalse();
        assertThat(other.getString("reason")).contains("another bus");
        assertThat(other.getJsonObject("cursor").encode()).isEqualTo("{\"bus\":\"test\",\"at\":[[0,1]]}");
        JsonObject book = b.next();
        assertThat(book.getBoolean("resumed")).isFalse();
        assertThat(book.getString("reason")).contains("snapshot");
        JsonObject missing = b.next();
        assertThat(missing.getBoolean("resumed")).isFalse();
        assertThat(missing.getString("reason")).contains("no position for bus partition 0");
        // Started afresh: the live events from now on.
        assertThat(b.next().getString("id")).isEqualTo("2");
        assertThat(b.next().getString("id")).isEqualTo("2");
        assertThat(fanout.resumeFailures()).isEqualTo(2); // the book channel's fresh start is no failure
    }
}
