package io.dpp.ems;

import io.dpp.core.decimal.Decimal64;
import io.dpp.core.instrument.Instrument;
import io.dpp.core.instrument.InstrumentType;
import io.dpp.core.model.Side;
import io.dpp.trading.order.OrderRequest;
import io.dpp.trading.order.OrderType;
import io.dpp.trading.portfolio.Contracts;
import io.dpp.trading.portfolio.Portfolio;
import java.math.BigDecimal;

/**
 * The pre-trade risk checks' fast path: answers, without allocating, whether an order certainly
 * passes every check, so that an accepted order costs no garbage to check. It never refuses: an
 * order it cannot pass for certain (one that breaks a limit, or lies so close to one that the
 * answer needs exact arithmetic, or whose numbers do not fit its representations) goes to the
 * engine's exact checks, which refuse with the reason code and message.
 *
 * <p>Exact comparisons (quantity against its limit, a price against a resting order's) use
 * {@link BigDecimal#compareTo}, which allocates nothing for the numbers orders carry. A limit
 * against the opposite best, products and sums (notional, mid and band, position after the
 * order, money needed) are computed in doubles and count only with a margin
 * ({@link #MARGIN}, relative) far above the doubles' rounding error, so that a pass here is a pass
 * of the exact check. {@link BigDecimal#doubleValue} allocates nothing for a compact value of fewer
 * than 16 digits; the book's prices come as {@link Decimal64} from the paper venue.
 */
final class RiskCheck {

    /** The relative margin a double comparison must clear to count as certain. */
    static final double MARGIN = 1e-9;

    private RiskCheck() {
    }

    /**
     * True when the order certainly passes every check the engine makes; false when the exact
     * checks must decide (they may still pass it).
     *
     * @param bid   the best bid of the order's instrument at the paper venue (Decimal64), or {@link Decimal64#NULL}
     * @param ask   the best ask, likewise
     * @param stale whether the instrument's book (or its venue's feed) is out of sync
     * @param fee   the larger of the paper venue's fee rates, at least 0
     */
    static boolean passes(boolean globalKill, TradingAccount a, EmsOrder e, Limits limits, long bid, long ask, boolean stale,
                          double fee) {
        if (globalKill || a.killed) {
            return false;
        }
        OrderRequest r = e.request();
        Instrument i = r.instrument();
        boolean buy = r.side() == Side.BUY;
        BigDecimal quantity = r.quantity();
        if (quantity.compareTo(limits.maxOrderQuantity()) > 0 || Contracts.inverse(i)) {
            return false; // an inverse contract's coin amounts are divisions: the exact checks decide
        }
        long opposite = buy ? ask : bid;
        // A marketable order needs a book in sync with an opposite side: market and stop orders
        // always are; a limit order is when it crosses, which matters only on a stale book.
        if (r.type() == OrderType.MARKET || r.type() == OrderType.STOP) {
            if (stale || opposite == Decimal64.NULL) {
                return false;
            }
        } else if (r.type() == OrderType.LIMIT && stale && opposite != Decimal64.NULL) {
            double limit = r.limitPrice().doubleValue();
            double best = Decimal64.toDouble(opposite);
            if (!(buy ? below(limit, best) : below(best, limit))) {
                return false; // it crosses, or lies about at the best: the exact checks decide
            }
        }
        double price;
        if (r.limitPrice() != null) {
            price = r.limitPrice().doubleValue();
        } else if (r.stopPrice() != null && opposite == Decimal64.NULL) {
            price = r.stopPrice().doubleValue();
        } else if (opposite != Decimal64.NULL) {
            price = Decimal64.toDouble(opposite);
        } else {
            return false;
        }
        double q = quantity.doubleValue();
        if (!below(price * q, limits.maxOrderNotional().doubleValue())) {
            return false;
        }
        if (bid != Decimal64.NULL && ask != Decimal64.NULL) {
            // |p - mid| <= mid * band, as |2p - (bid + ask)| <= (bid + ask) * band.
            double sum = Decimal64.toDouble(bid) + Decimal64.toDouble(ask);
            double band = sum * limits.priceBand().doubleValue();
            if (r.limitPrice() != null && !withinBand(r.limitPrice().doubleValue(), sum, band)) {
                return false;
            }
            if (r.stopPrice() != null && !withinBand(r.stopPrice().doubleValue(), sum, band)) {
                return false;
            }
        }
        if (a.working() >= limits.maxOpenOrders()) {
            return false;
        }
        double position = a.portfolio.position(i).quantity().doubleValue();
        if (!r.reduceOnly()) {
            double after = buy ? position + q : position - q;
            if (!below(Math.abs(after) + MARGIN * (Math.abs(position) + q), limits.maxPosition().doubleValue())) {
                return false;
            }
        }
        for (EmsOrder other : a.open.values()) {
            OrderRequest o = other.request();
            if (o.instrument().equals(i) && o.side() != r.side() && o.limitPrice() != null && o.type() == OrderType.LIMIT
                    && (r.type() == OrderType.MARKET || r.limitPrice() != null
                    && (buy ? r.limitPrice().compareTo(o.limitPrice()) >= 0 : r.limitPrice().compareTo(o.limitPrice()) <= 0))) {
                return false;
            }
        }
        return r.reduceOnly() || balance(a, r, i, buy, price, q, position, fee);
    }

