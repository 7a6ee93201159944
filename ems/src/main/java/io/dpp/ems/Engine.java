package io.dpp.ems;

import io.dpp.core.decimal.Decimal64;
import io.dpp.core.instrument.Instrument;
import io.dpp.core.instrument.InstrumentType;
import io.dpp.core.model.BookChange;
import io.dpp.core.model.FeedState;
import io.dpp.core.model.FeedStatus;
import io.dpp.core.model.Side;
import io.dpp.core.model.Trade;
import io.dpp.core.time.Timestamps;
import io.dpp.runtime.http.HttpProblem;
import io.dpp.trading.order.Fill;
import io.dpp.trading.order.Order;
import io.dpp.trading.order.OrderRequest;
import io.dpp.trading.order.OrderStatus;
import io.dpp.trading.order.OrderType;
import io.dpp.trading.order.TimeInForce;
import io.dpp.trading.portfolio.Portfolio;
import io.dpp.trading.portfolio.Position;
import io.dpp.trading.venue.FeeSchedule;
import io.dpp.trading.venue.SimulatedExchange;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The EMS's one writer: every request (orders, cancels, accounts, limits, kill switches) and every
 * market event the paper venue needs runs on its thread, in the order it arrived, so that the
 * state needs no locks and the journal sees changes in the order they happened.
 *
 * <p>What a request changes is added to the current {@link Journal} batch; the batch goes to the
 * journal writer once the engine has nothing more to do at once, and the writer commits the
 * batches waiting for it in one transaction (group commit). A request is answered only when the
 * batch holding its changes (and every change before) is durable, so an acknowledged order or fill
 * survives a crash at any moment; a crash loses only changes nobody was told of. If the database
 * fails, the engine refuses everything from then on (503): its memory may be ahead of the
 * journal, and a restart reloads the journal.
 *
 * <p>The paper venue is the backtester's fill model ({@link SimulatedExchange}) fed with the live
 * book changes and trades of the bus; its clock is the receive time of those events.
 */
final class Engine implements SimulatedExchange.Listener, io.dpp.trading.exec.ExecutionHost {

    private static final Logger LOG = LoggerFactory.getLogger(Engine.class);
    private static final int BURST = 4096;
    static final String GLOBAL_KILL = "global_kill_switch";

    private final EmsConfig config;
    private final Limits defaults;
    /** The larger of the paper venue's fee rates (at least 0), for the risk checks, and as a double for their fast path. */
    private final BigDecimal maxFee;
    private final double maxFeeRate;
    private final EmsDb db;
    private final EmsMetrics metrics;
    /** The paper venue of each trading venue the bus has shown, by venue id. */
    private final Map<String, Paper> papers = new HashMap<>();
    private final FeeSchedule fees;
    private final long latencyMicros;
    private final BlockingQueue<Runnable> inbox;
    private final LinkedBlockingQueue<Journal> toWrite = new LinkedBlockingQueue<>();
    private final Thread thread;
    private final Thread writer;
    private volatile boolean running = true;
    /** Set by the writer when a batch could not be written: nothing is accepted from then on. */
    private volatile Throwable journalFailure;
    private Journal current = new Journal();

