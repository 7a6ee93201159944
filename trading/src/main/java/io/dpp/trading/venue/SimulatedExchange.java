package io.dpp.trading.venue;

import io.dpp.book.LadderBook;
import io.dpp.core.decimal.Decimal64;
import io.dpp.core.instrument.Instrument;
import io.dpp.core.model.BookChange;
import io.dpp.core.model.Side;
import io.dpp.core.model.Trade;
import io.dpp.trading.order.Fill;
import io.dpp.trading.order.Liquidity;
import io.dpp.trading.order.Order;
import io.dpp.trading.order.OrderRequest;
import io.dpp.trading.order.OrderStatus;
import io.dpp.trading.order.OrderType;
import io.dpp.trading.order.TimeInForce;
import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The simulated venue of a backtest on L2 data: it keeps every instrument's book from the recorded
 * changes and fills orders against it, honestly:
 * <ul>
 *   <li>orders, cancels and replaces reach it {@code latency} after they were sent, and act on the
 *       book as it stands then;</li>
 *   <li>a market order (and the marketable part of a limit order) walks the book from the best
 *       level, taking each level's shown size at its price (taker fee), and leaves what it took
 *       off that level until the venue's next change of it;</li>
 *   <li>a resting limit order joins the queue behind the size shown at its price; a decrease of
 *       that level shrinks the queue ahead; a trade at its price fills it only with the volume
 *       beyond the queue ahead (partial fills); a trade through its price fills the rest; fills are
 *       at the order's limit (maker fee): never better than what the book or the trades offered;</li>
 *   <li>stop orders trigger on a trade at or through the stop and then act as market or limit
 *       orders; post-only orders that would take are refused; IOC and FOK as usual; reduce-only
 *       orders are cut to the position and refused without one.</li>
 * </ul>
 * Deterministic: the same events and requests give the same fills.
 */
public final class SimulatedExchange {

    /** Receives what happens to orders. */
    public interface Listener {
        void onFill(Order order, Fill fill);

        void onOrder(Order order);
    }

    private record Action(long due, int kind, Order order, BigDecimal quantity, BigDecimal limit) {
        static final int NEW = 0;
        static final int CANCEL = 1;
        static final int REPLACE = 2;
    }

    /** A working order at the venue. */
    private static final class Working {
        final Order order;
        final boolean buy;
        long px;
        BigDecimal queueAhead = BigDecimal.ZERO;

        Working(Order order) {
            this.order = order;
            this.buy = order.request().side() == Side.BUY;
        }
    }

    private static final class Market {
        final LadderBook book;
        final List<Working> resting = new ArrayList<>();
        final List<Working> stops = new ArrayList<>();
        long lastTradePx = LadderBook.NONE;

        Market(Instrument instrument) {
            this.book = new LadderBook(instrument.tickSize());
        }
    }

    private final long latencyMicros;
    private final FeeSchedule fees;
    private final Listener listener;
    private final Function<Order, BigDecimal> position;
    private final Map<Instrument, Market> markets = new HashMap<>();
    /** The market of the instrument looked up last (the same object), or null. */
    private Instrument lastInstrument;
    private Market lastMarket;
    private final ArrayDeque<Action> pending = new ArrayDeque<>();
    private final Map<Long, Working> working = new HashMap<>();
    private BigDecimal slippage;
    private long now;

    /**
     * @param latencyMicros time from sending an order (or cancel) to its arrival at the venue
     * @param fees          maker and taker rates
     * @param position      the signed position of an order's owner in the order's instrument (for
     *                      reduce-only): one venue serves many accounts in the EMS
     * @param listener      receives fills and order updates
     */
    public SimulatedExchange(long latencyMicros, FeeSchedule fees, Function<Order, BigDecimal> position, Listener listener) {
        if (latencyMicros < 0) {
            throw new IllegalArgumentException("latency must not be negative");
        }
        this.latencyMicros = latencyMicros;
        this.fees = fees;
        this.position = position;
        this.listener = listener;
    }

