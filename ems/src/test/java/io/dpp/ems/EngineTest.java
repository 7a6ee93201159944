package io.dpp.ems;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dpp.core.decimal.Decimal64;
import io.dpp.core.instrument.Instrument;
import io.dpp.core.instrument.InstrumentType;
import io.dpp.core.model.BookChange;
import io.dpp.core.model.BookSide;
import io.dpp.core.model.FeedState;
import io.dpp.core.model.FeedStatus;
import io.dpp.core.model.Side;
import io.dpp.core.model.Trade;
import io.dpp.runtime.config.ConfigSection;
import io.dpp.runtime.config.DppConfig;
import io.dpp.runtime.db.Database;
import io.dpp.runtime.http.HttpProblem;
import io.dpp.trading.order.OrderType;
import io.dpp.trading.order.TimeInForce;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine over the embedded database: what it acknowledges is in the journal, a restarted
 * engine carries on from it (working orders back at the venue, positions and client order ids
 * kept), cancels travel with the venue's latency, and a burst of concurrent submissions is
 * acknowledged in full.
 */
class EngineTest {

    /** Subclassed for PostgreSQL. */
    EngineTest() {
    }

    private static final Instrument BTC = Instrument.builder("okx", "BTC-USDT").assets("BTC", "USDT").type(InstrumentType.SPOT)
            .tickSize(Decimal64.parseOrThrow("0.1")).lotSize(Decimal64.parseOrThrow("0.00000001")).build();

    @TempDir
    Path data;

