package io.dpp.ems;

import io.dpp.core.instrument.Instrument;
import io.dpp.trading.order.Fill;
import io.dpp.trading.portfolio.Portfolio;
import io.dpp.trading.portfolio.Position;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * A live margined account's fills of one contract in the order the venue made them. A margin
 * position's average entry and realized profit depend on the order of its fills (a close between
 * two opens leaves another average than one after them), and the EMS learns fills in the order
 * they reach it: a fill the poll recovers after a dropped stream comes after newer ones the stream
 * brought. The cash a fill moves does not depend on the order, so only the position is rebuilt:
 * when a fill comes before one already taken, the fills of the last {@link #WINDOW} are replayed
 * in the venue's order (its time, then DPP's order id) from the position before them.
 */
final class ContractLedger {

    /** How many of the newest fills are kept to replay; an older one arriving later is taken as it comes. */
    static final int WINDOW = 256;

    private record Entry(long time, long orderId, long seq, Fill fill) {
    }

    private static final Comparator<Entry> VENUE_ORDER = Comparator.comparingLong(Entry::time).thenComparingLong(Entry::orderId)
            .thenComparingLong(Entry::seq);

    private final Instrument instrument;
    /** The position before the oldest kept fill. */
    private final Portfolio base = new Portfolio(Map.of());
    private final List<Entry> kept = new ArrayList<>();
    private long seq;

    /** A ledger starting from {@code p}, the position as it stands before the next fill. */
    ContractLedger(Instrument instrument, Position p) {
        this.instrument = instrument;
        base.restore(instrument, p.quantity(), p.averagePrice(), p.realized(), p.fees(), p.funding());
    }

    /**
     * Takes in {@code applied} (the fill as the portfolio booked it) of DPP's order {@code orderId}:
     * true when it came before a fill already taken, the position then to be {@link #rebuild rebuilt}.
     */
    boolean add(Fill applied, long orderId) {
        Entry e = new Entry(applied.time(), orderId, seq++, applied);
        boolean late = !kept.isEmpty() && VENUE_ORDER.compare(e, kept.get(kept.size() - 1)) < 0;
        int at = kept.size();
        while (at > 0 && VENUE_ORDER.compare(e, kept.get(at - 1)) < 0) {
            at--;
        }
        kept.add(at, e);
        if (kept.size() > WINDOW) {
            base.apply(kept.remove(0).fill()); // the oldest folds into the base
        }
        return late;
    }

    /** Puts the position the kept fills make, in the venue's order, into {@code into} (its funding kept). */
    void rebuild(Portfolio into) {
        Portfolio scratch = new Portfolio(Map.of());
        Position b = base.position(instrument);
        scratch.restore(instrument, b.quantity(), b.averagePrice(), b.realized(), b.fees(), b.funding());
        for (Entry e : kept) {
            scratch.apply(e.fill());
        }
        Position p = scratch.position(instrument);
        into.restore(instrument, p.quantity(), p.averagePrice(), p.realized(), p.fees(), into.position(instrument).funding());
    }
}