    /**
     * Fills on candles instead of books: orders that reach the venue wait for the next bar; market
     * orders fill at its open made worse by {@code slippage} (a fraction); limit orders fill at the
     * open when it is at or better than the limit (taker, slippage capped at the limit), else, if
     * GTC, at the limit when the bar's range reaches it (maker; IOC and FOK are canceled); stops trigger when the range reaches the stop
     * and fill at the open or the stop, whichever is worse, plus slippage (stop-limits then work as
     * limits from the next bar). Whole quantities fill: the bar's volume is not a limit.
     */
    public void fillOnCandles(BigDecimal slippage) {
        this.slippage = slippage;
    }

    /**
     * The best price of {@code instrument}'s bid ({@code bid}) or ask side in the venue's book as a
     * {@link io.dpp.core.decimal.Decimal64}, without allocating; NULL when that side is empty or the
     * book was never seen.
     */
    public long bestPrice(Instrument instrument, boolean bid) {
        Market m = markets.get(instrument);
        if (m == null) {
            return io.dpp.core.decimal.Decimal64.NULL;
        }
        long key = m.book.bestKey(bid);
        return key == LadderBook.NONE ? io.dpp.core.decimal.Decimal64.NULL : io.dpp.core.decimal.Decimal64.of(key, m.book.scale());
    }

    /**
     * The best price of {@code instrument}'s bid ({@code bid}) or ask side in the venue's book, or
     * null when that side is empty or the book was never seen.
     */
    public BigDecimal best(Instrument instrument, boolean bid) {
        Market m = markets.get(instrument);
        if (m == null) {
            return null;
        }
        long key = m.book.bestKey(bid);
        return key == LadderBook.NONE ? null : m.book.decimal(key);
    }

    // ---- what the strategy sends --------------------------------------------------------------

    public void submit(Order order, long sentAt) {
        pending.add(new Action(sentAt + latencyMicros, Action.NEW, order, null, null));
    }

    public void cancel(Order order, long sentAt) {
        pending.add(new Action(sentAt + latencyMicros, Action.CANCEL, order, null, null));
    }

    public void replace(Order order, BigDecimal quantity, BigDecimal limit, long sentAt) {
        pending.add(new Action(sentAt + latencyMicros, Action.REPLACE, order, quantity, limit));
    }

    /** When the next request reaches the venue, or Long.MAX_VALUE when none is on its way. */
    public long nextArrival() {
        return pending.isEmpty() ? Long.MAX_VALUE : pending.peekFirst().due();
    }

    /** Carries out every request that has reached the venue by {@code time}, in the order sent. */
    public void advanceTo(long time) {
        while (!pending.isEmpty() && pending.peekFirst().due() <= time) {
            Action a = pending.pollFirst();
            now = Math.max(now, a.due());
            switch (a.kind()) {
                case Action.NEW -> arrive(a.order());
                case Action.CANCEL -> cancelNow(a.order(), "canceled");
                default -> replaceNow(a.order(), a.quantity(), a.limit());
            }
        }
        now = Math.max(now, time);
    }

    /** Ends the run: requests still on their way never arrive, working orders are canceled. */
    public void finish(long time) {
        now = Math.max(now, time);
        for (Action a : pending) {
            if (a.kind() == Action.NEW && !a.order().status().isFinal()) {
                a.order().status(OrderStatus.CANCELED, "the run ended before it reached the venue", now);
                listener.onOrder(a.order());
            }
        }
        pending.clear();
        for (Working w : new ArrayList<>(working.values())) {
            cancelNow(w.order, "the run ended");
        }
    }

    // ---- what the market does -----------------------------------------------------------------

    public void onBookChange(BookChange b) {
        now = Math.max(now, b.receiveTime());
        Market m = market(b.instrument());
        if (!m.book.apply(b)) {
            throw new IllegalArgumentException(b.instrument().venue() + " " + b.instrument().nativeSymbol()
                    + ": a book change has a price with more than " + m.book.scale()
                    + " decimals or too large for the simulated book");
        }
        // Cancellations ahead of a resting order shrink its queue; the queue never grows.
        for (Working w : m.resting) {
            BigDecimal shown = Decimal64.toBigDecimal(m.book.sizeAtKey(w.buy, w.px));
            if (shown.compareTo(w.queueAhead) < 0) {
                w.queueAhead = shown;
            }
        }
    }