    /** Enough cash for a buy (or a derivative's margin), enough holdings for a spot sell, with the working orders. */
    private static boolean balance(TradingAccount a, OrderRequest r, Instrument i, boolean buy, double price, double q, double position,
                                   double fee) {
        if (!buy && i.type() == InstrumentType.SPOT) {
            double selling = q;
            for (EmsOrder o : a.open.values()) {
                if (o.request().instrument().equals(i) && o.request().side() == Side.SELL) {
                    selling += remaining(o);
                }
            }
            return below(selling, position);
        }
        String quote = Portfolio.quoteOf(i);
        double needed = price * q;
        for (EmsOrder o : a.open.values()) {
            OrderRequest or = o.request();
            if (Portfolio.quoteOf(or.instrument()).equals(quote) && (or.side() == Side.BUY || or.instrument().type() != InstrumentType.SPOT)) {
                if (Contracts.inverse(or.instrument())) {
                    return false; // a working inverse order in the same coin: the exact checks count it
                }
                double p = or.limitPrice() != null ? or.limitPrice().doubleValue()
                        : or.stopPrice() != null ? or.stopPrice().doubleValue() : price;
                needed += p * remaining(o);
            }
        }
        return below(needed * (1 + fee), a.portfolio.cash(quote).doubleValue());
    }

    private static double remaining(EmsOrder o) {
        return o.request().quantity().doubleValue() - o.order.filled().doubleValue();
    }

    /**
     * The pre-trade checks in exact decimals: null when the order passes, else "code: message"
     * (the reason code, then what broke which limit).
     *
     * @param bid   the best bid of the order's instrument at the paper venue, or null
     * @param ask   the best ask, or null
     * @param stale whether the instrument's book (or its venue's feed) is out of sync
     * @param fee   the larger of the paper venue's fee rates, at least 0
     */
    static String exact(boolean globalKill, String globalReason, TradingAccount a, EmsOrder e, Limits limits, BigDecimal bid,
                        BigDecimal ask, boolean stale, BigDecimal fee) {
        OrderRequest r = e.request();
        Instrument i = r.instrument();
        boolean buy = r.side() == Side.BUY;
        if (globalKill) {
            return "kill_switch: the global kill switch is set" + (globalReason == null ? "" : " (" + globalReason + ")");
        }
        if (a.killed) {
            return "kill_switch: account " + a.name + "'s kill switch is set" + (a.killReason == null ? "" : " (" + a.killReason + ")");
        }
        if (r.quantity().compareTo(limits.maxOrderQuantity()) > 0) {
            return "max_order_quantity: quantity " + EmsOrder.plain(r.quantity()) + " is above the account's limit " + EmsOrder.plain(limits.maxOrderQuantity());
        }
        BigDecimal opposite = buy ? ask : bid;
        boolean marketable = r.type() == OrderType.MARKET || r.type() == OrderType.STOP
                || r.type() == OrderType.LIMIT && opposite != null && (buy ? r.limitPrice().compareTo(opposite) >= 0
                : r.limitPrice().compareTo(opposite) <= 0);
        if ((marketable || r.type() == OrderType.MARKET) && (stale || opposite == null)) {
            return "stale_book: the " + i.venue() + " " + i.nativeSymbol() + " book is " + (stale ? "not in sync with the venue"
                    : "empty on the " + (buy ? "ask" : "bid") + " side") + "; a marketable order would fill on old prices";
        }
        BigDecimal price = r.limitPrice() != null ? r.limitPrice() : r.stopPrice() != null && opposite == null ? r.stopPrice() : opposite;
        if (price == null) {
            return "stale_book: no price of " + i.venue() + " " + i.nativeSymbol() + " to check the order against";
        }
        BigDecimal notional = Contracts.quoteValue(i, r.quantity(), price);
        if (notional.compareTo(limits.maxOrderNotional()) > 0) {
            return "max_order_notional: notional " + EmsOrder.plain(notional) + " is above the account's limit " + EmsOrder.plain(limits.maxOrderNotional());
        }
        if (bid != null && ask != null) {
            BigDecimal mid = bid.add(ask).divide(BigDecimal.TWO); // exact: half of a decimal always ends
            for (BigDecimal p : new BigDecimal[] {r.limitPrice(), r.stopPrice()}) {
                if (p != null && p.subtract(mid).abs().compareTo(mid.multiply(limits.priceBand())) > 0) {
                    return "price_band: price " + EmsOrder.plain(p) + " is more than " + EmsOrder.plain(limits.priceBand().movePointRight(2))
                            + "% from the mid " + EmsOrder.plain(mid);
                }
            }
        }
        if (a.working() >= limits.maxOpenOrders()) {
            return "max_open_orders: the account has " + a.working() + " working orders, its limit";
        }
        BigDecimal position = a.portfolio.position(i).quantity();
        BigDecimal after = buy ? position.add(r.quantity()) : position.subtract(r.quantity());
        if (!r.reduceOnly() && after.abs().compareTo(limits.maxPosition()) > 0 && after.abs().compareTo(position.abs()) > 0) {
            return "max_position: the position would reach " + EmsOrder.plain(after) + ", beyond the account's limit " + EmsOrder.plain(limits.maxPosition());
        }
        for (EmsOrder other : a.open.values()) {
            OrderRequest o = other.request();
            if (o.instrument().equals(i) && o.side() != r.side() && o.limitPrice() != null && o.type() == OrderType.LIMIT
                    && (r.type() == OrderType.MARKET || r.limitPrice() != null
                    && (buy ? r.limitPrice().compareTo(o.limitPrice()) >= 0 : r.limitPrice().compareTo(o.limitPrice()) <= 0))) {
                return "self_trade: the order would trade against the account's own order " + other.id();
            }
        }
        return balance(a, r, i, buy, price, position, fee);
    }

