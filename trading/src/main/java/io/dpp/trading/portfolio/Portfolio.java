package io.dpp.trading.portfolio;

import io.dpp.core.instrument.Instrument;
import io.dpp.trading.order.Fill;
import java.math.BigDecimal;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Balances per asset, positions per instrument, realised and unrealised profit and fees, across
 * venues. Cash moves with every fill (a buy pays price times quantity plus the fee in the quote
 * asset, a sell receives it), so equity is the cash plus every position at its mark. Assets are
 * added as they come: quote assets of different venues (USD, USDT, USDC) are reported apiece and
 * summed one to one in {@link #equity()}.
 */
public final class Portfolio {

    private final Map<String, BigDecimal> cash = new TreeMap<>();
    private final Map<Instrument, Position> positions = new LinkedHashMap<>();
    private BigDecimal feesPaid = BigDecimal.ZERO;
    private BigDecimal turnover = BigDecimal.ZERO;

    /** A portfolio holding {@code initial} of each asset. */
    public Portfolio(Map<String, BigDecimal> initial) {
        cash.putAll(initial);
    }

    /** The cash balance of {@code asset} (0 if none). */
    public BigDecimal cash(String asset) {
        return cash.getOrDefault(asset, BigDecimal.ZERO);
    }

    /** Every cash balance, by asset. */
    public Map<String, BigDecimal> balances() {
        return Collections.unmodifiableMap(cash);
    }

    /** The position in {@code instrument} (flat if never traded). */
    public Position position(Instrument instrument) {
        return positions.computeIfAbsent(instrument, Position::new);
    }

    public Collection<Position> positions() {
        return Collections.unmodifiableCollection(positions.values());
    }

    /** Fees paid so far (rebates negative). */
    public BigDecimal feesPaid() {
        return feesPaid;
    }

    /** Quote volume traded so far. */
    public BigDecimal turnover() {
        return turnover;
    }

    /**
     * Cash plus every position valued at its mark: the value the account would have if closed now,
     * in the quote. The coins an inverse contract settles in are valued at that contract's mark
     * (dollars per coin); other assets count as they are (a run has one quote asset).
     */
    public BigDecimal equity() {
        Map<String, BigDecimal> coinPrice = new TreeMap<>();
        for (Position p : positions.values()) {
            if (p.inverse()) {
                BigDecimal m = p.mark() != null ? p.mark() : p.averagePrice();
                if (m.signum() != 0) {
                    coinPrice.putIfAbsent(p.instrument().base(), m);
                }
            }
        }
        BigDecimal e = BigDecimal.ZERO;
        for (Map.Entry<String, BigDecimal> c : cash.entrySet()) {
            BigDecimal price = coinPrice.get(c.getKey());
            e = e.add(price == null ? c.getValue() : c.getValue().multiply(price));
        }
        for (Position p : positions.values()) {
            if (p.quantity().signum() != 0) {
                BigDecimal v = p.value();
                BigDecimal price = p.inverse() ? coinPrice.get(p.instrument().base()) : null;
                e = e.add(price == null ? v : v.multiply(price));
            }
        }
        return e;
    }

    /** Open exposure in the quote: the sum of |quantity| times mark over the positions (an inverse contract's |quantity|, in dollars). */
    public BigDecimal exposure() {
        BigDecimal e = BigDecimal.ZERO;
        for (Position p : positions.values()) {
            if (p.quantity().signum() != 0) {
                e = e.add(Contracts.quoteValue(p.inverse(), p.quantity().abs(), p.mark() != null ? p.mark() : p.averagePrice()));
            }
        }
        return e;
    }

    /** True when some position is open at a non-zero value: {@code exposure().signum() != 0}, without the sum. */
    public boolean exposed() {
        for (Position p : positions.values()) {
            if (p.quantity().signum() != 0) {
                BigDecimal m = p.mark() != null ? p.mark() : p.averagePrice();
                if (m.signum() != 0) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Takes in a fill: position, cash (the settlement asset: {@link Contracts#settlement}) and fees (in it too). */
    public void apply(Fill f) {
        BigDecimal signed = f.side() == io.dpp.core.model.Side.BUY ? f.quantity() : f.quantity().negate();
        Position p = position(f.instrument());
        p.fill(signed, f.price(), f.fee());
        // Whether the contract is inverse was decided once, by its position.
        cash.merge(Contracts.settlement(f.instrument(), p.inverse()), Contracts.cashFlow(p.inverse(), signed, f.price()).subtract(f.fee()),
                BigDecimal::add);
        feesPaid = feesPaid.add(f.fee());
        turnover = turnover.add(Contracts.quoteValue(p.inverse(), f.quantity(), f.price()));
        p.mark(f.price());
    }

    /** Moves the mark of {@code instrument} (last trade or mid). */
    public void mark(Instrument instrument, BigDecimal price) {
        Position p = positions.get(instrument);
        if (p != null) {
            p.mark(price);
        }
    }

    /** Moves the mark of {@code instrument} to a {@link io.dpp.core.decimal.Decimal64} price, converted only when read. */
    public void mark(Instrument instrument, long decimal64Price) {
        Position p = positions.get(instrument);
        if (p != null) {
            p.mark(decimal64Price);
        }
    }

    /** Adds {@code amount} of {@code asset} to the cash (a deposit; negative: a withdrawal). */
    public void deposit(String asset, BigDecimal amount) {
        cash.merge(asset, amount, BigDecimal::add);
    }

    /**
     * Puts back a position as it was kept (a restart of the EMS): signed quantity, average entry
     * price, realised profit, fees and funding.
     */
    public void restore(Instrument instrument, BigDecimal quantity, BigDecimal averagePrice, BigDecimal realized, BigDecimal fees,
                        BigDecimal funding) {
        position(instrument).restore(quantity, averagePrice, realized, fees, funding);
    }

    /**
     * The asset in which {@code instrument}'s cash, fees and profit count: its quote, or its base
     * coin for an inverse contract ({@link Contracts#settlement}).
     */
    public static String quoteOf(Instrument instrument) {
        return Contracts.settlement(instrument);
    }

    /** Books a funding payment on a perpetual (positive: received), in its settlement asset. */
    public void funding(Instrument instrument, BigDecimal amount) {
        Position p = position(instrument);
        p.funding(amount);
        cash.merge(Contracts.settlement(instrument, p.inverse()), amount, BigDecimal::add);
    }
}