    public void onTrade(Trade t) {
        now = Math.max(now, t.receiveTime());
        Market m = market(t.instrument());
        long px = m.book.key(t.price());
        m.lastTradePx = px;
        if (!m.stops.isEmpty()) {
            for (Iterator<Working> it = m.stops.iterator(); it.hasNext(); ) {
                Working w = it.next();
                if (w.buy ? px >= w.px : px <= w.px) {
                    it.remove();
                    w.order.trigger(now);
                    execute(m, w);
                }
            }
        }
        if (m.resting.isEmpty()) {
            return;
        }
        BigDecimal volume = Decimal64.toBigDecimal(t.amount());
        for (Iterator<Working> it = m.resting.iterator(); it.hasNext(); ) {
            Working w = it.next();
            BigDecimal fill;
            if (w.buy ? px < w.px : px > w.px) {
                fill = w.order.remaining(); // traded through: every order at this price was filled
            } else if (px == w.px && t.side() != (w.buy ? Side.BUY : Side.SELL)) {
                // At its price, against its side (or of unknown side): the queue ahead goes first.
                if (volume.compareTo(w.queueAhead) <= 0) {
                    w.queueAhead = w.queueAhead.subtract(volume);
                    volume = BigDecimal.ZERO;
                    continue;
                }
                volume = volume.subtract(w.queueAhead);
                w.queueAhead = BigDecimal.ZERO;
                fill = volume.min(w.order.remaining());
                volume = volume.subtract(fill);
            } else {
                continue;
            }
            if (fill.signum() > 0) {
                fill(w.order, m.book.decimal(w.px), fill, Liquidity.MAKER);
                if (w.order.status() == OrderStatus.FILLED) {
                    it.remove();
                    working.remove(w.order.id());
                }
            }
        }
    }

    /** A bar closed: orders waiting for it fill (see {@link #fillOnCandles}). */
    public void onCandle(io.dpp.core.model.Candle c) {
        now = Math.max(now, c.receiveTime());
        if (slippage == null) {
            return; // on L2 data the books and trades fill orders; candles are only shown to the strategy
        }
        Market m = market(c.instrument());
        BigDecimal open = Decimal64.toBigDecimal(c.open());
        BigDecimal high = Decimal64.toBigDecimal(c.high());
        BigDecimal low = Decimal64.toBigDecimal(c.low());
        BigDecimal up = BigDecimal.ONE.add(slippage);
        BigDecimal down = BigDecimal.ONE.subtract(slippage);
        List<Working> waiting = new ArrayList<>(m.resting);
        for (Iterator<Working> it = m.stops.iterator(); it.hasNext(); ) {
            Working w = it.next();
            BigDecimal stop = w.order.request().stopPrice();
            if (w.buy ? high.compareTo(stop) < 0 : low.compareTo(stop) > 0) {
                continue;
            }
            it.remove();
            w.order.trigger(now);
            if (w.order.request().type() == OrderType.STOP) {
                BigDecimal base = w.buy ? open.max(stop) : open.min(stop);
                fill(w.order, (w.buy ? base.multiply(up) : base.multiply(down)).stripTrailingZeros(), w.order.remaining(),
                        Liquidity.TAKER);
                working.remove(w.order.id());
            } else {
                m.resting.add(w); // a stop-limit works as a limit from the next bar
            }
        }
        for (Working w : waiting) {
            OrderRequest r = w.order.request();
            BigDecimal price = null;
            Liquidity liquidity = Liquidity.TAKER;
            if (r.type() == OrderType.MARKET || r.type() == OrderType.STOP) {
                price = w.buy ? open.multiply(up) : open.multiply(down);
            } else {
                BigDecimal limit = r.limitPrice();
                boolean atOpen = w.buy ? open.compareTo(limit) <= 0 : open.compareTo(limit) >= 0;
                if (atOpen && r.postOnly()) {
                    m.resting.remove(w);
                    working.remove(w.order.id());
                    reject(w.order, "post-only order would take liquidity at the bar's open");
                    continue;
                }
                if (atOpen) {
                    price = w.buy ? open.multiply(up).min(limit) : open.multiply(down).max(limit);
                } else if (r.timeInForce() == TimeInForce.GTC && (w.buy ? low.compareTo(limit) <= 0 : high.compareTo(limit) >= 0)) {
                    // Only a resting order can be reached later in the bar; IOC and FOK act at the open.
                    price = limit;
                    liquidity = Liquidity.MAKER;
                }
            }
            if (price != null) {
                m.resting.remove(w);
                working.remove(w.order.id());
                fill(w.order, price.stripTrailingZeros(), w.order.remaining(), liquidity);
            } else if (r.timeInForce() != TimeInForce.GTC) {
                m.resting.remove(w);
                cancelNow(w.order, r.timeInForce() == TimeInForce.FOK ? "fill-or-kill: the bar's open was beyond the limit"
                        : "immediate-or-cancel: the bar's open was beyond the limit");
            }
        }
    }