    private final io.dpp.runtime.events.UserEvents events;
    /** Owner and name of every account, by id: read by the journal thread to address events. */
    private final Map<Long, String[]> owners = new ConcurrentHashMap<>();
    private final Map<Long, TradingAccount> accounts = new HashMap<>();
    private final Map<String, TradingAccount> byName = new HashMap<>();
    private final Map<Long, EmsOrder> working = new HashMap<>();
    private final Map<String, Instrument> instruments = new HashMap<>();
    /** Instruments as events carry them, to the engine's own: the lookup every event makes. */
    private final Map<Instrument, Instrument> seenInstruments = new HashMap<>();
    private final Set<Instrument> staleBooks = new HashSet<>();
    private final Set<String> staleVenues = new HashSet<>();
    /** Working orders and positions kept from before a restart, until their instrument shows up on the bus. */
    private final Map<String, List<Journal.OrderRow>> parkedOrders = new HashMap<>();
    private final Map<String, List<Journal.PositionRow>> parkedPositions = new HashMap<>();
    /** Last prices (trades) of instruments someone holds, for unrealised profit; read by the API threads. */
    private final Map<String, BigDecimal> marks = new ConcurrentHashMap<>();
    /** The inverse contracts among the instruments known (venue and symbol), for the API's threads. */
    private final java.util.Set<String> inverse = ConcurrentHashMap.newKeySet();
    private final Set<Instrument> held = new HashSet<>();
    /** Strategy sessions by the instruments they receive; those waiting for an instrument by its keys. */
    private final Map<Instrument, List<Session>> sessionsOf = new HashMap<>();
    private final Map<String, List<Session>> sessionsWaiting = new HashMap<>();
    private final List<Session> sessions = new ArrayList<>();
    /** When the market events being handled were handed to the engine (System.nanoTime), for the sessions' lag. */
    private volatile long handedOver = System.nanoTime();
    private long nextTimer;
    private long nextOrderId;
    private long nextFillId;
    private long nextAccountId;
    private boolean globalKill;
    private String globalReason;
    /** Opens live accounts' venues (null: this process trades on the paper venue only). */
    private io.dpp.ems.live.LiveAccounts liveAccounts;
    /** The venue of each live account whose live flag is on, by account id, once opened. */
    private final Map<Long, io.dpp.ems.live.LiveVenue> liveVenues = new HashMap<>();
    /** The private stream of each live account whose venue has one DPP speaks, by account id. */
    private final Map<Long, io.dpp.ems.live.VenueStream> streams = new HashMap<>();
    /** Live accounts whose venue is being opened. */
    private final Set<Long> opening = new HashSet<>();
    /** The reply of the request being handled, which a live order may keep to answer with the venue's acknowledgement. */
    private CompletableFuture<Reply> asking;
    private final java.util.concurrent.ScheduledExecutorService poller = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "ems-live-poll");
        t.setDaemon(true);
        return t;
    });

    Engine(EmsConfig config, EmsDb db, EmsMetrics metrics) {
        this(config, db, metrics, null);
    }

    /** @param events where the private channels of the live stream take each user's events, or null */
    Engine(EmsConfig config, EmsDb db, EmsMetrics metrics, io.dpp.runtime.events.UserEvents events) {
        this.events = events;
        this.config = config;
        this.defaults = Limits.defaults(config.risk());
        this.maxFee = config.paper().takerFee().max(config.paper().makerFee()).max(BigDecimal.ZERO);
        this.maxFeeRate = maxFee.doubleValue();
        this.db = db;
        this.metrics = metrics;
        this.latencyMicros = config.paper().latency().toNanos() / 1_000;
        this.fees = FeeSchedule.flat(config.paper().makerFee(), config.paper().takerFee());
        this.inbox = new ArrayBlockingQueue<>(config.maxPending());
        load(db.load());
        this.thread = new Thread(this::run, "ems-engine");
        this.writer = new Thread(this::write, "ems-journal");
        thread.setDaemon(true);
        writer.setDaemon(true);
    }

    /** Live trading through {@code live}; called before {@link #start}. */
    void live(io.dpp.ems.live.LiveAccounts live) {
        this.liveAccounts = live;
    }

    void start() {
        writer.start();
        thread.start();
        if (liveAccounts != null) {
            long every = config.live().pollInterval().toMillis();
            poller.scheduleWithFixedDelay(() -> inbox.offer(this::pollLive), every, every, TimeUnit.MILLISECONDS);
            long check = config.live().balanceCheckInterval().toMillis();
            poller.scheduleWithFixedDelay(() -> inbox.offer(this::checkBalances), check, check, TimeUnit.MILLISECONDS);
            long deadMan = config.live().cancelOnDisconnect().toMillis();
            if (deadMan > 0) {
                poller.scheduleWithFixedDelay(() -> inbox.offer(this::renewDeadMan), 0, deadMan / 4, TimeUnit.MILLISECONDS);
            }
            inbox.offer(() -> {
                for (TradingAccount a : accounts.values()) {
                    if (a.isLive() && a.live) {
                        openLive(a, null);
                    }
                }
            });
        }
    }

    /** Stops taking work, finishes what is queued, and writes the last batch. */
    void stop(long budgetMillis) throws InterruptedException {
        poller.shutdownNow();
        running = false;
        thread.join(Math.max(1, budgetMillis / 2));
        streams.values().forEach(io.dpp.ems.live.VenueStream::close); // the engine thread has stopped
        toWrite.add(new Journal()); // wakes the writer to see it should stop once empty
        writer.join(Math.max(1, budgetMillis / 2));
    }

    // ---- the way in ----------------------------------------------------------------------------

    /**
     * Runs {@code work} on the engine thread; its reply completes the future. 503 at once when the
     * engine has {@code ems.max-pending} requests waiting or its journal failed.
     */
    CompletableFuture<Reply> ask(java.util.function.Function<Engine, Reply> work) {
        CompletableFuture<Reply> reply = new CompletableFuture<>();
        if (journalFailure != null) {
            reply.completeExceptionally(journalDown());
            return reply;
        }
        boolean queued = inbox.offer(() -> {
            try {
                asking = reply;
                Reply r = work.apply(this);
                if (r != null) {
                    afterDurable(reply, r);
                }
            } catch (HttpProblem p) {
                reply.completeExceptionally(p);
            } catch (RuntimeException e) {
                LOG.error("EMS request failed", e);
                reply.completeExceptionally(e);
            } finally {
                asking = null;
            }
        });
        if (!queued) {
            metrics.busy();
            reply.completeExceptionally(new HttpProblem(503, "busy", config.maxPending() + " requests are waiting for the EMS; retry shortly"));
        }
        return reply;
    }

    /** A market event for the paper venue (copied by the caller); waits while the engine is full. */
    void market(Runnable event) throws InterruptedException {
        inbox.put(event);
    }

    /** Whether the instrument is an inverse contract ({@link io.dpp.trading.portfolio.Contracts#inverse}), once the engine knows it. */
    boolean inverse(String venueId, String symbol) {
        return inverse.contains(key(venueId, symbol));
    }

    /** The last price of an instrument someone holds, or null. */
    BigDecimal mark(String venueId, String symbol) {
        return marks.get(venueId + "\u0000" + symbol);
    }

    private void afterDurable(CompletableFuture<Reply> reply, Reply r) {
        current.waiter(new Journal.Waiter() {
            @Override
            public void durable() {
                reply.complete(r);
            }

            @Override
            public void failed(Throwable cause) {
                reply.completeExceptionally(journalDown());
            }
        });
    }

    private HttpProblem journalDown() {
        return new HttpProblem(503, "unavailable", "the EMS cannot write its journal (" + db.description()
                + "); it accepts nothing until restarted");
    }

    // ---- the threads ---------------------------------------------------------------------------

    private void run() {
        try {
            while (running || !inbox.isEmpty()) {
                Runnable task = inbox.poll(100, TimeUnit.MILLISECONDS);
                if (task == null) {
                    continue;
                }
                int n = 0;
                do {
                    task.run();
                } while (++n < BURST && (task = inbox.poll()) != null);
                handOff();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            LOG.error("the EMS engine stopped", e);
            journalFailure = e;
        } finally {
            handOff();
        }
    }

    private void handOff() {
        if (!current.isEmpty()) {
            toWrite.add(current);
            current = new Journal();
        }
    }

    private void write() {
        while (true) {
            Journal j;
            try {
                j = toWrite.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (j == null) {
                if (!running && !thread.isAlive() && toWrite.isEmpty()) {
                    return;
                }
                continue;
            }
            for (Journal more; (more = toWrite.poll()) != null; ) {
                j.add(more);
            }
            if (j.isEmpty()) {
                if (!running && !thread.isAlive() && toWrite.isEmpty()) {
                    return;
                }
                continue;
            }
            long start = System.nanoTime();
            Throwable failure = journalFailure;
            if (failure == null) {
                try {
                    db.write(j);
                    metrics.committed(j.rows(), System.nanoTime() - start);
                } catch (Exception e) {
                    failure = e;
                    journalFailure = e;
                    metrics.journalFailed();
                    LOG.error("the EMS journal cannot be written to {}: the EMS refuses everything until restarted", db.description(), e);
                }
            }
            for (Journal.Waiter w : j.waiters) {
                if (failure == null) {
                    w.durable();
                } else {
                    w.failed(failure);
                }
            }
            if (failure == null && events != null) {
                publish(j);
            }
        }
    }

    /** Sends what a durable batch changed to the private channels of the users it belongs to. */
    private void publish(Journal j) {
        for (Journal.OrderRow o : j.orders.values()) {
            String[] who = owners.get(o.accountId());
            if (who != null && events.listened(who[0])) {
                events.publish(who[0], "orders", event("order", EmsApi.orderView(o, who[1])));
            }
        }
        for (Journal.FillRow f : j.fills) {
            String[] who = owners.get(f.accountId());
            if (who != null && events.listened(who[0])) {
                events.publish(who[0], "fills", event("fill", EmsApi.fillView(f, who[1])));
            }
        }
        for (Journal.PositionRow p : j.positions.values()) {
            String[] who = owners.get(p.accountId());
            if (who != null && events.listened(who[0])) {
                events.publish(who[0], "positions", event("position", EmsApi.positionView(who[1], p, mark(p.venue(), p.symbol()),
                        inverse(p.venue(), p.symbol()))));
            }
        }
        for (Journal.BalanceRow b : j.balances.values()) {
            String[] who = owners.get(b.accountId());
            if (who != null && events.listened(who[0])) {
                events.publish(who[0], "balances", event("balance", EmsApi.balanceView(who[1], b)));
            }
        }
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper EVENT_JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    /** An event of a private channel: its type, and under {@code data} the same object as the REST answer. */
    private static byte[] event(String type, Map<String, Object> fields) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", type);
        m.put("data", fields);
        try {
            return EVENT_JSON.writeValueAsBytes(m);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- the state at start ------------------------------------------------------------------

    private void load(EmsDb.State s) {
        nextOrderId = s.lastOrderId() + 1;
        nextFillId = s.lastFillId() + 1;
        nextAccountId = s.lastAccountId() + 1;
        for (Journal.AccountRow r : s.accounts()) {
            TradingAccount a = new TradingAccount(r.id(), r.owner(), r.name(), r.kind(), r.created());
            a.killed = r.killed();
            a.killReason = r.reason();
            a.venue = r.venue();
            a.credential = r.credential();
            a.live = r.live();
            accounts.put(a.id, a);
            byName.put(key(a.owner, a.name), a);
            owners.put(a.id, new String[] {a.owner, a.name});
        }
        for (Journal.BalanceRow b : s.balances()) {
            TradingAccount a = accounts.get(b.accountId());
            if (a != null) {
                a.portfolio.deposit(b.asset(), b.amount());
            }
        }
        for (Journal.LimitsRow l : s.limits()) {
            TradingAccount a = accounts.get(l.accountId());
            if (a != null) {
                a.own = l.limits();
            }
        }
        for (Journal.OrderRow r : s.clientIds()) {
            TradingAccount a = accounts.get(r.accountId());
            if (a != null) {
                a.clientIds.put(r.clientOrderId(), r.id());
            }
        }
        for (String[] t : s.venueTrades()) {
            TradingAccount a = accounts.get(Long.parseLong(t[0]));
            if (a != null) {
                a.venueTrades.add(io.dpp.trading.live.OrderProtocol.tradeKey(a.venue, t[1], t[2]));
            }
        }
        for (Journal.PositionRow p : s.positions()) {
            parkedPositions.computeIfAbsent(key(p.venue(), p.symbol()), k -> new ArrayList<>()).add(p);
        }
        for (Journal.OrderRow o : s.openOrders()) {
            TradingAccount a = accounts.get(o.accountId());
            if (a != null) {
                parkedOrders.computeIfAbsent(key(o.venue(), o.symbol()), k -> new ArrayList<>()).add(o);
                a.parked.put(o.id(), o);
            }
        }
        globalKill = s.settings().containsKey(GLOBAL_KILL);
        globalReason = s.settings().get(GLOBAL_KILL);
        metrics.globalKill(globalKill);
        LOG.info("EMS state loaded from {}: {} trading accounts, {} working orders", db.description(), accounts.size(),
                s.openOrders().size());
    }

    // ---- market events (engine thread) --------------------------------------------------------

    /**
     * The paper venue of one trading venue: the backtester's fill model, its clock (the latest
     * receive time of the venue's events: recorded traffic replayed from different days keeps each
     * venue on its own time), the cancels and replaces on their way, and the sessions' timers.
     */
    private final class Paper {
        final SimulatedExchange exchange;
        long clock;
        /** Orders with a cancel or replace on its way to the venue, by when it arrives. */
        final List<EmsOrder> inFlight = new ArrayList<>();
        final java.util.PriorityQueue<long[]> timers = new java.util.PriorityQueue<>((x, y) -> x[0] != y[0]
                ? Long.compare(x[0], y[0]) : Long.compare(x[1], y[1]));
        final Map<Long, Session> timerOwners = new HashMap<>();
        /** Funding of perpetuals from the venue's derivative tickers, booked at each funding time on the venue's clock. */
        final io.dpp.trading.portfolio.Funding funding = new io.dpp.trading.portfolio.Funding();

        Paper() {
            this.exchange = new SimulatedExchange(latencyMicros, fees, o -> {
                EmsOrder e = working.get(o.id());
                return e == null ? BigDecimal.ZERO : e.account.portfolio.position(o.request().instrument()).quantity();
            }, Engine.this);
        }
    }

    private Paper paper(String venueId) {
        return papers.computeIfAbsent(venueId, v -> new Paper());
    }

    /** The clock of {@code venueId}'s paper venue (0 before its first event). */
    private long clock(String venueId) {
        Paper p = papers.get(venueId);
        return p == null ? 0 : p.clock;
    }

    /** The clock an order's changes are stamped with: its venue's, never before the order's own last change. */
    private long clock(EmsOrder e) {
        if (e.live) {
            return Math.max(Timestamps.now(), e.order.updatedTime()); // a venue's order lives on the wall clock
        }
        return Math.max(clock(e.request().instrument().venue()), e.order.updatedTime());
    }

    /** Tells the sessions' lag when the events about to be handled reached the engine. */
    void handedOver(long nanos) {
        handedOver = nanos;
    }

    /**
     * The market moves to {@code time} on a venue: the sessions' timers due by then fire, each after
     * the requests that reached the venue before it, then every request due by then is carried out;
     * only then does the venue take the event at {@code time} (as a backtest orders them).
     */
    private Paper moveTo(Instrument i, long time) {
        Paper p = paper(i.venue());
        if (time > p.clock) {
            p.clock = time;
        }
        p.funding.settle(p.clock, this::fund);
        while (!p.timers.isEmpty() && p.timers.peek()[0] <= p.clock) {
            long[] due = p.timers.poll();
            arrive(p, due[0]);
            Session s = p.timerOwners.remove(due[1]);
            if (s != null) {
                s.timer(due[0]);
            }
        }
        arrive(p, p.clock);
        return p;
    }

    void onBookChange(BookChange b) {
        Instrument i = known(b.instrument());
        Paper p = moveTo(i, b.receiveTime());
        try {
            p.exchange.onBookChange(b);
        } catch (IllegalArgumentException e) {
            metrics.unusableEvent();
            if (staleBooks.add(i)) {
                LOG.warn("the paper venue cannot apply a book change of {} {} and refuses marketable orders on it until its next"
                        + " snapshot: {}", i.venue(), i.nativeSymbol(), e.getMessage());
            }
            return;
        }
        if (b.snapshot()) {
            staleBooks.remove(i);
        }
        List<Journal.OrderRow> parked = parkedOrders.remove(key(i.venue(), i.nativeSymbol()));
        if (parked != null) {
            for (Journal.OrderRow r : parked) {
                resume(i, r); // on the book as it stands now, as a new arrival
            }
            arrive(p, p.clock);
        }
        dispatch(i, b);
    }

    void onTrade(Trade t) {
        Instrument i = known(t.instrument());
        Paper p = moveTo(i, t.receiveTime());
        p.exchange.onTrade(t);
        if (held.contains(i)) {
            marks.put(key(i.venue(), i.nativeSymbol()), Decimal64.toBigDecimal(t.price()));
        }
        dispatch(i, t);
    }

    /** A derivative ticker: its funding rate and time for the paper positions, then the sessions of its instrument. */
    void onTicker(io.dpp.core.model.DerivativeTicker d) {
        Instrument i = known(d.instrument());
        Paper p = moveTo(i, d.receiveTime());
        p.funding.onTicker(d);
        dispatch(i, d);
    }

    /** A funding time of a perpetual was reached: every paper position in it pays or receives, journaled. */
    private void fund(Instrument instrument, BigDecimal mark, BigDecimal rate) {
        Instrument i = known(instrument);
        String quote = Portfolio.quoteOf(i);
        for (TradingAccount a : accounts.values()) {
            for (Position p : a.portfolio.positions()) {
                if (p.instrument().equals(i) && p.quantity().signum() != 0) {
                    a.portfolio.funding(i, io.dpp.trading.portfolio.Funding.payment(i, p.quantity(), mark, rate));
                    current.position(new Journal.PositionRow(a.id, i.venue(), i.nativeSymbol(), p.quantity(), p.averagePrice(),
                            p.realized(), p.fees(), p.funding()));
                    current.balance(new Journal.BalanceRow(a.id, quote, a.portfolio.cash(quote)));
                    metrics.funding();
                    break;
                }
            }
        }
    }

    void onFeedStatus(FeedStatus s) {
        boolean down = s.state() == FeedState.DISCONNECTED || s.state() == FeedState.STALE || s.state() == FeedState.GAP_DETECTED;
        Instrument i = s.instrument();
        if (i == null) {
            String v = s.venue();
            if (v != null) {
                if (down) {
                    staleVenues.add(v);
                } else {
                    staleVenues.remove(v);
                }
            }
            return;
        }
        if (down) {
            staleBooks.add(known(i));
        } else {
            staleBooks.remove(known(i)); // resynced, or updating again after a quiet spell
        }
    }

    /** The instrument as the engine keys it; the first sight of one brings back the positions parked for it. */
    private Instrument known(Instrument i) {
        Instrument seen = seenInstruments.get(i); // the per-event path: no key string built
        if (seen != null) {
            return seen;
        }
        String k = key(i.venue(), i.nativeSymbol());
        Instrument had = instruments.get(k);
        if (had != null) {
            seenInstruments.put(i, had);
            return had;
        }
        seenInstruments.put(i, i);
        instruments.put(k, i);
        instruments.putIfAbsent(key(i.venue(), i.normalizedSymbol()), i);
        if (io.dpp.trading.portfolio.Contracts.inverse(i)) {
            inverse.add(key(i.venue(), i.nativeSymbol()));
        }
        List<Journal.PositionRow> positions = parkedPositions.remove(k);
        if (positions != null) {
            for (Journal.PositionRow p : positions) {
                TradingAccount a = accounts.get(p.accountId());
                if (a != null) {
                    a.portfolio.restore(i, p.quantity(), p.averagePrice(), p.realized(), p.fees(), p.funding());
                    held.add(i);
                }
            }
        }
        for (String name : List.of(k, key(i.venue(), i.normalizedSymbol()))) {
            List<Session> waiting = sessionsWaiting.remove(name);
            if (waiting != null) {
                for (Session s : waiting) {
                    listen(s, i);
                }
            }
        }
        return i; // its parked working orders go back to the venue with its first book change
    }

    /** A working order kept from before a restart goes back to the venue (at the back of its queue). */
    private void resume(Instrument i, Journal.OrderRow r) {
        TradingAccount a = accounts.get(r.accountId());
        if (a == null || a.parked.remove(r.id()) == null) {
            return; // canceled while parked
        }
        OrderRequest req;
        try {
            req = request(i, Side.valueOf(r.side()), OrderType.valueOf(r.type()), TimeInForce.valueOf(r.timeInForce()), r.postOnly(),
                    r.reduceOnly(), r.quantity(), r.limit(), r.stop(), r.tag());
        } catch (IllegalArgumentException e) {
            LOG.warn("order {} kept from before the restart cannot be resumed: {}", r.id(), e.getMessage());
            return;
        }
        Order o = new Order(r.id(), req, r.created());
        if (r.filled().signum() > 0) {
            // The fills are journaled and in the position already; the venue only needs what is left.
            o = new Order(r.id(), request(i, req.side(), req.type(), req.timeInForce(), req.postOnly(), req.reduceOnly(),
                    r.quantity().subtract(r.filled()), r.limit(), r.stop(), r.tag()), r.created());
        }
        EmsOrder e = new EmsOrder(o, a, r.clientOrderId(), r.digest(), OrderState.of(r.state()));
        e.reason = r.reason();
        e.restoredFilled = r.filled();
        e.restoredAverage = r.averagePrice();
        e.restoredFees = r.fees();
        e.journaledFilled = r.filled();
        List<Journal.EventRow> before = transitionsOf(r);
        for (Journal.EventRow t : before) {
            Transitions.append(e.history, t.state(), t.filled(), t.at(), t.reason());
        }
        e.transitions = before.size();
        working.put(o.id(), e);
        a.open.put(o.id(), e);
        for (Session s : sessions) {
            if (s.account == a && e.clientOrderId.startsWith(s.prefix)) {
                s.adopt(e);
            }
        }
        if (a.isLive()) {
            // Not sent again: what became of it while the EMS was down is asked of the venue first.
            e.live = true;
            e.unknown = true;
            return;
        }
        paper(i.venue()).exchange.submit(o, clock(i.venue()));
    }

    /** The transitions of a stored order. */
    private List<Journal.EventRow> transitionsOf(Journal.OrderRow r) {
        try {
            return db.transitions(r);
        } catch (java.sql.SQLException ex) {
            throw new IllegalStateException("cannot read order " + r.id() + "'s transitions: " + ex.getMessage(), ex);
        }
    }

    /** Carries out what reached the venue by {@code time}, and settles cancels and replaces that arrived. */
    private void arrive(Paper p, long time) {
        p.exchange.advanceTo(time);
        if (!p.inFlight.isEmpty()) {
            for (Iterator<EmsOrder> it = p.inFlight.iterator(); it.hasNext(); ) {
                EmsOrder e = it.next();
                if (e.arrives <= time) {
                    it.remove();
                    e.pendingCancel = false;
                    e.pendingReplace = false;
                    transition(e, null);
                }
            }
        }
    }

    /** Carries out what reached an instrument's venue by its clock (after a request). */
    private void arrive(Instrument i) {
        Paper p = paper(i.venue());
        arrive(p, p.clock);
    }

    // ---- the venue's callbacks ---------------------------------------------------------------

    @Override
    public void onOrder(Order order) {
        EmsOrder e = working.get(order.id());
        if (e != null) {
            transition(e, order.reason());
            if (e.session != null) {
                e.session.order(e);
            }
        }
    }

    @Override
    public void onFill(Order order, Fill fill) {
        EmsOrder e = working.get(order.id());
        if (e == null) {
            return;
        }
        book(e, fill, null, null);
    }

    /**
     * Books a fill of {@code e}: the portfolio, the journal, the sessions. A live fill carries the
     * venue's trade id and, where the venue charged its fee in another asset than the quote (a
     * Binance buy pays in the asset bought), that asset: the fee then leaves that asset's balance.
     */
    private void book(EmsOrder e, Fill fill, String feeAsset, String venueTradeId) {
        Order order = e.order;
        TradingAccount a = e.account;
        a.liveChanges++;
        Instrument i = fill.instrument();
        String quote = Portfolio.quoteOf(i);
        boolean feeInQuote = feeAsset == null || feeAsset.equals(quote);
        if (i.type() == InstrumentType.SPOT && fill.side() == Side.SELL && i.base() != null) {
            // Coins the account held before trading them here (a live account's balance at its
            // venue, a deposit) enter the position at the price they are first sold at: a spot
            // position never goes below zero, and selling them realizes nothing.
            BigDecimal shortfall = fill.quantity().subtract(a.portfolio.position(i).quantity().max(BigDecimal.ZERO))
                    .min(a.portfolio.cash(i.base()));
            if (shortfall.signum() > 0) {
                a.portfolio.deposit(i.base(), shortfall.negate());
                a.portfolio.deposit(quote, shortfall.multiply(fill.price()));
                a.portfolio.apply(new Fill(fill.orderId(), i, Side.BUY, fill.price(), shortfall, BigDecimal.ZERO, fill.liquidity(),
                        fill.time(), fill.tag()));
                current.balance(new Journal.BalanceRow(a.id, i.base(), a.portfolio.cash(i.base())));
            }
        }
        Fill applied = feeInQuote ? fill : new Fill(fill.orderId(), i, fill.side(), fill.price(), fill.quantity(), BigDecimal.ZERO,
                fill.liquidity(), fill.time(), fill.tag());
        // A live margin position follows its fills in the venue's order, whichever order they reached DPP in.
        ContractLedger ledger = e.live && i.type() != InstrumentType.SPOT
                ? a.ledgers.computeIfAbsent(i, k -> new ContractLedger(k, a.portfolio.position(k))) : null;
        a.portfolio.apply(applied);
        if (ledger != null && ledger.add(applied, order.id())) {
            ledger.rebuild(a.portfolio);
            metrics.lateFill(a.venue);
        }
        if (!feeInQuote && fill.fee().signum() != 0) {
            a.portfolio.deposit(feeAsset, fill.fee().negate());
            current.balance(new Journal.BalanceRow(a.id, feeAsset, a.portfolio.cash(feeAsset)));
        }
        held.add(i);
        marks.put(key(i.venue(), i.nativeSymbol()), fill.price());
        current.fill(new Journal.FillRow(nextFillId++, order.id(), a.id, i.venue(), i.nativeSymbol(), side(fill.side()),
                fill.price(), fill.quantity(), fill.fee(), feeInQuote ? quote : feeAsset,
                fill.liquidity().name().toLowerCase(java.util.Locale.ROOT), fill.time(), venueTradeId));
        Position p = a.portfolio.position(i);
        current.position(new Journal.PositionRow(a.id, i.venue(), i.nativeSymbol(), p.quantity(), p.averagePrice(), p.realized(),
                p.fees(), p.funding()));
        current.balance(new Journal.BalanceRow(a.id, quote, a.portfolio.cash(quote)));
        metrics.fill();
        transition(e, null);
        if (e.session != null) {
            e.session.fill(e, fill);
        }
    }

    /** Derives the order's state from the venue's and the requests on their way; journals a change or a fill. */
    private void transition(EmsOrder e, String reason) {
        Order o = e.order;
        OrderState next = switch (o.status()) {
            case FILLED -> OrderState.FILLED;
            case REJECTED -> OrderState.REJECTED;
            case CANCELED -> e.cancelRequested ? OrderState.CANCELED : OrderState.EXPIRED;
            default -> e.pendingCancel ? OrderState.PENDING_CANCEL
                    : e.pendingReplace ? OrderState.PENDING_REPLACE
                    : e.filled().signum() > 0 ? OrderState.PARTIALLY_FILLED
                    : o.status() == OrderStatus.SUBMITTED ? OrderState.PENDING_NEW : OrderState.NEW;
        };
        boolean filledMore = e.filled().compareTo(e.journaledFilled) != 0;
        if (next == e.state && !filledMore) {
            return;
        }
        e.state = next;
        if (reason != null && next.isFinal()) {
            e.reason = e.reason != null && e.cancelRequested ? e.reason : reason;
        }
        journal(e, false);
        if (next.isFinal()) {
            working.remove(o.id());
            e.account.open.remove(o.id());
            metrics.closed(next);
        }
    }

    private void journal(EmsOrder e, boolean isNew) {
        e.journaledFilled = e.filled();
        long at = clock(e);
        Transitions.append(e.history, e.state.wire(), e.filled(), at, e.reason);
        e.transitions++;
        current.order(row(e, at), isNew);
    }

    /** The order as its row holds it, as of {@code at}. */
    private static Journal.OrderRow row(EmsOrder e, long at) {
        Order o = e.order;
        OrderRequest r = o.request();
        Instrument i = r.instrument();
        return new Journal.OrderRow(o.id(), e.account.id, e.clientOrderId, e.digest, i.venue(), i.nativeSymbol(), side(r.side()),
                r.type().name(), r.timeInForce().name(), r.postOnly(), r.reduceOnly(), e.quantity(), r.limitPrice(), r.stopPrice(),
                e.state.wire(), e.filled(), e.averagePrice(), e.fees(), e.reason, r.tag(), o.createdTime(), at,
                Transitions.array(e.history));
    }

    /** The order as the APIs show it: the same view as of a stored order. */
    private Map<String, Object> view(EmsOrder e) {
        return EmsApi.orderView(row(e, clock(e)), e.account.name);
    }

    // ---- requests (engine thread) -------------------------------------------------------------

    Reply submit(String user, NewOrder n) {
        TradingAccount a = account(user, n.account());
        Instrument i = instrument(n.venue(), n.symbol());
        NewOrder canonical = new NewOrder(n.account(), n.clientOrderId(), i == null ? n.venue() : i.venue(),
                i == null ? n.symbol() : i.nativeSymbol(), n.side(), n.type(), n.timeInForce(), n.postOnly(), n.reduceOnly(),
                n.quantity(), n.price(), n.stopPrice(), n.tag());
        String digest = canonical.digest();
        Long existing = a.clientIds.get(n.clientOrderId());
        if (existing != null) {
            Map<String, Object> view = view(existing);
            Object owner = view == null ? null : view.remove("_owner");
            if (view == null || !digest.equals(view.remove("_digest")) || !user.equals(owner)) {
                throw new HttpProblem(409, "conflict", "client_order_id \"" + n.clientOrderId() + "\" of account " + a.name
                        + " names another order (" + existing + "); a repeated submit must carry the same order");
            }
            return new Reply(200, view);
        }
        if (i == null && a.isLive() && !n.venue().equals(a.venue)) {
            throw new HttpProblem(409, "conflict", "account " + a.name + " trades on " + a.venue + ", not " + n.venue());
        }
        if (i == null) {
            throw new HttpProblem(404, "not_found", "no market data for " + n.venue() + " " + n.symbol()
                    + " has reached the EMS: the paper venue fills against the live books of the feeds");
        }
        checkIncrement("quantity", n.quantity(), i.lotSize());
        checkIncrement("price", n.price(), i.tickSize());
        checkIncrement("stop_price", n.stopPrice(), i.tickSize());
        OrderRequest req;
        try {
            req = request(i, n.side(), n.type(), n.timeInForce(), n.postOnly(), n.reduceOnly(), n.quantity(), n.price(), n.stopPrice(),
                    n.tag());
        } catch (IllegalArgumentException e) {
            throw new HttpProblem(400, "bad_request", e.getMessage());
        }
        Limits limits = a.own.or(defaults);
        if (a.rate(limits.ordersPerSecond()).tryAcquire() > 0) {
            metrics.rejected("rate_limit");
            throw new HttpProblem(429, "rate_limited", "account " + a.name + " may submit " + limits.ordersPerSecond()
                    + " orders per second");
        }
        EmsOrder e = place(a, n.clientOrderId(), digest, req, limits, null, clock(i.venue()));
        if (e.reply != null) {
            asking = null;
            return null; // answered with the venue's acknowledgement
        }
        arrive(i);
        if (e.state == OrderState.REJECTED) {
            int colon = e.reason.indexOf(':');
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", 422); // the platform's error shape, with the reason code and the order kept
            body.put("error", "rejected");
            body.put("reason", e.reason.substring(0, colon));
            body.put("message", e.reason.substring(colon + 1).trim());
            body.put("order", view(e));
            return new Reply(422, body);
        }
        return new Reply(201, view(e));
    }

    /**
     * Creates an order sent at {@code sentAt}, checks it against the account's limits and the
     * market, and journals it: refused, it is REJECTED with the refusal as its reason; else it goes
     * to the paper venue.
     */
    private EmsOrder place(TradingAccount a, String clientOrderId, String digest, OrderRequest req, Limits limits, Session session,
                           long sentAt) {
        EmsOrder e = new EmsOrder(new Order(nextOrderId++, req, sentAt), a, clientOrderId, digest, OrderState.PENDING_NEW);
        e.session = session;
        a.clientIds.put(clientOrderId, e.id());
        String refusal = a.isLive() ? liveRefusal(a, req.instrument()) : null;
        if (refusal == null) {
            refusal = risk(a, e, limits);
        }
        if (refusal != null) {
            reject(e, refusal);
            return e;
        }
        if (a.isLive()) {
            e.live = true;
        }
        journal(e, true);
        working.put(e.id(), e);
        a.open.put(e.id(), e);
        metrics.accepted();
        if (e.live) {
            // Sent once the journal holds it: a crash between the two then leaves an order DPP
            // knows and finds at the venue by its client order id, never one only the venue knows.
            e.unsent = true;
            e.reply = session == null ? asking : null;
            current.waiter(new Journal.Waiter() {
                @Override
                public void durable() {
                    later(() -> release(e));
                }

                @Override
                public void failed(Throwable cause) {
                    later(() -> unjournaled(e));
                }
            });
        } else {
            paper(req.instrument().venue()).exchange.submit(e.order, sentAt);
        }
        return e;
    }

    /** Journals a new order as refused: {@code refusal} is "code: message". */
    private void reject(EmsOrder e, String refusal) {
        e.state = OrderState.REJECTED;
        e.reason = refusal;
        e.order.status(OrderStatus.REJECTED, refusal, clock(e));
        journal(e, true);
        metrics.rejected(refusal.substring(0, refusal.indexOf(':')));
    }

    /** The pre-trade checks in order; the first refusal as "code: message", or null. */
    /**
     * The pre-trade checks: null when the order passes, else "code: message". Most orders pass the
     * allocation-free {@link RiskCheck#passes}; the rest are decided exactly, in decimals ({@link RiskCheck#exact}).
     */
    private String risk(TradingAccount a, EmsOrder e, Limits limits) {
        Instrument i = e.request().instrument();
        boolean stale = staleBooks.contains(i) || staleVenues.contains(i.venue());
        SimulatedExchange venue = paper(i.venue()).exchange;
        if (RiskCheck.passes(globalKill, a, e, limits, venue.bestPrice(i, true), venue.bestPrice(i, false), stale, maxFeeRate)) {
            return null;
        }
        return RiskCheck.exact(globalKill, globalReason, a, e, limits, venue.best(i, true), venue.best(i, false), stale, maxFee);
    }

    /** The caller's working order {@code id}: 404 when it is nobody's or another user's, 409 when it has ended. */
    private EmsOrder workingOrder(String user, long id, String what) {
        EmsOrder e = working.get(id);
        if (e != null && e.account.owner.equals(user)) {
            return e;
        }
        Map<String, Object> view = e == null ? view(id) : null;
        if (view == null || !ownerOf(view).equals(user)) {
            throw new HttpProblem(404, "not_found", "no order " + id + " of yours");
        }
        throw new HttpProblem(409, "conflict", "order " + id + " is " + view.get("status") + ": nothing to " + what);
    }

    Reply cancel(String user, long id, String reason) {
        for (TradingAccount a : accountsOf(user)) {
            Journal.OrderRow parked = a.parked.get(id);
            if (parked != null) {
                return new Reply(200, cancelParked(a, parked, reason));
            }
        }
        EmsOrder e = workingOrder(user, id, "cancel");
        cancel(e, reason, clock(e.request().instrument().venue()));
        arrive(e.request().instrument());
        return new Reply(200, view(e));
    }

    /** Cancels a working order kept from before a restart that is not back at the venue yet. */
    private Map<String, Object> cancelParked(TradingAccount a, Journal.OrderRow r, String reason) {
        a.parked.remove(r.id());
        long at = Math.max(clock(r.venue()), r.updated());
        StringBuilder history = new StringBuilder();
        for (Journal.EventRow t : transitionsOf(r)) {
            Transitions.append(history, t.state(), t.filled(), t.at(), t.reason());
        }
        Transitions.append(history, OrderState.CANCELED.wire(), r.filled(), at, reason);
        Journal.OrderRow canceled = new Journal.OrderRow(r.id(), r.accountId(), r.clientOrderId(), r.digest(), r.venue(), r.symbol(),
                r.side(), r.type(), r.timeInForce(), r.postOnly(), r.reduceOnly(), r.quantity(), r.limit(), r.stop(),
                OrderState.CANCELED.wire(), r.filled(), r.averagePrice(), r.fees(), reason, r.tag(), r.created(), at,
                Transitions.array(history));
        current.order(canceled, false);
        metrics.closed(OrderState.CANCELED);
        return EmsApi.orderView(canceled, a.name);
    }

    /** Sends a cancel at {@code sentAt}; the venue carries it out when it arrives. */
    private void cancel(EmsOrder e, String reason, long sentAt) {
        if (e.cancelRequested) {
            return;
        }
        e.cancelRequested = true;
        e.reason = reason;
        if (e.live) {
            cancelLive(e);
            return;
        }
        e.pendingCancel = latencyMicros > 0;
        Paper p = paper(e.request().instrument().venue());
        if (e.pendingCancel) {
            e.arrives = sentAt + latencyMicros;
            p.inFlight.add(e);
            transition(e, null);
        }
        p.exchange.cancel(e.order, sentAt);
    }

    Reply cancelAll(String user, String accountName, String reason) {
        List<TradingAccount> mine = accountName == null ? accountsOf(user) : List.of(account(user, accountName));
        int n = 0;
        for (TradingAccount a : mine) {
            n += cancelAll(a, reason);
        }
        return new Reply(200, Map.of("canceled", n));
    }

    /** Cancels every working order of {@code a}, parked ones included; how many. */
    private int cancelAll(TradingAccount a, String reason) {
        int n = 0;
        for (Journal.OrderRow r : new ArrayList<>(a.parked.values())) {
            cancelParked(a, r, reason);
            n++;
        }
        for (EmsOrder e : new ArrayList<>(a.open.values())) {
            if (!e.cancelRequested) {
                Instrument i = e.request().instrument();
                cancel(e, reason, clock(i.venue()));
                arrive(i);
                n++;
            }
        }
        return n;
    }

    Reply replace(String user, long id, BigDecimal quantity, BigDecimal price) {
        EmsOrder e = workingOrder(user, id, "replace");
        replace(e, quantity, price, clock(e.request().instrument().venue()));
        if (e.live) {
            if (e.amending) {
                e.amendReply = asking; // answered with the venue's answer
                return null;
            }
            return new Reply(200, view(e)); // the terms it has already
        }
        arrive(e.request().instrument());
        if (!e.pendingReplace) {
            journal(e, false); // the new quantity and price, as a transition of its own
        }
        return new Reply(200, view(e));
    }

    /** Sends a replace at {@code sentAt}, refused with an {@link HttpProblem} as the REST route answers it. */
    private void replace(EmsOrder e, BigDecimal quantity, BigDecimal price, long sentAt) {
        long id = e.id();
        OrderRequest r = e.request();
        if (r.type() != OrderType.LIMIT || r.timeInForce() != TimeInForce.GTC || e.cancelRequested) {
            throw new HttpProblem(409, "conflict", "only a working GTC limit order can be replaced; order " + id + " is a "
                    + r.type().name().toLowerCase(java.util.Locale.ROOT) + " " + r.timeInForce() + " order, " + e.state.wire());
        }
        BigDecimal q = quantity != null ? quantity : e.quantity();
        BigDecimal p = price != null ? price : r.limitPrice();
        checkIncrement("quantity", q, r.instrument().lotSize());
        checkIncrement("price", p, r.instrument().tickSize());
        if (q.compareTo(e.filled()) <= 0) {
            throw new HttpProblem(400, "bad_request", "quantity " + plain(q) + " is not above what is filled already (" + plain(e.filled()) + ")");
        }
        Paper paper = paper(r.instrument().venue());
        BigDecimal bid = paper.exchange.best(r.instrument(), true);
        BigDecimal ask = paper.exchange.best(r.instrument(), false);
        Limits limits = e.account.own.or(defaults);
        if (bid != null && ask != null) {
            BigDecimal mid = bid.add(ask).divide(BigDecimal.TWO); // exact: half of a decimal always ends
            if (p.subtract(mid).abs().compareTo(mid.multiply(limits.priceBand())) > 0) {
                throw new HttpProblem(422, "rejected", "price_band: price " + plain(p) + " is more than "
                        + plain(limits.priceBand().movePointRight(2)) + "% from the mid " + plain(mid));
            }
        }
        if (q.compareTo(limits.maxOrderQuantity()) > 0) {
            throw new HttpProblem(422, "rejected", "max_order_quantity: quantity " + plain(q) + " is above the account's limit");
        }
        if (e.live) {
            amendLive(e, q, p);
            return;
        }
        // The venue-side order keeps what is left to fill after restarts; the EMS quantity is the whole order.
        BigDecimal venueQuantity = q.subtract(e.restoredFilled);
        e.pendingReplace = latencyMicros > 0;
        if (e.pendingReplace) {
            e.arrives = sentAt + latencyMicros;
            paper.inFlight.add(e);
            transition(e, null);
        }
        paper.exchange.replace(e.order, venueQuantity, p, sentAt);
    }

    // ---- live venues (engine thread) --------------------------------------------------------------

    /**
     * Follows a live account's orders and fills on its venue's private stream (where DPP speaks it
     * and {@code ems.live.private-streams} is on), besides the poll. Each time the stream is
     * (re)subscribed, the account's working orders are asked of the venue, for what passed while it
     * was down.
     */
    private void startStream(TradingAccount a, io.dpp.ems.live.LiveVenue venue) {
        if (!config.live().privateStreams() || streams.containsKey(a.id)) {
            return;
        }
        java.util.concurrent.atomic.AtomicBoolean up = new java.util.concurrent.atomic.AtomicBoolean();
        io.dpp.ems.live.VenueStream stream = venue.stream((p, token) -> liveAccounts.streamUrl(a.venue, p, token), new io.dpp.ems.live.VenueStream.Listener() {
            @Override
            public void live() {
                if (!up.getAndSet(true)) {
                    metrics.streamUp(a.venue);
                }
                later(() -> {
                    io.dpp.ems.live.LiveVenue v = liveVenues.get(a.id);
                    for (EmsOrder e : new ArrayList<>(a.open.values())) {
                        if (v != null && e.live && !e.unsent && !e.asking && e.reply == null) {
                            ask(e, v);
                        }
                    }
                });
            }

            @Override
            public void update(io.dpp.trading.live.PrivateStream.Update u) {
                metrics.streamPush(a.venue);
                later(() -> streamed(a, u));
            }

            @Override
            public void down(String why) {
                metrics.streamDown(a.venue, up.getAndSet(false));
            }
        }, poller, (int) config.live().cancelOnDisconnect().toSeconds());
        if (stream != null) {
            streams.put(a.id, stream);
            stream.start();
        }
    }

    /** A push of a live account's private stream: its fills booked (once each, by trade id), its orders brought to their state. */
    private void streamed(TradingAccount a, io.dpp.trading.live.PrivateStream.Update u) {
        applyFills(a, u.fills(), "stream");
        for (io.dpp.trading.live.VenueOrder v : u.orders()) {
            for (EmsOrder e : new ArrayList<>(a.open.values())) {
                if (e.live && (e.venueClientId().equals(v.clientOrderId()) || (e.venueOrderId != null && e.venueOrderId.equals(v.venueOrderId())))) {
                    if (e.venueOrderId == null) {
                        e.venueOrderId = v.venueOrderId();
                    }
                    reconcile(e, v);
                    break;
                }
            }
        }
    }

    /**
     * Asks a live order's venue to amend it in place to the whole quantity {@code q} and limit
     * {@code p}; the order is {@code pending_replace} until the venue answers. Refused at once where
     * the venue cannot amend, or while the order is being changed or looked up.
     */
    private void amendLive(EmsOrder e, BigDecimal q, BigDecimal p) {
        io.dpp.ems.live.LiveVenue venue = liveVenues.get(e.account.id);
        if (venue == null) {
            throw new HttpProblem(409, "conflict", "the venue of account " + e.account.name + " is not open: set its live flag first");
        }
        if (!venue.amends()) {
            throw new HttpProblem(409, "conflict", e.account.venue + " does not amend orders in place: cancel order " + e.id()
                    + " and submit a new one");
        }
        if (e.unsent || e.amending || e.amendUnknown || e.pendingCancel || e.unknown) {
            throw new HttpProblem(409, "conflict", "order " + e.id() + " is being changed at " + e.account.venue
                    + " or looked up there; retry once it is settled");
        }
        BigDecimal wasQ = e.quantity();
        BigDecimal wasP = e.request().limitPrice();
        if (q.compareTo(wasQ) == 0 && p.compareTo(wasP) == 0) {
            return; // nothing to change
        }
        e.amending = true;
        e.amendments++;
        e.pendingReplace = true;
        e.account.liveChanges++;
        transition(e, null);
        toSession(e);
        venue.amend(e.request().instrument().nativeSymbol(), e.venueClientId(), e.venueOrderId, e.request().side(), q, p, wasQ, wasP)
                .whenComplete((outcome, error) -> later(() -> amended(e, q, p, outcome, error)));
    }

    private void amended(EmsOrder e, BigDecimal q, BigDecimal p, io.dpp.ems.live.LiveVenue.Outcome<Boolean> outcome, Throwable error) {
        e.amending = false;
        io.dpp.trading.live.VenueReject refused = null;
        if (e.state.isFinal()) {
            // Filled or canceled meanwhile: nothing left to amend.
        } else if (error == null && outcome.ok()) {
            applyTerms(e, q, p);
        } else if (error != null || outcome.reject().stateUnknown()) {
            e.amendUnknown = true; // the next lookup says whether the venue made the change
            LOG.warn("amendment of order {} on {}: no answer ({}); the order is looked up", e.id(), e.account.venue,
                    error != null ? error.toString() : outcome.reject());
        } else {
            refused = outcome.reject();
            e.pendingReplace = false;
            transition(e, null);
            toSession(e);
            LOG.info("amendment of order {} on {} refused: {}", e.id(), e.account.venue, refused);
        }
        CompletableFuture<Reply> reply = e.amendReply;
        e.amendReply = null;
        if (reply == null) {
            return;
        }
        if (refused != null) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", 422);
            body.put("error", "rejected");
            body.put("reason", refused.reason().code());
            body.put("message", e.account.venue + " refused the amendment (" + refused.code() + "): " + refused.message());
            body.put("order", view(e));
            afterDurable(reply, new Reply(422, body));
        } else {
            // 202 while the venue's answer is missing: the next lookup brings the order to what the venue has.
            afterDurable(reply, new Reply(e.amendUnknown ? 202 : 200, view(e)));
        }
    }

    /** Gives a live order the whole quantity {@code q} and limit {@code p} the venue has for it, and journals them. */
    private void applyTerms(EmsOrder e, BigDecimal q, BigDecimal p) {
        e.order.replace(q.subtract(e.restoredFilled), p, clock(e));
        e.pendingReplace = false;
        OrderState before = e.state;
        transition(e, null);
        if (e.state == before) {
            journal(e, false); // the new quantity and price, as a transition of its own
        }
        toSession(e);
    }

    /**
     * A working limit order's terms as its venue has them (an amendment whose answer was lost, one
     * made before a restart, or one made at the venue by other means) become DPP's.
     */
    private void adoptTerms(EmsOrder e, io.dpp.trading.live.VenueOrder v) {
        boolean settled = e.amendUnknown;
        e.amendUnknown = false;
        if (v.status().isFinal() || v.quantity() == null || v.price() == null || e.request().type() != OrderType.LIMIT) {
            return;
        }
        if (v.quantity().compareTo(e.quantity()) != 0 || v.price().compareTo(e.request().limitPrice()) != 0) {
            LOG.info("order {} at {}: quantity {} at {} there, {} at {} here; the venue's terms are taken", e.id(), e.account.venue,
                    plain(v.quantity()), plain(v.price()), plain(e.quantity()), plain(e.request().limitPrice()));
            applyTerms(e, v.quantity(), v.price());
        } else if (settled && e.pendingReplace) {
            e.pendingReplace = false; // the venue did not make the change
            transition(e, null);
            toSession(e);
        }
    }

    /**
     * Sets or clears a live account's live flag. Setting it opens the account's venue (the
     * credential from the vault, the venue's clock, its balances, which become the account's): the
     * answer waits for that. Clearing it stops new orders; working ones stay at the venue (the kill
     * switch cancels them).
     */
    Reply live(String user, String name, boolean on) {
        TradingAccount a = account(user, name);
        if (!a.isLive()) {
            throw new HttpProblem(409, "conflict", a.name + " is a " + a.kind + " account; the live flag is a live account's");
        }
        if (!on) {
            a.live = false; // its venue stays open: its working orders are still followed (and the kill switch cancels them)
            current.account(row(a));
            return new Reply(200, accountView(a));
        }
        if (liveVenues.containsKey(a.id) && a.live) {
            return new Reply(200, accountView(a));
        }
        if (!opening.add(a.id)) {
            throw new HttpProblem(409, "conflict", "account " + a.name + "'s venue is being opened; try again shortly");
        }
        CompletableFuture<Reply> reply = asking;
        asking = null;
        openLive(a, reply);
        return null;
    }

    /** Opens {@code a}'s venue; {@code reply} (or null) is answered when it is open or could not be. */
    private void openLive(TradingAccount a, CompletableFuture<Reply> reply) {
        opening.add(a.id);
        liveAccounts.open(a.owner, a.credential, a.venue).whenComplete((opened, error) -> later(() -> {
            opening.remove(a.id);
            if (error != null) {
                Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null ? error.getCause() : error;
                LOG.warn("live account {} of {} cannot trade on {}: {}", a.name, a.owner, a.venue, cause.getMessage());
                if (reply != null) {
                    reply.completeExceptionally(cause instanceof HttpProblem ? cause : new HttpProblem(502, "venue",
                            "cannot open " + a.venue + ": " + cause.getMessage()));
                }
                return;
            }
            liveVenues.put(a.id, opened.venue());
            a.live = true;
            startStream(a, opened.venue());
            Map<String, BigDecimal> venueBalances = new java.util.TreeMap<>(opened.balances());
            if (holdsNothing(a)) {
                // The venue's balances are the account's: what it holds there is what it may trade with.
                venueBalances.forEach((asset, amount) -> {
                    a.portfolio.deposit(asset, amount);
                    current.balance(new Journal.BalanceRow(a.id, asset, a.portfolio.cash(asset)));
                });
            } else {
                compareBalances(a, venueBalances, Map.of());
            }
            current.account(row(a));
            LOG.info("live account {} of {} trades on {} with credential {}", a.name, a.owner, a.venue, a.credential);
            if (reply != null) {
                afterDurable(reply, new Reply(200, accountView(a)));
            }
        }));
    }

    /** Whether {@code a} has no balance and no position yet (parked ones from before a restart included). */
    private boolean holdsNothing(TradingAccount a) {
        if (!a.portfolio.balances().isEmpty() || a.portfolio.positions().stream().anyMatch(p -> p.quantity().signum() != 0)) {
            return false;
        }
        for (List<Journal.PositionRow> rows : parkedPositions.values()) {
            for (Journal.PositionRow r : rows) {
                if (r.accountId() == a.id && r.quantity().signum() != 0) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Compares what DPP holds for a live account with the venue's balances: an asset's cash plus the
     * spot positions in it against the venue's amount. A difference (a deposit or a withdrawal at the
     * venue, a trade made outside DPP, or a fill DPP missed) is logged with the amounts and counted.
     */
    private void compareBalances(TradingAccount a, Map<String, BigDecimal> venue, Map<String, BigDecimal> settling) {
        List<Map<String, String>> differences = new ArrayList<>();
        Map<String, BigDecimal> held = new java.util.TreeMap<>(a.portfolio.balances());
        boolean margined = margined(a.venue);
        for (Position p : a.portfolio.positions()) {
            if (p.instrument().type() == InstrumentType.SPOT && p.instrument().base() != null) {
                held.merge(p.instrument().base(), p.quantity(), BigDecimal::add);
            } else if (margined && p.instrument().venue().equals(a.venue) && p.quantity().signum() != 0) {
                // The wallet holds what was paid for the open position: DPP's cash paid its notional.
                held.merge(Portfolio.quoteOf(p.instrument()), io.dpp.trading.portfolio.Contracts.paid(p.instrument(), p.quantity(),
                        p.averagePrice()), BigDecimal::add);
                held.merge(positionKey(p.instrument().nativeSymbol()), p.quantity(), BigDecimal::add);
            }
        }
        // Fills on their way to DPP's books, or booked after the venue's balances were read.
        settling.forEach((asset, amount) -> held.merge(asset, amount, BigDecimal::add));
        java.util.Set<String> assets = new java.util.TreeSet<>(held.keySet());
        assets.addAll(venue.keySet());
        for (String asset : assets) {
            BigDecimal mine = held.getOrDefault(asset, BigDecimal.ZERO);
            BigDecimal theirs = venue.getOrDefault(asset, BigDecimal.ZERO);
            boolean differs = margined && !asset.endsWith(" position") ? mine.subtract(theirs).abs().compareTo(WALLET_PRECISION) > 0
                    : mine.compareTo(theirs) != 0;
            if (differs) {
                metrics.balanceMismatch();
                differences.add(Map.of("asset", asset, "venue", plain(theirs), "dpp", plain(mine), "difference", plain(theirs.subtract(mine))));
                LOG.warn("live account {} of {}: {} holds {} {}, DPP counts {} (difference {})", a.name, a.owner, a.venue, plain(theirs),
                        asset, plain(mine), plain(theirs.subtract(mine)));
            }
        }
        if (differences.isEmpty() && !a.differences.isEmpty()) {
            LOG.info("live account {} of {}: its balances equal {}'s again", a.name, a.owner, a.venue);
        }
        a.differences = List.copyOf(differences);
        a.balancesChecked = Timestamps.now();
        metrics.balanceDifferences(accounts.values().stream().mapToInt(x -> x.differences.size()).sum());
    }

    /**
     * Every quarter of {@code ems.live.cancel-on-disconnect}: each open live account whose venue
     * has a dead man's switch pushes it back, so that the venue cancels the account's orders if
     * the EMS stops (a crash, a lost network) for longer than that.
     */
    private void renewDeadMan() {
        int seconds = (int) config.live().cancelOnDisconnect().toSeconds();
        for (TradingAccount a : accounts.values()) {
            io.dpp.ems.live.LiveVenue venue = liveVenues.get(a.id);
            if (venue == null || a.renewingDeadMan) {
                continue;
            }
            if (venue.cancelsSymbolsOnDisconnect()) {
                // Per symbol (Binance USD-M): those with working orders; a symbol without any is let go.
                java.util.Set<String> symbols = new java.util.TreeSet<>();
                for (EmsOrder e : a.open.values()) {
                    if (e.live) {
                        symbols.add(e.request().instrument().nativeSymbol());
                    }
                }
                a.deadManSymbols.retainAll(symbols);
                a.deadManSymbols.addAll(symbols);
                for (String symbol : symbols) {
                    armDeadMan(a, venue, symbol, seconds);
                }
                continue;
            }
            if (!venue.cancelsOnDisconnect()) {
                continue;
            }
            a.renewingDeadMan = true;
            venue.cancelAllAfter(seconds).whenComplete((outcome, error) -> later(() -> {
                a.renewingDeadMan = false;
                deadManRenewed(a, outcome, error);
            }));
        }
    }

    /** Arms (or pushes back) the dead man's switch of one symbol of an account whose venue has it per symbol. */
    private void armDeadMan(TradingAccount a, io.dpp.ems.live.LiveVenue venue, String symbol, int seconds) {
        venue.cancelSymbolAfter(symbol, seconds).whenComplete((outcome, error) -> later(() -> deadManRenewed(a, outcome, error)));
    }

    private void deadManRenewed(TradingAccount a, io.dpp.ems.live.LiveVenue.Outcome<Boolean> outcome, Throwable error) {
        if (error != null || !outcome.ok()) {
            metrics.deadManFailure();
            LOG.warn("live account {} of {}: {}'s dead man's switch was not renewed: {}", a.name, a.owner, a.venue,
                    error != null ? error.getMessage() : outcome.reject().message());
        }
    }

    /**
     * Every {@code ems.live.balance-check-interval}: each open live account reads its venue's
     * balances and compares them with DPP's. An account that traded while they were read (an order
     * working, sent, or filled) has its executions around the read settled first ({@link #settle}).
     */
    private void checkBalances() {
        for (TradingAccount a : accounts.values()) {
            io.dpp.ems.live.LiveVenue venue = liveVenues.get(a.id);
            if (venue == null || a.checkingBalances) {
                continue;
            }
            a.checkingBalances = true;
            long changes = a.liveChanges;
            boolean quiet = a.open.isEmpty();
            if (venue.margined()) {
                checkMargined(a, venue, changes, quiet);
                continue;
            }
            long before = venue.clock();
            venue.balances().whenComplete((outcome, error) -> later(() -> {
                if (error != null || !outcome.ok()) {
                    a.checkingBalances = false;
                    LOG.warn("live account {} of {}: {}'s balances could not be read: {}", a.name, a.owner, a.venue,
                            error != null ? error.getMessage() : outcome.reject().message());
                } else if (liveVenues.get(a.id) != venue) {
                    a.checkingBalances = false;
                } else if (quiet && a.open.isEmpty() && a.liveChanges == changes) {
                    a.checkingBalances = false;
                    compareBalances(a, outcome.value(), Map.of());
                } else {
                    settle(a, venue, outcome.value(), before, venue.clock());
                }
            }));
        }
    }

    /**
     * A margined account's wallet and positions, compared with DPP's: at once when the account is
     * quiet (no order working, nothing traded during the read); else once the venue's executions
     * show that every one of DPP's fills is booked and none came near or after the read ({@link
     * #settleMargined}). A fill's effect on a margin wallet depends on the position it met, so a
     * round with one in flight is left to the next rather than adjusted.
     */
    private void checkMargined(TradingAccount a, io.dpp.ems.live.LiveVenue venue, long changes, boolean quiet) {
        long before = venue.clock();
        venue.balances().thenCombine(venue.positions(), (wallet, positions) -> {
            if (!wallet.ok()) {
                return wallet;
            }
            if (!positions.ok()) {
                return new io.dpp.ems.live.LiveVenue.Outcome<Map<String, BigDecimal>>(null, positions.reject(), positions.roundTripNanos());
            }
            Map<String, BigDecimal> all = new java.util.TreeMap<>(wallet.value());
            positions.value().forEach((symbol, q) -> all.put(positionKey(symbol), q));
            return new io.dpp.ems.live.LiveVenue.Outcome<>(all, null, wallet.roundTripNanos());
        }).whenComplete((outcome, error) -> later(() -> {
            if (error != null || !outcome.ok()) {
                a.checkingBalances = false;
                LOG.warn("live account {} of {}: {}'s wallet and positions could not be read: {}", a.name, a.owner, a.venue,
                        error != null ? error.getMessage() : outcome.reject().message());
            } else if (liveVenues.get(a.id) != venue) {
                a.checkingBalances = false;
            } else if (quiet && a.open.isEmpty() && a.liveChanges == changes) {
                a.checkingBalances = false;
                compareBalances(a, outcome.value(), Map.of());
            } else {
                settleMargined(a, venue, outcome.value(), before);
            }
        }));
    }

    /**
     * Compares a margined account that is trading, when its executions allow: those of its working
     * orders' and open positions' symbols since a minute before the read are asked; if one of DPP's
     * working orders filled and is not booked yet, or any execution came within the read's clock
     * uncertainty or after it, the round is left to the next.
     */
    private void settleMargined(TradingAccount a, io.dpp.ems.live.LiveVenue venue, Map<String, BigDecimal> venueView, long before) {
        java.util.Set<String> symbols = new java.util.TreeSet<>();
        for (EmsOrder e : a.open.values()) {
            symbols.add(e.request().instrument().nativeSymbol());
        }
        for (Position p : a.portfolio.positions()) {
            if (p.instrument().venue().equals(a.venue) && p.quantity().signum() != 0) {
                symbols.add(p.instrument().nativeSymbol());
            }
        }
        List<CompletableFuture<io.dpp.ems.live.LiveVenue.Outcome<List<io.dpp.trading.live.VenueFill>>>> reads = new ArrayList<>();
        for (String symbol : symbols) {
            reads.add(venue.fills(symbol, before - 60_000));
        }
        CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new)).whenComplete((done, error) -> later(() -> {
            a.checkingBalances = false;
            if (error != null || liveVenues.get(a.id) != venue) {
                return;
            }
            long margin = venue.clockUncertaintyMillis();
            for (CompletableFuture<io.dpp.ems.live.LiveVenue.Outcome<List<io.dpp.trading.live.VenueFill>>> read : reads) {
                io.dpp.ems.live.LiveVenue.Outcome<List<io.dpp.trading.live.VenueFill>> o = read.join();
                if (!o.ok()) {
                    return;
                }
                for (io.dpp.trading.live.VenueFill f : o.value()) {
                    boolean booked = a.venueTrades.contains(io.dpp.trading.live.OrderProtocol.tradeKey(a.venue, f.symbol(), f.tradeId()));
                    if (!booked && workingOrderOf(a, f) != null || f.time() / 1000 >= before - margin) {
                        LOG.debug("live account {}: a fill on its way or near the read; compared next round", a.name);
                        return;
                    }
                }
            }
            compareBalances(a, venueView, Map.of());
        }));
    }

    /**
     * Compares the balances of an account that traded while they were read. The venue's executions
     * of the account's instruments since a minute before the read are asked: one of DPP's working
     * orders filled before the read and not booked yet counts as booked, one booked that filled after
     * the read as not; when one of DPP's fills falls within the read (its clock's uncertainty
     * included), the round is left to the next.
     */
    private void settle(TradingAccount a, io.dpp.ems.live.LiveVenue venue, Map<String, BigDecimal> venueBalances, long before, long after) {
        Map<String, Instrument> instruments = new java.util.TreeMap<>();
        for (EmsOrder e : a.open.values()) {
            instruments.put(e.request().instrument().nativeSymbol(), e.request().instrument());
        }
        for (Position p : a.portfolio.positions()) {
            if (p.instrument().type() == InstrumentType.SPOT && p.instrument().venue().equals(a.venue)) {
                instruments.put(p.instrument().nativeSymbol(), p.instrument());
            }
        }
        List<Instrument> list = new ArrayList<>(instruments.values());
        List<CompletableFuture<io.dpp.ems.live.LiveVenue.Outcome<List<io.dpp.trading.live.VenueFill>>>> reads = new ArrayList<>();
        for (Instrument i : list) {
            reads.add(venue.fills(i.nativeSymbol(), before - 60_000));
        }
        CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new)).whenComplete((done, error) -> later(() -> {
            a.checkingBalances = false;
            if (error != null || liveVenues.get(a.id) != venue) {
                return;
            }
            long margin = venue.clockUncertaintyMillis();
            Map<String, BigDecimal> adjust = new java.util.TreeMap<>();
            java.util.Set<String> seen = new java.util.HashSet<>();
            for (CompletableFuture<io.dpp.ems.live.LiveVenue.Outcome<List<io.dpp.trading.live.VenueFill>>> read : reads) {
                io.dpp.ems.live.LiveVenue.Outcome<List<io.dpp.trading.live.VenueFill>> o = read.join();
                if (!o.ok()) {
                    return; // the next round
                }
                for (io.dpp.trading.live.VenueFill f : o.value()) {
                    String key = io.dpp.trading.live.OrderProtocol.tradeKey(a.venue, f.symbol(), f.tradeId());
                    if (!seen.add(key)) {
                        continue; // a venue whose fills query is not by instrument (Kraken) lists it for each
                    }
                    boolean booked = a.venueTrades.contains(key);
                    EmsOrder working = booked ? null : workingOrderOf(a, f);
                    if (!booked && working == null) {
                        continue; // not DPP's (or DPP missed it): a difference the comparison shows
                    }
                    long at = f.time() / 1000;
                    if (at >= before - margin && at <= after + margin) {
                        LOG.debug("live account {}: a fill within the balance read; compared next round", a.name);
                        return;
                    }
                    if (at < before && !booked) {
                        effect(adjust, f, working.request().instrument(), 1); // in the venue's balances, on its way to DPP's
                    } else if (at > after && booked) {
                        Instrument i = a.recentTrades.get(key);
                        if (i == null) {
                            return;
                        }
                        effect(adjust, f, i, -1); // in DPP's, after the venue's were read
                    }
                }
            }
            compareBalances(a, venueBalances, adjust);
        }));
    }

    /** The working order {@code f} is an execution of, or null. */
    private static EmsOrder workingOrderOf(TradingAccount a, io.dpp.trading.live.VenueFill f) {
        for (EmsOrder e : a.open.values()) {
            if (e.live && (e.venueClientId().equals(f.clientOrderId()) || (e.venueOrderId != null && e.venueOrderId.equals(f.venueOrderId())))) {
                return e;
            }
        }
        return null;
    }

    /** What booking {@code f} does to the assets of instrument {@code i} ({@code sign} -1: undoes it), as {@link #book} books it. */
    private static void effect(Map<String, BigDecimal> into, io.dpp.trading.live.VenueFill f, Instrument i, int sign) {
        BigDecimal notional = f.price().multiply(f.quantity());
        boolean buy = f.side() == io.dpp.core.model.Side.BUY;
        BigDecimal s = BigDecimal.valueOf(sign);
        into.merge(i.base(), (buy ? f.quantity() : f.quantity().negate()).multiply(s), BigDecimal::add);
        into.merge(i.quote(), (buy ? notional.negate() : notional).multiply(s), BigDecimal::add);
        into.merge(f.feeAsset() == null ? i.quote() : f.feeAsset(), f.fee().negate().multiply(s), BigDecimal::add);
    }

    /** Whether live accounts of {@code venue} trade margined contracts (see {@link io.dpp.trading.live.OrderProtocol#margined}). */
    private static boolean margined(String venue) {
        try {
            return io.dpp.trading.live.OrderProtocol.of(venue).margined();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** How a margined account's position in {@code symbol} is named among its balances when compared with the venue's. */
    static String positionKey(String symbol) {
        return symbol + " position";
    }

    /**
     * How far a margined account's wallet may be from DPP's count before it is a difference: the
     * venue's precision (its entry prices are rounded there, not here).
     */
    static final BigDecimal WALLET_PRECISION = new BigDecimal("0.00000001");

    /** Null when a live account may send an order now, else the refusal. */
    private String liveRefusal(TradingAccount a, Instrument i) {
        if (!i.venue().equals(a.venue)) {
            return "invalid_order: account " + a.name + " trades on " + a.venue + ", not " + i.venue();
        }
        boolean margined = margined(a.venue);
        if (margined == (i.type() == InstrumentType.SPOT)) {
            // A live account trades what its venue's adapter trades (spot, or margined contracts): an
            // order of the other kind would be booked here as one thing and held at the venue as another.
            return "invalid_order: account " + a.name + " trades " + (margined ? "contracts" : "spot") + " at " + a.venue + "; "
                    + i.nativeSymbol() + " is a " + i.type().name().toLowerCase(java.util.Locale.ROOT);
        }
        if (!a.live) {
            return "not_live: account " + a.name + "'s live flag is off; its owner sets it (PUT /api/v1/accounts/" + a.name + "/live)";
        }
        if (!liveVenues.containsKey(a.id)) {
            return "venue_unavailable: account " + a.name + "'s venue " + a.venue + " is not open yet" + (opening.contains(a.id)
                    ? " (it is being opened)" : "; set the live flag again to retry");
        }
        return null;
    }

    /** Runs {@code task} on the engine thread (from a venue's answer): waits while the engine is full, never drops it. */
    private void later(Runnable task) {
        try {
            inbox.put(task);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.error("a venue's answer was dropped: the EMS is stopping");
        }
    }

    private io.dpp.trading.live.LiveOrder liveOrder(EmsOrder e) {
        OrderRequest r = e.request();
        return new io.dpp.trading.live.LiveOrder(e.venueClientId(), r.instrument().nativeSymbol(), r.side(), r.type(),
                r.timeInForce(), r.quantity(), r.limitPrice(), r.stopPrice(), r.postOnly(), r.reduceOnly());
    }

    /**
     * A live order the journal now holds: sent to its venue, unless it was canceled meanwhile (then
     * it ends here, never having left) or its venue closed (then it ends refused, never sent).
     */
    private void release(EmsOrder e) {
        e.unsent = false;
        if (e.state.isFinal()) {
            answer(e);
            return;
        }
        if (e.cancelRequested) {
            e.pendingCancel = false;
            e.order.status(OrderStatus.CANCELED, e.reason, clock(e));
            transition(e, e.reason);
            toSession(e);
            answer(e);
            return;
        }
        if (!liveVenues.containsKey(e.account.id)) {
            refuse(e, new io.dpp.trading.live.VenueReject(io.dpp.trading.live.VenueReject.Reason.VENUE_UNAVAILABLE, "none",
                    "account " + e.account.name + "'s venue closed before the order was sent; it was not sent", false, false));
            answer(e);
            return;
        }
        sendLive(e);
    }

    /** A live order the journal could not hold: never sent; its request answered 503 (the EMS accepts nothing more). */
    private void unjournaled(EmsOrder e) {
        e.unsent = false;
        CompletableFuture<Reply> reply = e.reply;
        e.reply = null;
        if (reply != null) {
            reply.completeExceptionally(journalDown());
        }
        if (!e.state.isFinal()) {
            e.order.status(OrderStatus.REJECTED, "unavailable: the EMS could not write its journal; the order was not sent", clock(e));
            transition(e, e.order.reason());
            toSession(e);
        }
    }

    /** Sends a journaled order to its account's venue; its {@code reply} (or null) is answered with the venue's first answer. */
    private void sendLive(EmsOrder e) {
        io.dpp.ems.live.LiveVenue venue = liveVenues.get(e.account.id);
        e.account.liveChanges++;
        String symbol = e.request().instrument().nativeSymbol();
        int seconds = (int) config.live().cancelOnDisconnect().toSeconds();
        if (seconds > 0 && venue.cancelsSymbolsOnDisconnect() && e.account.deadManSymbols.add(symbol)) {
            armDeadMan(e.account, venue, symbol, seconds); // a symbol's first working order: its switch armed before the order is sent
        }
        venue.place(liveOrder(e)).whenComplete((outcome, error) -> later(() -> placed(e, outcome, error)));
    }

    private void placed(EmsOrder e, io.dpp.ems.live.LiveVenue.Outcome<io.dpp.ems.live.LiveVenue.Placed> outcome, Throwable error) {
        metrics.venueRoundTrip(e.account.venue, outcome == null ? 0 : outcome.roundTripNanos());
        if (error != null) {
            e.unknown = true;
            LOG.error("order {}: the venue call failed", e.id(), error);
        } else if (outcome.ok()) {
            e.venueOrderId = outcome.value().order().venueOrderId();
            applyFills(e.account, outcome.value().fills(), "answer");
            reconcile(e, outcome.value().order());
        } else if (outcome.reject().stateUnknown()) {
            e.unknown = true; // looked up by its client order id at the next poll, before anything is sent again
            LOG.warn("order {} of account {}: no answer from {} ({}); it is looked up by its client order id", e.id(), e.account.name,
                    e.account.venue, outcome.reject());
        } else {
            refuse(e, outcome.reject());
        }
        if (!e.asking) {
            answer(e); // else when the fills the venue reported are read
        }
    }

    /** The venue refused an order it never took: REJECTED with the venue's reason. */
    private void refuse(EmsOrder e, io.dpp.trading.live.VenueReject r) {
        String reason = r.reason().code() + ": " + e.account.venue + " refused (" + r.code() + "): " + r.message();
        e.order.status(OrderStatus.REJECTED, reason, clock(e));
        metrics.rejected(r.reason().code());
        transition(e, reason);
        toSession(e);
    }

    /** Answers the REST request waiting for the order's first answer from the venue. */
    private void answer(EmsOrder e) {
        CompletableFuture<Reply> reply = e.reply;
        if (reply == null) {
            return;
        }
        e.reply = null;
        if (e.state == OrderState.REJECTED) {
            int colon = e.reason.indexOf(':');
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", 422);
            body.put("error", "rejected");
            body.put("reason", e.reason.substring(0, colon));
            body.put("message", e.reason.substring(colon + 1).trim());
            body.put("order", view(e));
            afterDurable(reply, new Reply(422, body));
        } else {
            // 202 while the venue's answer is missing: the order is found by its client order id.
            afterDurable(reply, new Reply(e.unknown ? 202 : 201, view(e)));
        }
    }

    private void toSession(EmsOrder e) {
        if (e.session != null) {
            e.session.order(e);
        }
    }

    /**
     * Brings an order to what the venue says of it. Fills the venue counts that DPP has not booked
     * yet are read first (by trade id, so each is booked once); the order ends only when they are in.
     */
    private void reconcile(EmsOrder e, io.dpp.trading.live.VenueOrder v) {
        e.unknown = false;
        if (v.venueOrderId() != null) {
            e.venueOrderId = v.venueOrderId();
        }
        if (v.filled() != null && v.filled().compareTo(e.filled()) > 0) {
            readFills(e);
            if (!v.status().isFinal() && e.order.status() == OrderStatus.SUBMITTED) {
                e.order.status(OrderStatus.OPEN, null, clock(e));
                transition(e, null);
                toSession(e);
            }
            return;
        }
        OrderStatus before = e.order.status();
        switch (v.status()) {
            case NEW, PARTIALLY_FILLED -> {
                if (before == OrderStatus.SUBMITTED) {
                    e.order.status(OrderStatus.OPEN, null, clock(e));
                }
            }
            case CANCELED, EXPIRED -> e.order.status(OrderStatus.CANCELED, e.cancelRequested ? e.reason : "expired at " + e.account.venue,
                    clock(e));
            case REJECTED -> {
                io.dpp.trading.live.VenueReject r = v.rejection();
                if (r != null) {
                    metrics.rejected(r.reason().code()); // taken, then ended by the venue (Bybit's post-only that would take)
                }
                e.order.status(OrderStatus.REJECTED, r == null ? "rejected by " + e.account.venue
                        : r.reason().code() + ": " + e.account.venue + " refused (" + r.code() + "): " + r.message(), clock(e));
            }
            case FILLED -> {
                // Filled as far as the fills booked say: Order.fill set it.
            }
        }
        if (v.status().isFinal()) {
            e.pendingCancel = false;
        }
        transition(e, e.order.reason());
        toSession(e);
    }

    /** Reads the account's fills of the order's symbol since the order was created, and books the new ones. */
    private void readFills(EmsOrder e) {
        io.dpp.ems.live.LiveVenue venue = liveVenues.get(e.account.id);
        if (venue == null || e.asking) {
            return;
        }
        e.asking = true;
        long since = Math.max(0, e.order.createdTime() / 1000 - 60_000); // a minute's margin for the clocks
        venue.fills(e.request().instrument().nativeSymbol(), since).whenComplete((outcome, error) -> later(() -> {
            e.asking = false;
            if (error == null && outcome.ok()) {
                applyFills(e.account, outcome.value(), "query");
                answer(e);
            } else {
                answer(e);
                LOG.warn("fills of account {} on {} could not be read: {}", e.account.name, e.account.venue,
                        error != null ? error.toString() : outcome.reject());
            }
        }));
    }

    /** Books each fill of {@code fills} that belongs to one of the account's working orders and is not booked yet. */
    private void applyFills(TradingAccount a, List<io.dpp.trading.live.VenueFill> fills, String source) {
        for (io.dpp.trading.live.VenueFill f : fills) {
            EmsOrder e = workingOrderOf(a, f);
            String key = io.dpp.trading.live.OrderProtocol.tradeKey(a.venue, f.symbol(), f.tradeId());
            if (e == null || !a.venueTrades.add(key)) {
                continue; // another order's (or one not DPP's), or booked already
            }
            Instrument i = e.request().instrument();
            a.recentTrades.put(key, i);
            Fill fill = new Fill(e.id(), i, f.side(), f.price(), f.quantity(), f.fee(),
                    f.maker() ? io.dpp.trading.order.Liquidity.MAKER : io.dpp.trading.order.Liquidity.TAKER, f.time(), e.request().tag());
            e.order.fill(fill);
            book(e, fill, f.feeAsset(), f.tradeId());
            metrics.liveFill(a.venue, source);
        }
    }

    /** Asks the venue for a live order being canceled. */
    private void cancelLive(EmsOrder e) {
        io.dpp.ems.live.LiveVenue venue = liveVenues.get(e.account.id);
        e.pendingCancel = true;
        transition(e, null);
        toSession(e);
        if (e.unsent) {
            return; // not at the venue yet: it ends when the journal holds it, never sent (release)
        }
        if (venue == null) {
            return; // sent when the venue is open again (the poll asks)
        }
        venue.cancel(e.request().instrument().nativeSymbol(), e.venueClientId(), e.venueOrderId).whenComplete((outcome, error) -> later(() -> {
            if (error == null && outcome.ok() && outcome.value().filled() == null) {
                // The venue took the cancel without saying what had filled before it (OKX, Kraken): the
                // order as the venue has it now says, so that no fill before the cancel is missed.
                if (!e.asking && !e.state.isFinal()) {
                    ask(e, venue);
                }
            } else if (error == null && outcome.ok()) {
                reconcile(e, outcome.value());
            } else {
                // Unknown at the venue (filled or canceled meanwhile), or no answer: the next poll asks what became of it.
                e.unknown = true;
                LOG.info("cancel of order {} on {}: {}", e.id(), e.account.venue, error != null ? error.toString() : outcome.reject());
            }
        }));
    }

    /**
     * Every {@code ems.live.poll-interval}: each working live order is asked of its venue by its
     * client order id (an order whose answer was lost included), and what changed is brought in.
     */
    private void pollLive() {
        for (TradingAccount a : accounts.values()) {
            io.dpp.ems.live.LiveVenue venue = liveVenues.get(a.id);
            if (venue == null || a.open.isEmpty()) {
                continue;
            }
            for (EmsOrder e : new ArrayList<>(a.open.values())) {
                if (e.live && !e.unsent && !e.asking && e.reply == null) {
                    ask(e, venue);
                }
            }
        }
    }

    /** Asks the venue for one live order by its client order id and brings in what changed. */
    private void ask(EmsOrder e, io.dpp.ems.live.LiveVenue venue) {
        e.asking = true;
        int amendments = e.amendments;
        venue.query(e.request().instrument().nativeSymbol(), e.venueClientId(), e.venueOrderId).whenComplete((outcome, error) -> later(() -> {
            e.asking = false;
            if (e.state.isFinal()) {
                return;
            }
            if (error == null && outcome.ok()) {
                if (!e.amending && amendments == e.amendments) {
                    adoptTerms(e, outcome.value()); // a lookup sent before an amendment would undo it
                }
                reconcile(e, outcome.value());
                if (e.cancelRequested && !e.order.status().isFinal()) {
                    cancelLive(e); // a cancel that found no answer is sent again
                }
            } else if (error == null && outcome.reject().reason() == io.dpp.trading.live.VenueReject.Reason.UNKNOWN_ORDER
                    && e.unknown && e.filled().signum() == 0) {
                // The venue never took it: the order ends here, and nothing was sent twice.
                refuse(e, new io.dpp.trading.live.VenueReject(io.dpp.trading.live.VenueReject.Reason.VENUE_UNAVAILABLE,
                        "none", "the venue has no order " + e.venueClientId() + ": it never reached it", false, false));
            }
        }));
    }

    // ---- strategy sessions (engine thread) ------------------------------------------------------

    @Override
    public CompletableFuture<io.dpp.trading.exec.ExecutionSession> open(String user, String account, String clientIdPrefix,
                                                                       List<String[]> wanted,
                                                                       io.dpp.trading.exec.ExecutionListener listener) {
        return call(() -> {
            TradingAccount a = account(user, account);
            if (wanted.isEmpty() || wanted.stream().anyMatch(vs -> !vs[0].equals(wanted.get(0)[0]))) {
                throw new IllegalArgumentException("a session trades one or more instruments of one venue");
            }
            Session s = new Session(a, wanted.get(0)[0], clientIdPrefix, listener);
            for (String[] vs : wanted) {
                Instrument i = instrument(vs[0], vs[1]);
                if (i != null) {
                    listen(s, i);
                } else {
                    sessionsWaiting.computeIfAbsent(key(vs[0], vs[1]), k -> new ArrayList<>()).add(s);
                }
            }
            // Its working orders from before a restart: those back at the venue now; the parked ones join as they resume.
            for (EmsOrder e : a.open.values()) {
                if (e.clientOrderId.startsWith(clientIdPrefix)) {
                    s.adopt(e);
                }
            }
            for (String id : a.clientIds.keySet()) {
                s.counted(id);
            }
            sessions.add(s);
            listener.onOpen(s);
            return s;
        });
    }

    @Override
    public <T> CompletableFuture<T> call(java.util.function.Supplier<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        if (journalFailure != null) {
            result.completeExceptionally(journalDown());
            return result;
        }
        boolean queued = inbox.offer(() -> {
            try {
                result.complete(work.get());
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        if (!queued) {
            metrics.busy();
            result.completeExceptionally(new HttpProblem(503, "busy", config.maxPending() + " requests are waiting for the EMS; retry shortly"));
        }
        return result;
    }

    private void listen(Session s, Instrument i) {
        List<Session> list = sessionsOf.computeIfAbsent(i, k -> new ArrayList<>());
        if (!list.contains(s)) {
            list.add(s);
        }
    }

    /** Hands a market event to the sessions of its instrument, after the paper venue took it in. */
    private void dispatch(Instrument i, io.dpp.core.model.MarketEvent e) {
        List<Session> list = sessionsOf.get(i);
        if (list == null) {
            return;
        }
        for (int k = 0; k < list.size(); ) {
            Session s = list.get(k);
            s.event(e);
            if (k < list.size() && list.get(k) == s) {
                k++; // else it closed itself (it threw): the next one has moved to k
            }
        }
    }

    /**
     * A strategy's link to a trading account: it sends orders at its own clock (the receive time
     * of what it is handling), through the same checks and journal as the REST API, and receives
     * its orders' updates and fills. A listener that throws closes it: its working orders are
     * canceled and the listener is told why.
     */
    final class Session implements io.dpp.trading.exec.ExecutionSession {

        private static final int KEEP_FINAL = 1024;

        final TradingAccount account;
        /** The venue of its instruments, on whose clock its timers fire. */
        final String venue;
        final String prefix;
        private final io.dpp.trading.exec.ExecutionListener listener;
        private final Map<Long, EmsOrder> open = new LinkedHashMap<>();
        /** The latest orders that ended, for {@link #get}. */
        private final LinkedHashMap<Long, Order> ended = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, Order> eldest) {
                return size() > KEEP_FINAL;
            }
        };
        private long now;
        private long sequence;
        private boolean closed;

        Session(TradingAccount account, String venue, String prefix, io.dpp.trading.exec.ExecutionListener listener) {
            this.account = account;
            this.venue = venue;
            this.prefix = prefix;
            this.listener = listener;
        }

        /** Notes a client order id in use, so that new ones continue after the highest of this session's. */
        void counted(String clientOrderId) {
            if (clientOrderId.startsWith(prefix)) {
                try {
                    sequence = Math.max(sequence, Long.parseLong(clientOrderId.substring(prefix.length())));
                } catch (NumberFormatException ignored) {
                    // not one of the session's numbered ids
                }
            }
        }

        /** A working order of the session's from before a restart. */
        void adopt(EmsOrder e) {
            e.session = this;
            open.put(e.id(), e);
        }

        void event(io.dpp.core.model.MarketEvent e) {
            if (closed) {
                return;
            }
            now = Math.max(now, e.receiveTime());
            try {
                listener.onEvent(e);
            } catch (RuntimeException | Error x) {
                fail(x);
            }
        }

        void timer(long due) {
            if (closed) {
                return;
            }
            now = Math.max(now, due);
            try {
                listener.onTimer(due);
            } catch (RuntimeException | Error x) {
                fail(x);
            }
        }

        void order(EmsOrder e) {
            if (e.state.isFinal() && open.remove(e.id()) != null) {
                ended.put(e.id(), e.order);
            }
            if (closed) {
                return;
            }
            now = Math.max(now, e.order.updatedTime());
            try {
                listener.onOrder(e.order);
            } catch (RuntimeException | Error x) {
                fail(x);
            }
        }

        void fill(EmsOrder e, Fill f) {
            if (e.state.isFinal() && open.remove(e.id()) != null) {
                ended.put(e.id(), e.order);
            }
            if (closed) {
                return;
            }
            now = Math.max(now, f.time());
            try {
                listener.onFill(f);
                listener.onOrder(e.order);
            } catch (RuntimeException | Error x) {
                fail(x);
            }
        }

        private void fail(Throwable x) {
            LOG.warn("a strategy session of account {} ({}) failed and is closed: {}", account.name, prefix, x.toString());
            cancelAll("the strategy failed: " + x);
            close();
            try {
                listener.onFailure(x);
            } catch (RuntimeException | Error ignored) {
                // the session is closed already
            }
        }

        @Override
        public long now() {
            return now;
        }

        @Override
        public Order submit(OrderRequest request) {
            if (closed) {
                throw new IllegalStateException("the session is closed");
            }
            Instrument i = seenInstruments.get(request.instrument());
            if (i == null) {
                throw new IllegalArgumentException("no market data for " + request.instrument().venue() + " "
                        + request.instrument().nativeSymbol() + " has reached the EMS");
            }
            if (i != request.instrument()) {
                request = request(i, request.side(), request.type(), request.timeInForce(), request.postOnly(), request.reduceOnly(),
                        request.quantity(), request.limitPrice(), request.stopPrice(), request.tag());
            }
            String clientId = prefix + (++sequence);
            String digest = new NewOrder(account.name, clientId, i.venue(), i.nativeSymbol(), request.side(), request.type(),
                    request.timeInForce(), request.postOnly(), request.reduceOnly(), request.quantity(), request.limitPrice(),
                    request.stopPrice(), request.tag()).digest();
            Limits limits = account.own.or(defaults);
            String problem = null;
            try {
                checkIncrement("quantity", request.quantity(), i.lotSize());
                checkIncrement("price", request.limitPrice(), i.tickSize());
                checkIncrement("stop_price", request.stopPrice(), i.tickSize());
            } catch (HttpProblem p) {
                problem = "bad_request: " + p.getMessage();
            }
            if (problem == null && account.rate(limits.ordersPerSecond()).tryAcquire() > 0) {
                problem = "rate_limit: account " + account.name + " may submit " + limits.ordersPerSecond() + " orders per second";
            }
            EmsOrder e;
            if (problem != null) {
                e = new EmsOrder(new Order(nextOrderId++, request, now), account, clientId, digest, OrderState.PENDING_NEW);
                e.session = this;
                account.clientIds.put(clientId, e.id());
                reject(e, problem);
            } else {
                e = place(account, clientId, digest, request, limits, this, now);
            }
            if (e.state.isFinal()) {
                ended.put(e.id(), e.order);
            } else {
                open.put(e.id(), e);
            }
            return e.order;
        }

        @Override
        public void cancel(long orderId) {
            EmsOrder e = open.get(orderId);
            if (e != null && !e.state.isFinal()) {
                Engine.this.cancel(e, "canceled by the strategy", now);
            }
        }

        @Override
        public void replace(long orderId, BigDecimal quantity, BigDecimal limitPrice) {
            EmsOrder e = open.get(orderId);
            if (e == null || e.state.isFinal()) {
                return;
            }
            try {
                Engine.this.replace(e, quantity, limitPrice, now);
            } catch (HttpProblem p) {
                throw new IllegalArgumentException(p.getMessage(), p);
            }
            if (!e.pendingReplace) {
                journal(e, false);
            }
        }

        @Override
        public java.util.Collection<Order> open() {
            List<Order> out = new ArrayList<>(open.size());
            for (EmsOrder e : open.values()) {
                out.add(e.order);
            }
            return out;
        }

        @Override
        public Order get(long orderId) {
            EmsOrder e = open.get(orderId);
            return e != null ? e.order : ended.get(orderId);
        }

        @Override
        public Portfolio portfolio() {
            return account.portfolio;
        }

        @Override
        public void timerAt(long time) {
            if (closed) {
                return;
            }
            Paper p = paper(venue);
            long id = nextTimer++;
            p.timers.add(new long[] {Math.max(time, now), id});
            p.timerOwners.put(id, this);
        }

        @Override
        public int cancelAll(String reason) {
            int n = 0;
            for (EmsOrder e : new ArrayList<>(open.values())) {
                if (!e.cancelRequested && !e.state.isFinal()) {
                    Engine.this.cancel(e, reason, Math.max(now, clock(e.request().instrument().venue())));
                    n++;
                }
            }
            for (Journal.OrderRow r : new ArrayList<>(account.parked.values())) {
                if (r.clientOrderId().startsWith(prefix)) {
                    cancelParked(account, r, reason);
                    n++;
                }
            }
            return n;
        }

        @Override
        public long lagNanos() {
            return System.nanoTime() - handedOver;
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            sessions.remove(this);
            for (List<Session> list : sessionsOf.values()) {
                list.remove(this);
            }
            sessionsOf.values().removeIf(List::isEmpty);
            for (List<Session> list : sessionsWaiting.values()) {
                list.remove(this);
            }
            sessionsWaiting.values().removeIf(List::isEmpty);
        }
    }

    // ---- accounts ------------------------------------------------------------------------------

    Reply createAccount(String user, String name, String kind) {
        return createAccount(user, name, kind, null, null);
    }

    /** A new account: {@code venue} and {@code credential} name a live account's venue and venue credential (else null). */
    Reply createAccount(String user, String name, String kind, String venue, String credential) {
        if (byName.containsKey(key(user, name))) {
            throw new HttpProblem(409, "conflict", "you have a trading account named " + name + " already");
        }
        if (!TradingAccount.PAPER.equals(kind) && !TradingAccount.LIVE.equals(kind)) {
            throw new HttpProblem(400, "bad_request", "kind must be \"paper\" or \"live\", got \"" + kind + "\"");
        }
        boolean live = TradingAccount.LIVE.equals(kind);
        if (live && (venue == null || credential == null)) {
            throw new HttpProblem(400, "bad_request", "a live account names its venue and one of your venue credentials (venue, credential)");
        }
        if (!live && (venue != null || credential != null)) {
            throw new HttpProblem(400, "bad_request", "venue and credential are for live accounts; a paper account trades on every venue");
        }
        if (live && liveAccounts == null) {
            throw new HttpProblem(409, "conflict", "this server does not trade live (no credential vault)");
        }
        if (accountsOf(user).size() >= config.maxAccountsPerUser()) {
            throw new HttpProblem(429, "rate_limited", "a user may own " + config.maxAccountsPerUser() + " trading accounts");
        }
        TradingAccount a = new TradingAccount(nextAccountId++, user, name, kind, Timestamps.now());
        a.venue = venue;
        a.credential = credential;
        accounts.put(a.id, a);
        byName.put(key(user, name), a);
        owners.put(a.id, new String[] {user, name});
        current.account(row(a));
        return new Reply(201, accountView(a));
    }

    Reply accounts(String user) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (TradingAccount a : accountsOf(user)) {
            out.add(accountView(a));
        }
        return new Reply(200, Map.of("accounts", out));
    }

    Reply account(String user, String name, boolean view) {
        return new Reply(200, accountView(account(user, name)));
    }

    Reply deposit(String user, String name, String asset, BigDecimal amount) {
        TradingAccount a = account(user, name);
        if (!TradingAccount.PAPER.equals(a.kind)) {
            throw new HttpProblem(409, "conflict", "deposits are for paper accounts; " + a.name + " is a " + a.kind + " account");
        }
        BigDecimal after = a.portfolio.cash(asset).add(amount);
        if (after.signum() < 0) {
            throw new HttpProblem(422, "rejected", "insufficient_balance: the account holds " + plain(a.portfolio.cash(asset)) + " " + asset);
        }
        if (after.precision() - after.scale() > 20) {
            throw new HttpProblem(400, "bad_request", "amount: a balance may not exceed 10^20");
        }
        a.portfolio.deposit(asset, amount);
        current.balance(new Journal.BalanceRow(a.id, asset, a.portfolio.cash(asset)));
        return new Reply(200, accountView(a));
    }

    /**
     * Adopts the venue's amounts of {@code assets} where the last comparison found them different
     * (a deposit or a withdrawal made at the venue): each difference is booked as a transfer, so that
     * DPP counts what the venue holds. Only a difference DPP measured can be adopted, never an amount
     * the caller names; assets only (a margined account's position differs by a trade, not a transfer).
     */
    Reply adopt(String user, String name, java.util.Set<String> assets) {
        TradingAccount a = account(user, name);
        if (!a.isLive()) {
            throw new HttpProblem(409, "conflict", "only a live account's differences with its venue can be adopted; " + a.name + " is a "
                    + a.kind + " account");
        }
        Map<String, Map<String, String>> byAsset = new java.util.TreeMap<>();
        a.differences.forEach(d -> byAsset.put(d.get("asset"), d));
        for (String asset : assets) {
            if (!byAsset.containsKey(asset)) {
                throw new HttpProblem(409, "conflict", "account " + a.name + " has no difference in " + asset + " with " + a.venue
                        + " (differences: " + (byAsset.isEmpty() ? "none" : String.join(", ", byAsset.keySet())) + "); it is compared every "
                        + config.live().balanceCheckInterval().toSeconds() + " s");
            }
        }
        List<Map<String, String>> left = new ArrayList<>();
        for (Map<String, String> d : a.differences) {
            String asset = d.get("asset");
            if (!assets.contains(asset)) {
                left.add(d);
                continue;
            }
            BigDecimal transfer = new BigDecimal(d.get("difference"));
            a.portfolio.deposit(asset, transfer);
            current.balance(new Journal.BalanceRow(a.id, asset, a.portfolio.cash(asset)));
            a.liveChanges++;
            LOG.info("live account {} of {}: {} {} adopted from {} (a transfer made there); DPP counts {}", a.name, a.owner, plain(transfer),
                    asset, a.venue, plain(a.portfolio.cash(asset)));
        }
        a.differences = List.copyOf(left);
        metrics.balanceDifferences(accounts.values().stream().mapToInt(x -> x.differences.size()).sum());
        return new Reply(200, accountView(a));
    }

    Reply reset(String user, String name) {
        TradingAccount a = account(user, name);
        if (!TradingAccount.PAPER.equals(a.kind)) {
            throw new HttpProblem(409, "conflict", "only a paper account can be reset; " + a.name + " is a " + a.kind + " account");
        }
        cancelAll(a, "the account was reset");
        for (String asset : a.portfolio.balances().keySet()) {
            current.balance(new Journal.BalanceRow(a.id, asset, BigDecimal.ZERO));
        }
        for (Position p : a.portfolio.positions()) {
            Instrument i = p.instrument();
            current.position(new Journal.PositionRow(a.id, i.venue(), i.nativeSymbol(), BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO,
                    BigDecimal.ZERO, BigDecimal.ZERO));
        }
        a.portfolio = new Portfolio(Map.of());
        return new Reply(200, accountView(a));
    }

    Reply limits(String user, String name, Limits set) {
        TradingAccount a = account(user, name);
        if (set != null) {
            a.own = set;
            current.limits(new Journal.LimitsRow(a.id, set));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("account", a.name);
        m.put("own", limitsView(a.own));
        m.put("effective", limitsView(a.own.or(defaults)));
        return new Reply(200, m);
    }

    Reply kill(String user, String name, boolean on, String reason) {
        TradingAccount a = account(user, name);
        a.killed = on;
        a.killReason = on ? reason : null;
        if (on) {
            cancelAll(a, "kill switch" + (reason == null ? "" : ": " + reason));
        }
        current.account(row(a));
        return new Reply(200, accountView(a));
    }

    Reply globalKill(boolean on, String reason) {
        globalKill = on;
        globalReason = on ? reason : null;
        int n = 0;
        if (on) {
            for (TradingAccount a : accounts.values()) {
                n += cancelAll(a, "global kill switch" + (reason == null ? "" : ": " + reason));
            }
        }
        current.setting(GLOBAL_KILL, on ? (reason == null ? "" : reason) : null);
        metrics.globalKill(on);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("global_kill_switch", on);
        m.put("reason", globalReason);
        m.put("canceled", n);
        return new Reply(200, m);
    }

    /** The ids of the caller's accounts ({@code name} only, when given), for the API's reads. */
    Reply accountIds(String user, String name) {
        List<Long> ids = new ArrayList<>();
        Map<Long, String> names = new LinkedHashMap<>();
        for (TradingAccount a : name == null ? accountsOf(user) : List.of(account(user, name))) {
            ids.add(a.id);
            names.put(a.id, a.name);
        }
        return new Reply(200, names);
    }

    // ---- plumbing ------------------------------------------------------------------------------

    private TradingAccount account(String user, String name) {
        TradingAccount a = byName.get(key(user, name));
        if (a == null) {
            throw new HttpProblem(404, "not_found", "no trading account " + name + " of yours (POST /api/v1/accounts makes one)");
        }
        return a;
    }

    private List<TradingAccount> accountsOf(String user) {
        List<TradingAccount> out = new ArrayList<>();
        for (TradingAccount a : accounts.values()) {
            if (a.owner.equals(user)) {
                out.add(a);
            }
        }
        out.sort(java.util.Comparator.comparingLong(a -> a.id));
        return out;
    }

    private Instrument instrument(String venueId, String symbol) {
        return instruments.get(key(venueId, symbol));
    }

    /** An order's view with its digest (as {@code _digest}) and owner (as {@code _owner}), from memory or the journal; null if none. */
    private Map<String, Object> view(long id) {
        EmsOrder e = working.get(id);
        if (e != null) {
            Map<String, Object> m = view(e);
            m.put("_digest", e.digest);
            m.put("_owner", e.account.owner);
            return m;
        }
        try {
            Journal.OrderRow r = db.order(id);
            if (r == null) {
                return null;
            }
            TradingAccount a = accounts.get(r.accountId());
            Map<String, Object> m = EmsApi.orderView(r, a == null ? "?" : a.name);
            m.put("_digest", r.digest());
            m.put("_owner", a == null ? "" : a.owner);
            return m;
        } catch (java.sql.SQLException ex) {
            throw new IllegalStateException("cannot read order " + id + ": " + ex.getMessage(), ex);
        }
    }

    private static String ownerOf(Map<String, Object> view) {
        return String.valueOf(view.get("_owner"));
    }

    private static OrderRequest request(Instrument i, Side side, OrderType type, TimeInForce tif, boolean postOnly, boolean reduceOnly,
                                        BigDecimal quantity, BigDecimal price, BigDecimal stop, String tag) {
        return new OrderRequest(i, side, type, quantity, price, stop, tif, postOnly, reduceOnly, tag);
    }

    private static void checkIncrement(String field, BigDecimal value, long increment) {
        if (value == null || increment == Decimal64.NULL || increment <= 0) {
            return;
        }
        BigDecimal step = Decimal64.toBigDecimal(increment);
        if (value.remainder(step).signum() != 0) {
            throw new HttpProblem(400, "bad_request", field + ": " + plain(value) + " is not a multiple of the instrument's "
                    + (field.equals("quantity") ? "lot size " : "tick size ") + plain(step));
        }
    }

    private Journal.AccountRow row(TradingAccount a) {
        return new Journal.AccountRow(a.id, a.owner, a.name, a.kind, a.created, a.killed, a.killReason, a.venue, a.credential, a.live);
    }

    /**
     * How the venue's dead man's switch covers a live account's orders now: {@code renewed} (a
     * countdown the EMS pushes back over REST), {@code connection} (orders go over the private
     * stream's connection, whose end cancels them: Deribit), {@code waiting_for_stream} (such a venue
     * while that connection is down: orders go over REST, uncovered), {@code unavailable} (the venue
     * has none) or {@code off} ({@code ems.live.cancel-on-disconnect} 0s, or the venue not open).
     */
    private String deadMan(io.dpp.ems.live.LiveVenue venue) {
        if (venue == null || config.live().cancelOnDisconnect().isZero()) {
            return "off";
        }
        if (venue.cancelsOnDisconnect() || venue.cancelsSymbolsOnDisconnect()) {
            return "renewed";
        }
        io.dpp.trading.live.PrivateStream p = io.dpp.trading.live.PrivateStream.of(venue.venue());
        if (p != null && p.entersOrders() && config.live().privateStreams()) {
            return venue.entersOverStream() ? "connection" : "waiting_for_stream";
        }
        return "unavailable";
    }

    private Map<String, Object> accountView(TradingAccount a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", a.name);
        m.put("kind", a.kind);
        if (a.isLive()) {
            m.put("venue", a.venue);
            m.put("credential", a.credential);
            m.put("live", a.live);
            m.put("venue_connected", liveVenues.containsKey(a.id));
            io.dpp.ems.live.VenueStream stream = streams.get(a.id);
            m.put("private_stream", stream == null ? "off" : stream.live() ? "live" : "connecting");
            m.put("cancel_on_disconnect", deadMan(liveVenues.get(a.id)));
            // The last comparison with the venue's balances: each asset that differed, with both amounts.
            m.put("balances_checked", a.balancesChecked == 0 ? null : Timestamps.toIso(a.balancesChecked));
            m.put("venue_differences", a.differences);
        }
        m.put("created", Timestamps.toIso(a.created));
        m.put("kill_switch", a.killed);
        m.put("kill_reason", a.killReason);
        m.put("working_orders", a.working());
        Map<String, String> balances = new java.util.TreeMap<>();
        a.portfolio.balances().forEach((asset, amount) -> balances.put(asset, plain(amount)));
        m.put("balances", balances);
        return m;
    }

    static Map<String, Object> limitsView(Limits l) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("max_order_quantity", plain(l.maxOrderQuantity()));
        m.put("max_order_notional", plain(l.maxOrderNotional()));
        m.put("max_position", plain(l.maxPosition()));
        m.put("max_open_orders", l.maxOpenOrders());
        m.put("orders_per_second", l.ordersPerSecond());
        m.put("price_band", plain(l.priceBand()));
        return m;
    }

    static String key(String a, String b) {
        return a + "\u0000" + b;
    }

    static String side(Side s) {
        return s == Side.BUY ? "BUY" : "SELL";
    }

    static String plain(BigDecimal d) {
        return EmsOrder.plain(d);
    }
}
