package io.dpp.sim.trading;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One simulated spot account's orders, trades and balances, matched against the venue's book as it
 * stands when the account is called: a marketable order takes the opposite levels at once (taker),
 * the rest of a GTC limit order rests at its price and fills as a maker once the book crosses it
 * (checked at every call of the account); stop orders trigger when the book's best price on their
 * side reaches the stop. Balances are held for working orders. Fills do not move the simulated
 * market: a venue this size would not notice them. Fees are {@link #FEE} of what is received, in
 * the received asset, as Binance charges them by default, or of the notional in the quote asset, as
 * Kraken does ({@link #feeInQuote}). Venue-neutral: each venue's protocol reads and writes it in its
 * own shapes.
 *
 * <p>In linear mode ({@link #linear}) the account trades linear contracts (USD-M perpetuals) in
 * one-way mode instead: an order holds its margin (its notional over the leverage) in the quote
 * asset, whichever its side; a fill moves the symbol's position (entry price averaged as it grows,
 * profit realized into the wallet as it shrinks) and charges {@link #LINEAR_TAKER_FEE} or
 * {@link #LINEAR_MAKER_FEE} of the notional in the quote asset. The balances are the wallet: what
 * was deposited, plus realized profit, less fees (an open position's margin stays in it).
 *
 * <p>In inverse mode ({@link #inverse}) the contracts are inverse (Deribit's perpetuals): quantities
 * are dollars, and margin, fees, profit and the wallet are in the base coin. An order holds
 * {@code quantity / price / leverage} coins; a fill of {@code q} at {@code p} is worth {@code q / p}
 * coins (the fee a rate of that), the entry is averaged as the dollars over the coins they cost, and
 * a shrinking position realizes {@code q x (1/entry - 1/price)} coins.
 */
public final class SimSpotExchange {

    static final BigDecimal FEE = new BigDecimal("0.001");
    /** Linear contracts' fees, of the notional (Binance USD-M's regular rates). */
    static final BigDecimal LINEAR_TAKER_FEE = new BigDecimal("0.0005");
    static final BigDecimal LINEAR_MAKER_FEE = new BigDecimal("0.0002");

    /** An order as the simulated venue keeps it. */
    public static final class Order {
        public final long id;
        public final String clientOrderId;
        public final String symbol;
        public final boolean buy;
        /** MARKET, LIMIT, LIMIT_MAKER, STOP_LOSS, STOP_LOSS_LIMIT. */
        public final String type;
        /** GTC, IOC, FOK. */
        public final String timeInForce;
        /** The whole quantity and the limit price: an amendment changes them. */
        public BigDecimal quantity;
        public BigDecimal price;
        public final BigDecimal stopPrice;
        public final long created;
        public String status = "NEW";
        public BigDecimal filled = BigDecimal.ZERO;
        public BigDecimal quote = BigDecimal.ZERO;
        public long updated;
        boolean triggered;
        /** What is held for the order: quote for a buy, base for a sell (linear: its margin, in the quote). */
        BigDecimal held = BigDecimal.ZERO;
        /** Linear: the order may only reduce the position. */
        public boolean reduceOnly;
        /** Why the venue ended the order on arrival (a post-only order that would have taken), or null. */
        public Why endedOnArrival;
        final String base;
        final String quoteAsset;

        Order(long id, String clientOrderId, SimBook book, boolean buy, String type, String timeInForce, BigDecimal quantity,
              BigDecimal price, BigDecimal stopPrice, long now) {
            this.id = id;
            this.clientOrderId = clientOrderId;
            this.symbol = book.instrument().nativeSymbol();
            this.buy = buy;
            this.type = type;
            this.timeInForce = timeInForce;
            this.quantity = quantity;
            this.price = price;
            this.stopPrice = stopPrice;
            this.created = now;
            this.updated = now;
            this.base = book.instrument().base();
            this.quoteAsset = book.instrument().quote();
            this.triggered = stopPrice == null;
        }

        public boolean working() {
            return status.equals("NEW") || status.equals("PARTIALLY_FILLED");
        }

        public BigDecimal remaining() {
            return quantity.subtract(filled);
        }
    }

    /** One execution; {@code realized} is the profit it realized on a linear position (zero on spot). */
    public record Trade(long id, Order order, BigDecimal price, BigDecimal quantity, BigDecimal commission, String commissionAsset,
                        boolean maker, long time, BigDecimal realized) {
    }

    /** A linear contract's position in one-way mode: signed quantity and average entry price. */
    public record Position(BigDecimal quantity, BigDecimal entry) {
    }

    /** A refusal: the venue's reason in neutral terms, which the protocol words as its venue does. */
    public static final class Refused extends Exception {
        public final Why why;

        public Refused(Why why, String detail) {
            super(detail);
            this.why = why;
        }
    }

    /** Why an order or cancel is refused. */
    public enum Why { UNKNOWN_SYMBOL, BAD_QUANTITY, BAD_PRICE, DUPLICATE, INSUFFICIENT_BALANCE, WOULD_TAKE, UNKNOWN_ORDER, BAD_REQUEST, REDUCE_ONLY }

    private final Map<String, BigDecimal> free = new TreeMap<>();
    private final Map<String, BigDecimal> locked = new TreeMap<>();
    private final Map<String, Order> byClientId = new LinkedHashMap<>();
    private final List<Trade> trades = new ArrayList<>();
    /** Every placement asked for, by client order id, refused ones included: how a test proves nothing was sent twice. */
    private final Map<String, Integer> placements = new LinkedHashMap<>();
    private long nextOrderId;
    private long nextTradeId;
    /**
     * How many more trade lists (and private stream pushes of executions) answer every trade twice
     * and out of order (the duplicated-executions fault).
     */
    private int echoes;
    /** When the dead man's switch cancels every working order (micros), 0 when disarmed. */
    private long cancelAllAt;
    /** Per-symbol dead man's switches (Binance USD-M's countdown): when each cancels the symbol's working orders (micros). */
    private final Map<String, Long> cancelSymbolAt = new TreeMap<>();
    /** What an account's private stream hears: an order changed, by an execution ({@code trade}, else null). */
    public interface Listener {
        void changed(Change change);
    }

    /**
     * One change of an order, as it stood right after it.
     *
     * @param trade   the execution that made it, or null
     * @param filled  the order's filled quantity
     * @param quote   the quote its fills have come to
     * @param status  NEW, PARTIALLY_FILLED, FILLED, CANCELED or EXPIRED
     * @param amended whether an amendment made it (quantity or price changed in place)
     */
    public record Change(Order order, Trade trade, BigDecimal filled, BigDecimal quote, String status, boolean amended) {
    }

    private final List<Listener> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** Changes of the call under way, told to the listeners when it ends. */
    private final List<Change> changes = new ArrayList<>();

    public void listen(Listener l) {
        listeners.add(l);
    }

    public void unlisten(Listener l) {
        listeners.remove(l);
    }

    /** Moves {@code amount} in or (negative) out of the free balance of {@code asset}; false when too little is free. */
    public synchronized boolean transfer(String asset, BigDecimal amount) {
        if (free.getOrDefault(asset, BigDecimal.ZERO).add(amount).signum() < 0) {
            return false;
        }
        add(free, asset, amount);
        return true;
    }

    /** Whether a private stream listens to this account. */
    public boolean listened() {
        return !listeners.isEmpty();
    }

    private void changed(Order o, Trade t, String status) {
        if (!listeners.isEmpty()) {
            changes.add(new Change(o, t, o.filled, o.quote, status, false));
        }
    }

    private void amended(Order o) {
        if (!listeners.isEmpty()) {
            changes.add(new Change(o, null, o.filled, o.quote, o.status, true));
        }
    }

    /** Tells the listeners the changes of the call that ends. */
    private void tell() {
        if (changes.isEmpty()) {
            return;
        }
        List<Change> told = new ArrayList<>(changes);
        changes.clear();
        if (echoes > 0 && told.stream().anyMatch(c -> c.trade() != null)) {
            // The duplicated-executions fault on the stream: every change twice, the first time backwards.
            echoes--;
            List<Change> echoed = new ArrayList<>(told.reversed());
            echoed.addAll(told);
            told = echoed;
        }
        for (Change c : told) {
            for (Listener l : listeners) {
                try {
                    l.changed(c);
                } catch (RuntimeException e) {
                    // a listener's failure (a closed connection) is its own
                }
            }
        }
    }

    /** Fees in the quote asset, of the notional (a buy pays them on top), rather than of what is received. */
    private boolean feeInQuote;
    /** Linear mode: the leverage orders and positions are margined at; 0 trades spot. */
    private int leverage;
    /** Inverse mode (with a leverage): quantities in dollars, everything else in the base coin. */
    private boolean inverse;
    /** Decimal places a contract account's fees are rounded to (half up), as a venue counting in satoshis charges them; -1: exact. */
    private int feeScale = -1;
    private final Map<String, Position> positions = new TreeMap<>();

    public SimSpotExchange(Map<String, BigDecimal> balances, long firstId) {
        free.putAll(balances);
        this.nextOrderId = firstId;
        this.nextTradeId = firstId;
    }

    /** Trades linear contracts from now on, margined at {@code leverage} (see the class's description). */
    public synchronized SimSpotExchange linear(int leverage) {
        if (leverage < 1 || leverage > 125) {
            throw new IllegalArgumentException("leverage is 1 to 125, got " + leverage);
        }
        this.leverage = leverage;
        return this;
    }

    /** Trades inverse contracts from now on, margined at {@code leverage} (see the class's description). */
    public synchronized SimSpotExchange inverse(int leverage) {
        linear(leverage);
        this.inverse = true;
        return this;
    }

    /** Rounds a contract account's fees to {@code places} decimals from now on (BitMEX charges whole satoshis: 8). */
    public synchronized SimSpotExchange feeScale(int places) {
        this.feeScale = places;
        return this;
    }

    public synchronized boolean isLinear() {
        return leverage > 0;
    }

    /** The asset a contract account's margin, fees and profit are in: the base coin in inverse mode, else the quote. */
    private String settle(Order o) {
        return inverse ? o.base : o.quoteAsset;
    }

    /** What {@code qty} at {@code price} is worth in the settlement asset: the notional, or {@code qty / price} coins in inverse mode. */
    private BigDecimal worth(BigDecimal qty, BigDecimal price) {
        return inverse ? qty.divide(price, MathContext.DECIMAL128) : qty.multiply(price);
    }

    public synchronized int leverage() {
        return leverage;
    }

    /** The open positions (linear mode), by symbol. */
    public synchronized Map<String, Position> positions() {
        return new TreeMap<>(positions);
    }

    /** The margin the open positions take (linear mode): |quantity| times entry over the leverage. */
    private BigDecimal positionMargin() {
        BigDecimal m = BigDecimal.ZERO;
        for (Position p : positions.values()) {
            m = m.add(worth(p.quantity().abs(), p.entry()));
        }
        return leverage == 0 ? m : m.divide(BigDecimal.valueOf(leverage), 8, java.math.RoundingMode.UP);
    }

    /** The margin a linear order of {@code quantity} at {@code price} (null: the book's best opposite price) holds, or null when the book has none. */
    private BigDecimal margin(SimBook book, boolean buy, BigDecimal quantity, BigDecimal price) {
        BigDecimal at = price;
        if (at == null) {
            List<BigDecimal[]> other = buy ? book.asks() : book.bids();
            if (other.isEmpty()) {
                return null;
            }
            at = other.get(0)[0];
        }
        return worth(quantity, at).divide(BigDecimal.valueOf(leverage), 8, java.math.RoundingMode.UP);
    }

    /** Charges fees in the quote asset from now on, as Kraken does. */
    public synchronized SimSpotExchange feeInQuote() {
        feeInQuote = true;
        return this;
    }

    /** The symbols this account has working orders in (what a call that names no symbol sweeps). */
    public synchronized java.util.Set<String> workingSymbols() {
        java.util.Set<String> out = new java.util.TreeSet<>();
        for (Order o : byClientId.values()) {
            if (o.working()) {
                out.add(o.symbol);
            }
        }
        return out;
    }

    public synchronized Map<String, BigDecimal> free() {
        return new TreeMap<>(free);
    }

    public synchronized Map<String, BigDecimal> locked() {
        return new TreeMap<>(locked);
    }

    public synchronized Order order(String clientOrderId) {
        return byClientId.get(clientOrderId);
    }

    /** The order of the venue id {@code id}, or null. */
    public synchronized Order orderById(long id) {
        for (Order o : byClientId.values()) {
            if (o.id == id) {
                return o;
            }
        }
        return null;
    }

    /**
     * A placement of a client order id used before, where the venue answers it with the order of that
     * id and places nothing (Coinbase): counted among the placements asked for the id, and the order
     * returned; null when the id is new.
     */
    public synchronized Order repeated(String clientOrderId) {
        Order o = byClientId.get(clientOrderId);
        if (o != null) {
            placements.merge(clientOrderId, 1, Integer::sum);
        }
        return o;
    }

    public synchronized List<Order> open(String symbol) {
        List<Order> out = new ArrayList<>();
        for (Order o : byClientId.values()) {
            if (o.working() && (symbol == null || o.symbol.equals(symbol))) {
                out.add(o);
            }
        }
        return out;
    }

    /**
     * The trades of {@code symbol} (null: of every symbol) since a time, oldest first; while the duplicated-executions fault
     * is armed ({@link #echo}), every one of them twice and the list out of order.
     */
    public synchronized List<Trade> trades(String symbol, long sinceMicros) {
        List<Trade> out = new ArrayList<>();
        for (Trade t : trades) {
            if ((symbol == null || t.order().symbol.equals(symbol)) && t.time() >= sinceMicros) {
                out.add(t);
            }
        }
        if (echoes > 0 && !out.isEmpty()) {
            echoes--;
            List<Trade> echoed = new ArrayList<>(out.reversed());
            echoed.addAll(out);
            return echoed;
        }
        return out;
    }

    /**
     * Arms the dead man's switch: at {@code atMicros} every working order is canceled unless armed
     * again before; 0 disarms it.
     */
    public synchronized void cancelAllAt(long atMicros) {
        cancelAllAt = atMicros;
    }

    /** Arms a symbol's dead man's switch: at {@code atMicros} its working orders are canceled unless armed again before; 0 disarms it. */
    public synchronized void cancelSymbolAt(String symbol, long atMicros) {
        if (atMicros == 0) {
            cancelSymbolAt.remove(symbol);
        } else {
            cancelSymbolAt.put(symbol, atMicros);
        }
    }

    /** The armed per-symbol switches: when each fires (micros), by symbol. */
    public synchronized Map<String, Long> cancelSymbolAt() {
        return new TreeMap<>(cancelSymbolAt);
    }

    /** When the dead man's switch fires (micros), 0 when disarmed. */
    public synchronized long cancelAllAt() {
        return cancelAllAt;
    }

    /**
     * Cancels every working order if the dead man's switch ran out before {@code nowMicros} (the
     * orders end at the switch's time), and disarms it, as a venue does once it fired; the orders
     * canceled.
     */
    public synchronized int deadMan(long nowMicros) {
        int canceledBySymbol = 0;
        for (Map.Entry<String, Long> e : new ArrayList<>(cancelSymbolAt.entrySet())) {
            if (nowMicros >= e.getValue()) {
                for (Order o : byClientId.values()) {
                    if (o.working() && o.symbol.equals(e.getKey())) {
                        finish(o, "CANCELED", e.getValue());
                        canceledBySymbol++;
                    }
                }
                cancelSymbolAt.remove(e.getKey());
            }
        }
        if (canceledBySymbol > 0) {
            tell();
        }
        if (cancelAllAt == 0 || nowMicros < cancelAllAt) {
            return canceledBySymbol;
        }
        int canceled = 0;
        for (Order o : byClientId.values()) {
            if (o.working()) {
                finish(o, "CANCELED", cancelAllAt);
                canceled++;
            }
        }
        cancelAllAt = 0;
        tell();
        return canceled + canceledBySymbol;
    }

    /** The next {@code count} trade lists this account answers repeat every trade, out of order. */
    public synchronized void echo(int count) {
        echoes = count;
    }

    /** How many more trade lists the duplicated-executions fault will echo. */
    public synchronized int echoesLeft() {
        return echoes;
    }

    /** Every trade of the account, oldest first (the venue's ground truth). */
    public synchronized List<Trade> allTrades() {
        return new ArrayList<>(trades);
    }

    /** Every order of the account, in the order placed (the venue's ground truth). */
    public synchronized List<Order> allOrders() {
        return new ArrayList<>(byClientId.values());
    }

    /** How many placements asked for each client order id, refused ones included. */
    public synchronized Map<String, Integer> placements() {
        return new LinkedHashMap<>(placements);
    }

    /** Places an order; the trades it made at once are in {@link #trades}. */
    public synchronized Order place(SimBook book, String clientOrderId, boolean buy, String type, String timeInForce,
                                    BigDecimal quantity, BigDecimal price, BigDecimal stopPrice, long now) throws Refused {
        return place(book, clientOrderId, buy, type, timeInForce, quantity, price, stopPrice, false, now);
    }

    /** Places an order, reduce-only where {@code reduceOnly} (linear mode: it may only shrink the position). */
    public synchronized Order place(SimBook book, String clientOrderId, boolean buy, String type, String timeInForce,
                                    BigDecimal quantity, BigDecimal price, BigDecimal stopPrice, boolean reduceOnly, long now) throws Refused {
        placements.merge(clientOrderId, 1, Integer::sum);
        if (book == null) {
            throw new Refused(Why.UNKNOWN_SYMBOL, "Invalid symbol.");
        }
        Order existing = byClientId.get(clientOrderId);
        if (existing != null && existing.working()) {
            throw new Refused(Why.DUPLICATE, "Duplicate order sent.");
        }
        if (quantity == null || quantity.signum() <= 0 || quantity.remainder(book.lot()).signum() != 0) {
            throw new Refused(Why.BAD_QUANTITY, "Filter failure: LOT_SIZE");
        }
        boolean limited = !type.equals("MARKET") && !type.equals("STOP_LOSS");
        if (limited && (price == null || price.signum() <= 0 || price.remainder(book.tick()).signum() != 0)) {
            throw new Refused(Why.BAD_PRICE, "Filter failure: PRICE_FILTER");
        }
        if (type.startsWith("STOP") && (stopPrice == null || stopPrice.signum() <= 0 || stopPrice.remainder(book.tick()).signum() != 0)) {
            throw new Refused(Why.BAD_PRICE, "Filter failure: PRICE_FILTER");
        }
        Order o = new Order(nextOrderId++, clientOrderId, book, buy, type, timeInForce, quantity, limited ? price : null, stopPrice, now);
        if (type.equals("LIMIT_MAKER") && crosses(o, book)) {
            throw new Refused(Why.WOULD_TAKE, "Order would immediately match and take.");
        }
        // Hold what the order may spend: a buy its limit notional (a market buy what the book's
        // asks would cost), a sell its quantity of the base; linear, its margin (none when it only reduces).
        BigDecimal need;
        String asset;
        if (leverage > 0) {
            o.reduceOnly = reduceOnly;
            Position p = positions.get(o.symbol);
            BigDecimal held = p == null ? BigDecimal.ZERO : p.quantity();
            if (reduceOnly && (held.signum() == 0 || (buy ? held.signum() > 0 : held.signum() < 0) || quantity.compareTo(held.abs()) > 0)) {
                throw new Refused(Why.REDUCE_ONLY, "ReduceOnly Order is rejected.");
            }
            need = reduceOnly ? BigDecimal.ZERO : margin(book, buy, quantity, limited ? price : null);
            asset = settle(o);
            if (need != null && free.getOrDefault(asset, BigDecimal.ZERO).subtract(positionMargin()).compareTo(need) < 0) {
                throw new Refused(Why.INSUFFICIENT_BALANCE, "Margin is insufficient.");
            }
        } else {
            need = buy ? (limited ? quantity.multiply(price) : cost(book, quantity)) : quantity;
            if (buy && feeInQuote && need != null) {
                need = need.add(need.multiply(FEE)); // the fee is paid on top
            }
            asset = buy ? o.quoteAsset : o.base;
        }
        if (need == null || free.getOrDefault(asset, BigDecimal.ZERO).compareTo(need) < 0) {
            throw new Refused(Why.INSUFFICIENT_BALANCE, leverage > 0 ? "Margin is insufficient."
                    : "Account has insufficient balance for requested action.");
        }
        hold(o, asset, need);
        byClientId.put(clientOrderId, o);
        changed(o, null, "NEW");
        if (o.triggered) {
            execute(o, book, now, false);
        }
        tell();
        return o;
    }

    /**
     * Places an order as a venue that takes a post-only order which would take and then cancels it
     * (Bybit's contracts): such an order is CANCELED on arrival with {@link Order#endedOnArrival}
     * WOULD_TAKE, found by its client order id; any other refusal is thrown as by {@link #place}.
     */
    public synchronized Order placeOrEnd(SimBook book, String clientOrderId, boolean buy, String type, String timeInForce,
                                         BigDecimal quantity, BigDecimal price, BigDecimal stopPrice, boolean reduceOnly, long now)
            throws Refused {
        try {
            return place(book, clientOrderId, buy, type, timeInForce, quantity, price, stopPrice, reduceOnly, now);
        } catch (Refused r) {
            if (r.why != Why.WOULD_TAKE) {
                throw r;
            }
            Order o = new Order(nextOrderId++, clientOrderId, book, buy, type, timeInForce, quantity, price, stopPrice, now);
            o.reduceOnly = reduceOnly;
            o.status = "CANCELED";
            o.endedOnArrival = Why.WOULD_TAKE;
            byClientId.put(clientOrderId, o);
            changed(o, null, o.status);
            tell();
            return o;
        }
    }

    /** Fills what the book now crosses among the working orders of {@code book}'s instrument (makers), and triggers stops. */
    public synchronized void sweep(SimBook book, long now) {
        if (book == null) {
            return;
        }
        for (Order o : new ArrayList<>(byClientId.values())) {
            if (!o.working() || !o.symbol.equals(book.instrument().nativeSymbol())) {
                continue;
            }
            if (!o.triggered) {
                BigDecimal best = o.buy ? (book.asks().isEmpty() ? null : book.asks().get(0)[0])
                        : (book.bids().isEmpty() ? null : book.bids().get(0)[0]);
                if (best != null && (o.buy ? best.compareTo(o.stopPrice) >= 0 : best.compareTo(o.stopPrice) <= 0)) {
                    o.triggered = true;
                    execute(o, book, now, false);
                }
                continue;
            }
            execute(o, book, now, true);
        }
        tell();
    }

    public synchronized Order cancel(String clientOrderId, long now) throws Refused {
        Order o = byClientId.get(clientOrderId);
        if (o == null || !o.working()) {
            throw new Refused(Why.UNKNOWN_ORDER, "Unknown order sent.");
        }
        o.status = "CANCELED";
        o.updated = now;
        release(o);
        changed(o, null, o.status);
        tell();
        return o;
    }

    /**
     * Amends a working limit order in place (its ids kept): a new whole quantity above what it has
     * filled and a new limit price, what it holds adjusted. At a price that crosses the book it
     * trades at once, as a taker.
     */
    public synchronized Order amend(SimBook book, String clientOrderId, BigDecimal quantity, BigDecimal price, long now) throws Refused {
        Order o = byClientId.get(clientOrderId);
        if (o == null || !o.working() || o.price == null || !o.triggered) {
            throw new Refused(Why.UNKNOWN_ORDER, "Order does not exist or cannot be amended.");
        }
        if (book == null || !book.instrument().nativeSymbol().equals(o.symbol)) {
            throw new Refused(Why.UNKNOWN_SYMBOL, "Invalid symbol.");
        }
        BigDecimal q = quantity == null ? o.quantity : quantity;
        BigDecimal p = price == null ? o.price : price;
        if (q.compareTo(o.filled) <= 0 || q.remainder(book.lot()).signum() != 0) {
            throw new Refused(Why.BAD_QUANTITY, "Filter failure: LOT_SIZE");
        }
        if (p.signum() <= 0 || p.remainder(book.tick()).signum() != 0) {
            throw new Refused(Why.BAD_PRICE, "Filter failure: PRICE_FILTER");
        }
        BigDecimal left = q.subtract(o.filled);
        BigDecimal need;
        String asset;
        if (leverage > 0) {
            need = o.reduceOnly ? BigDecimal.ZERO : margin(book, o.buy, left, p);
            asset = settle(o);
            if (free.getOrDefault(asset, BigDecimal.ZERO).add(o.held).subtract(positionMargin()).compareTo(need) < 0) {
                throw new Refused(Why.INSUFFICIENT_BALANCE, "Margin is insufficient.");
            }
        } else {
            need = o.buy ? left.multiply(p) : left;
            if (o.buy && feeInQuote) {
                need = need.add(need.multiply(FEE));
            }
            asset = o.buy ? o.quoteAsset : o.base;
            if (free.getOrDefault(asset, BigDecimal.ZERO).add(o.held).compareTo(need) < 0) {
                throw new Refused(Why.INSUFFICIENT_BALANCE, "Account has insufficient balance for requested action.");
            }
        }
        release(o);
        hold(o, asset, need);
        o.quantity = q;
        o.price = p;
        o.updated = now;
        amended(o);
        if (o.type.equals("LIMIT_MAKER") && crosses(o, book)) {
            finish(o, "EXPIRED", now); // a post-only order amended to take is taken off, as Binance does
        } else if (crosses(o, book)) {
            execute(o, book, now, false);
        }
        tell();
        return o;
    }

    private static boolean crosses(Order o, SimBook book) {
        List<BigDecimal[]> other = o.buy ? book.asks() : book.bids();
        return !other.isEmpty() && (o.price == null || (o.buy ? other.get(0)[0].compareTo(o.price) <= 0 : other.get(0)[0].compareTo(o.price) >= 0));
    }

    /** What buying {@code quantity} from the asks costs now, or null when the book has too little. */
    private static BigDecimal cost(SimBook book, BigDecimal quantity) {
        BigDecimal left = quantity;
        BigDecimal cost = BigDecimal.ZERO;
        for (BigDecimal[] level : book.asks()) {
            BigDecimal take = left.min(level[1]);
            cost = cost.add(take.multiply(level[0]));
            left = left.subtract(take);
            if (left.signum() == 0) {
                return cost;
            }
        }
        return null;
    }

    /**
     * Fills {@code o} against the levels that cross it: at the levels' prices when it arrives
     * (taker), at its own price when the book moved through it while it rested (maker).
     */
    private void execute(Order o, SimBook book, long now, boolean resting) {
        boolean market = o.price == null;
        List<BigDecimal[]> other = o.buy ? book.asks() : book.bids();
        if (!resting && o.timeInForce.equals("FOK")) {
            BigDecimal available = BigDecimal.ZERO;
            for (BigDecimal[] level : other) {
                if (!market && (o.buy ? level[0].compareTo(o.price) > 0 : level[0].compareTo(o.price) < 0)) {
                    break;
                }
                available = available.add(level[1]);
            }
            if (available.compareTo(o.remaining()) < 0) {
                finish(o, "EXPIRED", now);
                return;
            }
        }
        for (BigDecimal[] level : other) {
            if (o.remaining().signum() == 0) {
                break;
            }
            if (!market && (o.buy ? level[0].compareTo(o.price) > 0 : level[0].compareTo(o.price) < 0)) {
                break;
            }
            BigDecimal qty = o.remaining().min(level[1]);
            BigDecimal at = resting ? o.price : level[0];
            fill(o, at, qty, resting, now);
        }
        if (o.remaining().signum() == 0) {
            finish(o, "FILLED", now);
        } else if (!resting && (market || !o.timeInForce.equals("GTC"))) {
            finish(o, "EXPIRED", now);
        } else if (o.filled.signum() > 0) {
            o.status = "PARTIALLY_FILLED";
        }
    }

    private void fill(Order o, BigDecimal price, BigDecimal qty, boolean maker, long now) {
        if (leverage > 0) {
            fillLinear(o, price, qty, maker, now);
            return;
        }
        BigDecimal notional = price.multiply(qty);
        String feeAsset = feeInQuote || !o.buy ? o.quoteAsset : o.base;
        BigDecimal commission = (o.buy && !feeInQuote ? qty : notional).multiply(FEE).stripTrailingZeros();
        // Spend from what is held, receive net of the fee (or, fees in the quote asset, a buy pays it on top).
        if (o.buy && feeInQuote) {
            spend(o, o.quoteAsset, notional.add(commission));
            add(free, o.base, qty);
        } else if (o.buy) {
            spend(o, o.quoteAsset, notional);
            add(free, o.base, qty.subtract(commission));
        } else {
            spend(o, o.base, qty);
            add(free, o.quoteAsset, notional.subtract(commission));
        }
        o.filled = o.filled.add(qty);
        o.quote = o.quote.add(notional);
        o.updated = now;
        Trade t = new Trade(nextTradeId++, o, price, qty, commission, feeAsset, maker, now, BigDecimal.ZERO);
        trades.add(t);
        changed(o, t, o.filled.compareTo(o.quantity) >= 0 ? "FILLED" : "PARTIALLY_FILLED");
    }

    /** A linear fill: the position moves, profit is realized as it shrinks, the order's margin for it is released, the fee paid. */
    private void fillLinear(Order o, BigDecimal price, BigDecimal qty, boolean maker, long now) {
        BigDecimal notional = price.multiply(qty);
        BigDecimal value = worth(qty, price);
        BigDecimal commission = value.multiply(maker ? LINEAR_MAKER_FEE : LINEAR_TAKER_FEE).round(MathContext.DECIMAL128);
        commission = (feeScale >= 0 ? commission.setScale(feeScale, java.math.RoundingMode.HALF_UP) : commission).stripTrailingZeros();
        Position p = positions.getOrDefault(o.symbol, new Position(BigDecimal.ZERO, BigDecimal.ZERO));
        BigDecimal signed = o.buy ? qty : qty.negate();
        BigDecimal after = p.quantity().add(signed);
        BigDecimal realized = BigDecimal.ZERO;
        BigDecimal entry;
        if (p.quantity().signum() != 0 && p.quantity().signum() != signed.signum()) {
            BigDecimal closed = qty.min(p.quantity().abs());
            BigDecimal signedClosed = p.quantity().signum() > 0 ? closed : closed.negate();
            realized = inverse
                    ? signedClosed.divide(p.entry(), MathContext.DECIMAL128).subtract(signedClosed.divide(price, MathContext.DECIMAL128))
                            .round(MathContext.DECIMAL128)
                    : price.subtract(p.entry()).multiply(signedClosed);
            entry = after.signum() == 0 ? BigDecimal.ZERO : after.signum() == p.quantity().signum() ? p.entry() : price; // flipped: the rest at this price
        } else if (inverse) {
            // The dollars over the coins they cost.
            BigDecimal coins = value.add(p.quantity().signum() == 0 ? BigDecimal.ZERO : p.quantity().abs().divide(p.entry(), MathContext.DECIMAL128));
            entry = after.abs().divide(coins, MathContext.DECIMAL128).stripTrailingZeros();
        } else {
            entry = p.entry().multiply(p.quantity().abs()).add(notional).divide(after.abs(), MathContext.DECIMAL128).stripTrailingZeros();
        }
        if (after.signum() == 0) {
            positions.remove(o.symbol);
        } else {
            positions.put(o.symbol, new Position(after, entry));
        }
        // The margin held for this part of the order goes back to the wallet's free part.
        BigDecimal remaining = o.remaining();
        BigDecimal release = qty.compareTo(remaining) >= 0 ? o.held
                : o.held.multiply(qty).divide(remaining, 8, java.math.RoundingMode.DOWN);
        o.held = o.held.subtract(release);
        add(locked, settle(o), release.negate());
        add(free, settle(o), release.add(realized).subtract(commission));
        o.filled = o.filled.add(qty);
        o.quote = o.quote.add(notional);
        o.updated = now;
        Trade t = new Trade(nextTradeId++, o, price, qty, commission, settle(o), maker, now, realized);
        trades.add(t);
        changed(o, t, o.filled.compareTo(o.quantity) >= 0 ? "FILLED" : "PARTIALLY_FILLED");
    }

    private void finish(Order o, String status, long now) {
        o.status = status;
        o.updated = now;
        release(o);
        changed(o, null, status);
    }

    private void hold(Order o, String asset, BigDecimal amount) {
        add(free, asset, amount.negate());
        add(locked, asset, amount);
        o.held = amount;
    }

    private void spend(Order o, String asset, BigDecimal amount) {
        BigDecimal fromHeld = amount.min(o.held);
        o.held = o.held.subtract(fromHeld);
        add(locked, asset, fromHeld.negate());
        // A market buy held what the book cost when it came; a price change is settled from free cash.
        add(free, asset, fromHeld.subtract(amount));
    }

    private void release(Order o) {
        String asset = leverage > 0 ? settle(o) : o.buy ? o.quoteAsset : o.base;
        add(locked, asset, o.held.negate());
        add(free, asset, o.held);
        o.held = BigDecimal.ZERO;
    }

    private static void add(Map<String, BigDecimal> m, String asset, BigDecimal amount) {
        BigDecimal v = m.getOrDefault(asset, BigDecimal.ZERO).add(amount);
        if (v.signum() == 0) {
            m.remove(asset);
        } else {
            m.put(asset, v);
        }
    }

    /** The average fill price of {@code o}, or null before any. */
    public static BigDecimal average(Order o) {
        return o.filled.signum() == 0 ? null : o.quote.divide(o.filled, MathContext.DECIMAL128).stripTrailingZeros();
    }
}