    // ---- the venue's side ---------------------------------------------------------------------

    private void arrive(Order o) {
        OrderRequest r = o.request();
        if (o.status().isFinal()) {
            return;
        }
        Market m = market(r.instrument());
        if (r.reduceOnly()) {
            BigDecimal pos = position.apply(o);
            boolean reduces = r.side() == Side.BUY ? pos.signum() < 0 : pos.signum() > 0;
            if (!reduces) {
                reject(o, "reduce-only with no position to reduce");
                return;
            }
            if (pos.abs().compareTo(r.quantity()) < 0) {
                o.replace(pos.abs(), r.limitPrice(), now);
            }
        }
        Working w = new Working(o);
        if (r.type() == OrderType.STOP || r.type() == OrderType.STOP_LIMIT) {
            w.px = m.book.key(r.stopPrice());
            o.status(OrderStatus.OPEN, null, now);
            listener.onOrder(o);
            if (m.lastTradePx != LadderBook.NONE && (w.buy ? m.lastTradePx >= w.px : m.lastTradePx <= w.px)) {
                o.trigger(now);
                execute(m, w);
            } else {
                m.stops.add(w);
                working.put(o.id(), w);
            }
            return;
        }
        if (slippage != null) {
            // On candles every order waits for the next bar.
            if (r.type() == OrderType.LIMIT) {
                o.status(OrderStatus.OPEN, null, now);
                listener.onOrder(o);
            }
            m.resting.add(w);
            working.put(o.id(), w);
            return;
        }
        if (r.postOnly()) {
            long opposite = m.book.bestKey(!w.buy);
            long limit = m.book.key(r.limitPrice());
            if (opposite != LadderBook.NONE && (w.buy ? limit >= opposite : limit <= opposite)) {
                reject(o, "post-only order would take liquidity");
                return;
            }
        }
        execute(m, w);
    }

    /** A market or limit order (or a triggered stop) acts on the book now. */
    private void execute(Market m, Working w) {
        OrderRequest r = w.order.request();
        boolean limitOrder = r.type() == OrderType.LIMIT || r.type() == OrderType.STOP_LIMIT;
        long limit = limitOrder ? m.book.key(r.limitPrice()) : LadderBook.NONE;
        if (r.timeInForce() == TimeInForce.FOK && available(m.book, w.buy, limit).compareTo(w.order.remaining()) < 0) {
            cancelNow(w.order, "fill-or-kill: not enough at once" + (limitOrder ? " within the limit" : ""));
            return;
        }
        take(m.book, w, limit);
        if (w.order.status() == OrderStatus.FILLED) {
            working.remove(w.order.id());
            return;
        }
        if (!limitOrder || r.timeInForce() != TimeInForce.GTC) {
            working.remove(w.order.id());
            cancelNow(w.order, limitOrder ? "immediate-or-cancel: the rest is canceled" : "no more liquidity in the book");
            return;
        }
        // The rest rests at its limit, behind what the book shows there.
        w.px = limit;
        w.queueAhead = Decimal64.toBigDecimal(m.book.sizeAtKey(w.buy, limit));
        if (w.order.status() == OrderStatus.SUBMITTED) {
            w.order.status(OrderStatus.OPEN, null, now);
            listener.onOrder(w.order);
        }
        m.resting.add(w);
        working.put(w.order.id(), w);
    }