    private final List<Engine> engines = new ArrayList<>();
    private final List<EmsDb> dbs = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (Engine e : engines) {
            e.stop(5_000);
        }
        dbs.forEach(EmsDb::close);
    }

    /** The database the engines of a test share: the embedded one here, PostgreSQL in {@link EnginePostgresTest}. */
    Database.Settings database() {
        return new Database.Settings(Optional.empty(), Optional.empty(), Optional.empty(), 2);
    }

    private Database.Settings database;

    private Engine engine(Map<String, String> env) {
        DppConfig config = DppConfig.load(null, env, List.of(new ConfigSection<>("ems", EmsConfig.class, EmsConfig::check)));
        if (database == null) {
            database = database();
        }
        EmsDb db = EmsDb.open(database, data);
        dbs.add(db);
        Engine e = new Engine(config.section(EmsConfig.class), db, new EmsMetrics().register(new PrometheusRegistry()));
        engines.add(e);
        e.start();
        return e;
    }

    private static Reply ask(Engine e, Function<Engine, Reply> work) throws Exception {
        try {
            return e.ask(work).get(10, TimeUnit.SECONDS);
        } catch (ExecutionException x) {
            throw (Exception) x.getCause();
        }
    }

    private static void book(Engine e, long time, String bid, String bidSize, String ask, String askSize) throws Exception {
        BookChange b = new BookChange().begin(true, BookChange.NO_SEQUENCE)
                .addLevel(BookSide.BID, Decimal64.parseOrThrow(bid), Decimal64.parseOrThrow(bidSize))
                .addLevel(BookSide.ASK, Decimal64.parseOrThrow(ask), Decimal64.parseOrThrow(askSize));
        b.instrument(BTC);
        b.times(time, time);
        e.market(() -> e.onBookChange(b));
    }

    private static void trade(Engine e, long time, String price, String amount, Side side) throws Exception {
        Trade t = new Trade().set(Decimal64.parseOrThrow(price), Decimal64.parseOrThrow(amount), side);
        t.instrument(BTC);
        t.times(time, time);
        e.market(() -> e.onTrade(t));
    }

    private static NewOrder order(String id, Side side, OrderType type, String quantity, String price) {
        return new NewOrder("p1", id, "okx", "BTC-USDT", side, type, type == OrderType.LIMIT ? TimeInForce.GTC : TimeInForce.IOC,
                false, false, new BigDecimal(quantity), price == null ? null : new BigDecimal(price), null, null);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> body(Reply r) {
        return (Map<String, Object>) r.body();
    }

    @Test
    void aRestartedEngineCarriesOnFromTheJournal() throws Exception {
        Engine e = engine(Map.of());
        book(e, 1_000, "100.0", "1", "100.1", "2");
        assertThat(ask(e, x -> x.createAccount("u", "p1", "paper")).status()).isEqualTo(201);
        ask(e, x -> x.deposit("u", "p1", "USDT", new BigDecimal("10000")));
        Reply resting = ask(e, x -> x.submit("u", order("c1", Side.BUY, OrderType.LIMIT, "0.5", "99.0")));
        assertThat(resting.status()).isEqualTo(201);
        assertThat(body(resting).get("status")).isEqualTo("new");
        Reply market = ask(e, x -> x.submit("u", order("c2", Side.BUY, OrderType.MARKET, "1", null)));
        assertThat(body(market)).containsEntry("status", "filled").containsEntry("average_price", "100.1").containsEntry("fees", "0.1001");
        // 10000 - 100.1 - 0.1001 (taker fee 0.1%)
        assertThat(body(ask(e, x -> x.account("u", "p1", true))).get("balances")).isEqualTo(Map.of("USDT", "9899.7999"));
        e.stop(5_000);
        engines.remove(e);

        Engine again = engine(Map.of());
        // The same client order id with the same order is the order of before; with another, 409.
        Reply repeat = ask(again, x -> x.submit("u", order("c1", Side.BUY, OrderType.LIMIT, "0.5", "99.0")));
        assertThat(repeat.status()).isEqualTo(200);
        assertThat(body(repeat).get("id")).isEqualTo(body(resting).get("id"));
        assertThatThrownBy(() -> ask(again, x -> x.submit("u", order("c1", Side.BUY, OrderType.LIMIT, "0.6", "99.0"))))
                .isInstanceOf(HttpProblem.class).hasMessageContaining("client_order_id");
        assertThat(body(ask(again, x -> x.account("u", "p1", true))).get("balances")).isEqualTo(Map.of("USDT", "9899.7999"));
        assertThat(body(ask(again, x -> x.account("u", "p1", true))).get("working_orders")).isEqualTo(1);
        // The market data comes back: the working order rejoins the venue and a trade through it fills it.
        book(again, 2_000, "100.0", "2", "100.1", "2");
        trade(again, 3_000, "98.9", "2", Side.SELL);
        ask(again, x -> x.accounts("u"));
        assertThat(dbs.get(1).order(Long.parseLong((String) body(resting).get("id"))).state()).isEqualTo("filled");
        // The position of before the restart (1) plus this fill (0.5): a spot sell of 1.5 is covered.
        Reply sell = ask(again, x -> x.submit("u", order("c3", Side.SELL, OrderType.MARKET, "1.5", null)));
        assertThat(body(sell)).containsEntry("status", "filled").containsEntry("average_price", "100");
        assertThat(dbs.get(1).positions(1).get(0).quantity()).isEqualByComparingTo("0");
    }

    @Test
    void coinsHeldBeforeTradingAreSoldIntoAPositionThatNeverGoesBelowZero() throws Exception {
        Engine e = engine(Map.of());
        book(e, 1_000, "100.0", "3", "100.1", "2");
        ask(e, x -> x.createAccount("u", "p1", "paper"));
        ask(e, x -> x.deposit("u", "p1", "BTC", new BigDecimal("2")));
        // More than the account holds is refused; what it holds sells, from the coins deposited.
        Reply refused = ask(e, x -> x.submit("u", order("too-much", Side.SELL, OrderType.MARKET, "2.5", null)));
        assertThat(refused.status()).isEqualTo(422);
        assertThat(body(refused)).containsEntry("reason", "insufficient_balance");
        assertThat((String) body(refused).get("message")).endsWith("holding 2");
        Reply sell = ask(e, x -> x.submit("u", order("s1", Side.SELL, OrderType.MARKET, "1.5", null)));
        assertThat(body(sell)).containsEntry("status", "filled").containsEntry("average_price", "100");
        // 1.5 x 100 less the taker fee (0.15); the position is flat and realized nothing.
        assertThat(body(ask(e, x -> x.account("u", "p1", true))).get("balances")).isEqualTo(Map.of("BTC", "0.5", "USDT", "149.85"));
        Journal.PositionRow p = dbs.get(0).positions(1).get(0);
        assertThat(p.quantity()).isEqualByComparingTo("0");
        assertThat(p.realized()).isEqualByComparingTo("0");
    }

    @Test
    void cancelsTravelWithTheLatencyAndEveryTransitionIsKept() throws Exception {
        Engine e = engine(Map.of("DPP_EMS_PAPER_LATENCY", "5ms"));
        book(e, 1_000, "100.0", "1", "100.1", "2");
        ask(e, x -> x.createAccount("u", "p1", "paper"));
        ask(e, x -> x.deposit("u", "p1", "USDT", new BigDecimal("1000")));
        Reply r = ask(e, x -> x.submit("u", order("c1", Side.BUY, OrderType.LIMIT, "1", "99.5")));
        assertThat(body(r).get("status")).isEqualTo("pending_new");
        long id = Long.parseLong((String) body(r).get("id"));
        book(e, 7_000, "100.0", "1", "100.1", "2"); // 6 ms later on the market's clock: it arrived
        Reply canceled = ask(e, x -> x.cancel("u", id, "canceled on request"));
        assertThat(body(canceled).get("status")).isEqualTo("pending_cancel");
        book(e, 13_000, "100.0", "1", "100.1", "2");
        ask(e, x -> x.accounts("u"));
        assertThat(dbs.get(0).transitions(dbs.get(0).order(id))).extracting(Journal.EventRow::state)
                .containsExactly("pending_new", "new", "pending_cancel", "canceled");
        assertThatThrownBy(() -> ask(e, x -> x.cancel("other", id, "x"))).isInstanceOf(HttpProblem.class)
                .hasMessageContaining("no order " + id + " of yours");
    }

    @Test
    void aStaleBookRefusesMarketableOrdersButLetsRestingOnesIn() throws Exception {
        Engine e = engine(Map.of());
        book(e, 1_000, "100.0", "1", "100.1", "2");
        ask(e, x -> x.createAccount("u", "p1", "paper"));
        ask(e, x -> x.deposit("u", "p1", "USDT", new BigDecimal("1000")));
        FeedStatus gap = new FeedStatus().set(BTC, FeedState.GAP_DETECTED);
        gap.times(2_000, 2_000);
        e.market(() -> e.onFeedStatus(gap));
        Reply refused = ask(e, x -> x.submit("u", order("c1", Side.BUY, OrderType.MARKET, "1", null)));
        assertThat(refused.status()).isEqualTo(422);
        assertThat(body(refused)).containsEntry("reason", "stale_book");
        assertThat(ask(e, x -> x.submit("u", order("c2", Side.BUY, OrderType.LIMIT, "1", "99.0"))).status()).isEqualTo(201);
        book(e, 3_000, "100.0", "1", "100.1", "2"); // a fresh snapshot: in sync again
        assertThat(ask(e, x -> x.submit("u", order("c3", Side.BUY, OrderType.LIMIT, "1", "100.1"))).status()).isEqualTo(201);
    }

    @Test
    void aBurstOfConcurrentSubmissionsIsAcknowledgedInFullAndJournaledOnce() throws Exception {
        Engine e = engine(Map.of("DPP_EMS_RISK_MAX_OPEN_ORDERS", "10000", "DPP_EMS_RISK_ORDERS_PER_SECOND", "100000"));
        book(e, 1_000, "100.0", "1", "100.1", "2");
        ask(e, x -> x.createAccount("u", "p1", "paper"));
        ask(e, x -> x.deposit("u", "p1", "USDT", new BigDecimal("1000000")));
        List<CompletableFuture<Reply>> replies = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            NewOrder n = order("b" + i, Side.BUY, OrderType.LIMIT, "0.01", "95.0");
            replies.add(e.ask(x -> x.submit("u", n)));
        }
        for (CompletableFuture<Reply> r : replies) {
            assertThat(r.get(30, TimeUnit.SECONDS).status()).isEqualTo(201);
        }
        assertThat(dbs.get(0).orders(List.of(1L), true, 5_000)).hasSize(2_000);
    }

    /** A session listener that records what it receives and runs {@code onEvent} hooks; everything on the engine thread. */
    private static class Recorder implements io.dpp.trading.exec.ExecutionListener {
        io.dpp.trading.exec.ExecutionSession session;
        final List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        volatile Throwable failure;
        java.util.function.Consumer<io.dpp.core.model.MarketEvent> onEvent = e -> { };

        @Override
        public void onOpen(io.dpp.trading.exec.ExecutionSession s) {
            session = s;
        }

        @Override
        public void onEvent(io.dpp.core.model.MarketEvent e) {
            seen.add(e.type() + "@" + e.receiveTime() + " now " + session.now());
            onEvent.accept(e);
        }

        @Override
        public void onTimer(long time) {
            seen.add("timer@" + time);
        }

        @Override
        public void onOrder(io.dpp.trading.order.Order o) {
            seen.add("order " + o.status() + "@" + o.updatedTime());
        }

        @Override
        public void onFill(io.dpp.trading.order.Fill f) {
            seen.add("fill " + f.price().stripTrailingZeros().toPlainString() + "x" + f.quantity().stripTrailingZeros().toPlainString()
                    + "@" + f.time());
        }

        @Override
        public void onFailure(Throwable error) {
            failure = error;
        }
    }

    private static io.dpp.trading.exec.ExecutionSession open(Engine e, String user, String account, String prefix, Recorder r)
            throws Exception {
        return e.open(user, account, prefix, List.<String[]>of(new String[] {"okx", "BTC-USDT"}), r).get(10, TimeUnit.SECONDS);
    }

    @Test
    void aSessionTradesAtItsEventsTimeAndSeesArrivalsBeforeTheNextEventAsABacktestDoes() throws Exception {
        Engine e = engine(Map.of("DPP_EMS_PAPER_LATENCY", "1ms"));
        ask(e, x -> x.createAccount("u", "p1", "paper"));
        ask(e, x -> x.deposit("u", "p1", "USDT", new BigDecimal("10000")));
        Recorder r = new Recorder();
        List<io.dpp.trading.order.Order> sent = new java.util.concurrent.CopyOnWriteArrayList<>();
        r.onEvent = ev -> {
            if (sent.isEmpty() && ev.type() == io.dpp.core.model.EventType.BOOK_CHANGE) {
                // A market buy at the book's time, 1 ms on its way, and a timer 500 us later.
                sent.add(r.session.submit(io.dpp.trading.order.OrderRequest.market(BTC, Side.BUY, new BigDecimal("1"))));
                r.session.timerAt(ev.receiveTime() + 500);
            }
        };
        open(e, "u", "p1", "s7-", r);
        book(e, 10_000, "100.0", "1", "100.1", "2");
        // The next book change, 2 ms later, makes the ask dearer: the order (due at 11 000) fills on the book before it.
        book(e, 12_000, "100.0", "1", "100.5", "2");
        ask(e, x -> x.accounts("u")); // answered once everything before it is durable
        assertThat(r.failure).isNull();
        assertThat(r.seen).containsExactly("BOOK_CHANGE@10000 now 10000", "timer@10500", "fill 100.1x1@11000", "order FILLED@11000",
                "BOOK_CHANGE@12000 now 12000");
        assertThat(sent.get(0).status()).isEqualTo(io.dpp.trading.order.OrderStatus.FILLED);
        Journal.OrderRow row = dbs.get(0).order(sent.get(0).id());
        assertThat(row.clientOrderId()).isEqualTo("s7-1");
        assertThat(row.created()).as("sent at the event's receive time").isEqualTo(10_000);
        assertThat(r.session.portfolio().position(BTC).quantity()).isEqualByComparingTo("1");
    }

    @Test
    void aSessionThatThrowsIsClosedWithItsOrdersCanceledAndNothingElseIsAffected() throws Exception {
        Engine e = engine(Map.of());
        for (String a : List.of("p1", "p2")) {
            ask(e, x -> x.createAccount("u", a, "paper"));
            ask(e, x -> x.deposit("u", a, "USDT", new BigDecimal("10000")));
        }
        Recorder bad = new Recorder();
        List<io.dpp.trading.order.Order> resting = new java.util.concurrent.CopyOnWriteArrayList<>();
        bad.onEvent = ev -> {
            if (resting.isEmpty()) {
                resting.add(bad.session.submit(io.dpp.trading.order.OrderRequest.limit(BTC, Side.BUY, new BigDecimal("1"),
                        new BigDecimal("99.0"))));
            } else {
                throw new IllegalStateException("a bug in the strategy");
            }
        };
        Recorder good = new Recorder();
        open(e, "u", "p1", "s1-", bad);
        open(e, "u", "p2", "s2-", good);
        book(e, 1_000, "100.0", "1", "100.1", "2");
        book(e, 2_000, "100.0", "1", "100.1", "2");
        book(e, 3_000, "100.0", "1", "100.1", "2");
        ask(e, x -> x.accounts("u")); // answered once everything before it is durable
        assertThat(bad.failure).hasMessage("a bug in the strategy");
        assertThat(bad.seen).as("nothing after the failure").hasSize(3); // the first event, the order accepted, the second event
        Journal.OrderRow row = dbs.get(0).order(resting.get(0).id());
        assertThat(row.state()).isEqualTo("canceled");
        assertThat(row.reason()).startsWith("the strategy failed: java.lang.IllegalStateException: a bug in the strategy");
        assertThat(good.seen).as("the other session goes on").hasSize(3);
        assertThat(ask(e, x -> x.submit("u", order("c1", Side.BUY, OrderType.MARKET, "1", null))).status())
                .as("the REST API goes on").isEqualTo(201);
    }

    @Test
    void eachVenueKeepsItsOwnClock() throws Exception {
        Engine e = engine(Map.of());
        ask(e, x -> x.createAccount("u", "p1", "paper"));
        ask(e, x -> x.deposit("u", "p1", "USDT", new BigDecimal("10000")));
        book(e, 1_000, "100.0", "1", "100.1", "2");
        // Another venue's events, recorded a year later, arrive in between (a replay of two captures).
        Instrument other = Instrument.builder("kraken", "XBT/USDT").assets("BTC", "USDT").type(InstrumentType.SPOT)
                .tickSize(Decimal64.parseOrThrow("0.1")).lotSize(Decimal64.parseOrThrow("0.00000001")).build();
        BookChange b = new BookChange().begin(true, BookChange.NO_SEQUENCE)
                .addLevel(BookSide.BID, Decimal64.parseOrThrow("100"), Decimal64.parseOrThrow("1"))
                .addLevel(BookSide.ASK, Decimal64.parseOrThrow("101"), Decimal64.parseOrThrow("1"));
        b.instrument(other);
        long yearLater = 365L * 86_400_000_000L;
        b.times(yearLater, yearLater);
        e.market(() -> e.onBookChange(b));
        Reply r = ask(e, x -> x.submit("u", order("c1", Side.BUY, OrderType.LIMIT, "1", "99.0")));
        long id = Long.parseLong((String) body(r).get("id"));
        assertThat(dbs.get(0).order(id).created()).as("stamped on OKX's clock").isEqualTo(1_000);
    }

    @Test
    void aSessionOpenedAfterARestartTakesBackItsWorkingOrdersAndItsOrderIdsContinue() throws Exception {
        Engine e = engine(Map.of());
        ask(e, x -> x.createAccount("u", "p1", "paper"));
        ask(e, x -> x.deposit("u", "p1", "USDT", new BigDecimal("10000")));
        Recorder r = new Recorder();
        List<io.dpp.trading.order.Order> sent = new java.util.concurrent.CopyOnWriteArrayList<>();
        r.onEvent = ev -> {
            if (sent.isEmpty()) {
                sent.add(r.session.submit(io.dpp.trading.order.OrderRequest.limit(BTC, Side.BUY, new BigDecimal("1"), new BigDecimal("99.0"))));
            }
        };
        open(e, "u", "p1", "s9-", r);
        book(e, 1_000, "100.0", "1", "100.1", "2");
        book(e, 2_000, "100.0", "1", "100.1", "2");
        ask(e, x -> x.accounts("u")); // durable
        e.stop(5_000);
        engines.remove(e);

        Engine again = engine(Map.of());
        Recorder back = new Recorder();
        List<io.dpp.trading.order.Order> more = new java.util.concurrent.CopyOnWriteArrayList<>();
        back.onEvent = ev -> {
            if (more.isEmpty()) {
                more.add(back.session.submit(io.dpp.trading.order.OrderRequest.limit(BTC, Side.BUY, new BigDecimal("1"),
                        new BigDecimal("98.0"))));
            }
        };
        io.dpp.trading.exec.ExecutionSession s = open(again, "u", "p1", "s9-", back);
        // Its order waits for the market data, then is back at the venue as the session's own.
        book(again, 3_000, "100.0", "1", "100.1", "2");
        ask(again, x -> x.accounts("u"));
        List<Long> open = again.call(() -> s.open().stream().map(io.dpp.trading.order.Order::id).toList()).get(10, TimeUnit.SECONDS);
        assertThat(open).containsExactly(sent.get(0).id(), more.get(0).id());
        assertThat(dbs.get(1).order(more.get(0).id()).clientOrderId()).isEqualTo("s9-2");
        // A trade through both fills the resumed one, and the session is told.
        trade(again, 4_000, "97.0", "5", Side.SELL);
        ask(again, x -> x.accounts("u"));
        assertThat(back.seen).contains("fill 99x1@4000", "fill 98x1@4000");
    }

    @Test
    void paperPositionsInPerpetualsPayFundingAtTheFundingTimeJournaledAndKeptAcrossARestart() throws Exception {
        Instrument swap = Instrument.builder("okx", "BTC-USDT-SWAP").assets("BTC", "USDT").type(InstrumentType.PERPETUAL)
                .tickSize(Decimal64.parseOrThrow("0.1")).lotSize(Decimal64.parseOrThrow("0.01")).build();
        Engine e = engine(Map.of());
        ask(e, x -> x.createAccount("u", "p1", "paper"));
        ask(e, x -> x.deposit("u", "p1", "USDT", new BigDecimal("10000")));
        BookChange b = new BookChange().begin(true, BookChange.NO_SEQUENCE)
                .addLevel(BookSide.BID, Decimal64.parseOrThrow("100.0"), Decimal64.parseOrThrow("5"))
                .addLevel(BookSide.ASK, Decimal64.parseOrThrow("100.1"), Decimal64.parseOrThrow("5"));
        b.instrument(swap);
        b.times(1_000, 1_000);
        e.market(() -> e.onBookChange(b));
        NewOrder buy = new NewOrder("p1", "f1", "okx", "BTC-USDT-SWAP", Side.BUY, OrderType.MARKET, TimeInForce.IOC, false, false,
                new BigDecimal("2"), null, null, null);
        assertThat(body(ask(e, x -> x.submit("u", buy)))).containsEntry("status", "filled");
        // A ticker: the rate 0.0001 applies at 5 000, mark 101; nothing is due before then.
        io.dpp.core.model.DerivativeTicker d = new io.dpp.core.model.DerivativeTicker()
                .prices(Decimal64.parseOrThrow("101"), Decimal64.parseOrThrow("101"), Decimal64.parseOrThrow("101"))
                .funding(Decimal64.parseOrThrow("0.0001"), Decimal64.parseOrThrow("0.0001"), 5_000);
        d.instrument(swap);
        d.times(2_000, 2_000);
        e.market(() -> e.onTicker(d));
        ask(e, x -> x.accounts("u"));
        assertThat(dbs.get(0).positions(1).get(0).funding()).isEqualByComparingTo("0");
        BookChange later = new BookChange().copyFrom(b);
        later.times(6_000, 6_000);
        e.market(() -> e.onBookChange(later));
        ask(e, x -> x.accounts("u"));
        // A long of 2 at mark 101 pays 2 x 101 x 0.0001 = 0.0202, once.
        assertThat(dbs.get(0).positions(1).get(0).funding()).isEqualByComparingTo("-0.0202");
        BookChange again = new BookChange().copyFrom(b);
        again.times(7_000, 7_000);
        e.market(() -> e.onBookChange(again));
        // 10000 - 200.2 (2 at 100.1) - 0.2002 (taker fee) - 0.0202 (funding)
        assertThat(body(ask(e, x -> x.account("u", "p1", true))).get("balances")).isEqualTo(Map.of("USDT", "9799.5796"));
        e.stop(5_000);
        engines.remove(e);
        engine(Map.of());
        assertThat(dbs.get(1).positions(1).get(0).funding()).isEqualByComparingTo("-0.0202");
    }
}