    /** Enough cash for a buy (or a derivative's margin, one to one) and enough holdings for a spot sell. */
    private static String balance(TradingAccount a, OrderRequest r, Instrument i, boolean buy, BigDecimal price, BigDecimal position,
                                  BigDecimal fee) {
        if (r.reduceOnly()) {
            return null;
        }
        boolean spot = i.type() == InstrumentType.SPOT;
        String quote = Portfolio.quoteOf(i);
        if (!buy && spot) {
            BigDecimal selling = r.quantity();
            for (EmsOrder o : a.open.values()) {
                if (o.request().instrument().equals(i) && o.request().side() == Side.SELL) {
                    selling = selling.add(o.remaining());
                }
            }
            // What the account holds of the base: its position, and coins it held before trading
            // them here (a live account's balance at its venue, a deposit).
            BigDecimal holding = position.max(BigDecimal.ZERO).add(i.base() == null ? BigDecimal.ZERO : a.portfolio.cash(i.base()));
            if (selling.compareTo(holding) > 0) {
                return "insufficient_balance: selling " + EmsOrder.plain(selling) + " " + i.base() + " (with working orders) but holding "
                        + EmsOrder.plain(holding);
            }
            return null;
        }
        boolean reduces = !spot && (buy ? position.signum() < 0 : position.signum() > 0) && r.quantity().compareTo(position.abs()) <= 0;
        if (reduces) {
            return null;
        }
        // The settlement asset's worth of the order (an inverse contract's: its coins), one to one.
        BigDecimal needed = Contracts.value(i, r.quantity(), price).multiply(BigDecimal.ONE.add(fee));
        for (EmsOrder o : a.open.values()) {
            OrderRequest or = o.request();
            if (Portfolio.quoteOf(or.instrument()).equals(quote) && (or.side() == Side.BUY || or.instrument().type() != InstrumentType.SPOT)) {
                BigDecimal p = or.limitPrice() != null ? or.limitPrice() : or.stopPrice() != null ? or.stopPrice() : price;
                needed = needed.add(Contracts.value(or.instrument(), o.remaining(), p).multiply(BigDecimal.ONE.add(fee)));
            }
        }
        BigDecimal cash = a.portfolio.cash(quote);
        if (needed.compareTo(cash) > 0) {
            // An inverse contract's coins are divisions: shown to 12 places, rounded up.
            BigDecimal shown = needed.scale() > 12 ? needed.setScale(12, java.math.RoundingMode.UP) : needed;
            return "insufficient_balance: the order needs " + EmsOrder.plain(shown) + " " + quote + " (with working orders) but the account has "
                    + EmsOrder.plain(cash);
        }
        return null;
    }

    /**
     * {@code x <= limit} for certain: x stays below the limit by more than the margin of both
     * magnitudes (whatever their signs), far beyond the rounding of the doubles they came from.
     */
    static boolean below(double x, double limit) {
        return Double.isFinite(x) && Double.isFinite(limit) && x + MARGIN * (Math.abs(x) + Math.abs(limit)) + Double.MIN_NORMAL < limit;
    }

    /** {@code |2p - sum| <= band} for certain (band being (bid + ask) times the band fraction). */
    private static boolean withinBand(double p, double sum, double band) {
        return below(Math.abs(2 * p - sum) + MARGIN * (2 * Math.abs(p) + sum), band);
    }
}