    /** Takes from the opposite side up to {@code limit} (NONE: any price). */
    private void take(LadderBook book, Working w, long limit) {
        boolean sideBid = !w.buy;
        while (w.order.remaining().signum() > 0 && book.depth(sideBid) > 0) {
            long px = book.bestKey(sideBid);
            if (limit != LadderBook.NONE && (w.buy ? px > limit : px < limit)) {
                break;
            }
            long shownSize = book.size(sideBid, 0);
            BigDecimal shown = Decimal64.toBigDecimal(shownSize);
            BigDecimal q = shown.min(w.order.remaining());
            fill(w.order, book.decimal(px), q, Liquidity.TAKER);
            BigDecimal left = shown.subtract(q);
            book.setKey(sideBid, px, left.signum() == 0 ? Decimal64.ZERO : Decimal64.fromBigDecimal(left));
        }
    }

    private static BigDecimal available(LadderBook book, boolean buy, long limit) {
        BigDecimal total = BigDecimal.ZERO;
        boolean sideBid = !buy;
        for (int d = 0; d < book.depth(sideBid); d++) {
            long px = book.keyAt(sideBid, d);
            if (limit != LadderBook.NONE && (buy ? px > limit : px < limit)) {
                break;
            }
            total = total.add(Decimal64.toBigDecimal(book.size(sideBid, d)));
        }
        return total;
    }

    private void fill(Order o, BigDecimal price, BigDecimal quantity, Liquidity liquidity) {
        OrderRequest r = o.request();
        String venue = r.instrument().venue();
        BigDecimal rate = liquidity == Liquidity.MAKER ? fees.maker(venue) : fees.taker(venue);
        // Of the settlement asset's value: the notional, or an inverse contract's coins.
        BigDecimal fee = io.dpp.trading.portfolio.Contracts.value(r.instrument(), quantity, price).multiply(rate).stripTrailingZeros();
        Fill f = new Fill(o.id(), r.instrument(), r.side(), price, quantity, fee, liquidity, now, r.tag());
        o.fill(f);
        listener.onFill(o, f);
    }

    private void cancelNow(Order o, String reason) {
        if (o.status().isFinal()) {
            return;
        }
        Working w = working.remove(o.id());
        if (w != null) {
            Market m = markets.get(o.request().instrument());
            m.resting.remove(w);
            m.stops.remove(w);
        }
        o.status(OrderStatus.CANCELED, reason, now);
        listener.onOrder(o);
    }

    private void replaceNow(Order o, BigDecimal quantity, BigDecimal limit) {
        Working w = working.get(o.id());
        if (w == null || o.status().isFinal() || o.request().type() != OrderType.LIMIT || o.triggered()) {
            return; // nothing working to change: the strategy sees the order's final status
        }
        if (quantity.compareTo(o.filled()) <= 0) {
            cancelNow(o, "replaced with a quantity not above what was filled");
            return;
        }
        Market m = markets.get(o.request().instrument());
        m.resting.remove(w);
        working.remove(o.id());
        o.replace(quantity, limit, now);
        // A replaced order loses its place: it arrives anew at its new price.
        Working again = new Working(o);
        execute(m, again);
    }

    private void reject(Order o, String reason) {
        o.status(OrderStatus.REJECTED, reason, now);
        listener.onOrder(o);
    }

    private Market market(Instrument i) {
        if (i == lastInstrument) {
            return lastMarket; // consecutive events are mostly of one instrument: no map lookup
        }
        Market m = markets.computeIfAbsent(i, Market::new);
        lastInstrument = i;
        lastMarket = m;
        return m;
    }
}
