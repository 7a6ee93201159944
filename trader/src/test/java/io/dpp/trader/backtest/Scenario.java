package io.dpp.trader.backtest;

import io.dpp.core.decimal.Decimal64;
import io.dpp.core.instrument.Instrument;
import io.dpp.core.instrument.InstrumentType;
import io.dpp.core.model.BookChange;
import io.dpp.core.model.BookSide;
import io.dpp.core.model.MarketEvent;
import io.dpp.core.model.Side;
import io.dpp.core.model.Trade;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** Scripted market events for unit tests of the engine: books and trades at given receive times. */
final class Scenario implements EventSource {

    static final Instrument BTC = Instrument.builder("test", "BTCUSDT").assets("BTC", "USDT").type(InstrumentType.SPOT).build();

    static final Instrument PERP = Instrument.builder("test", "BTCUSDT-PERP").assets("BTC", "USDT").type(InstrumentType.PERPETUAL).build();

    private final List<MarketEvent> events = new ArrayList<>();
    private Instrument current = BTC;
    private Iterator<MarketEvent> it;

    /** A full book at {@code t}: bids and asks as "price:size" pairs, best first. */
    Scenario book(long t, String bids, String asks) {
        BookChange b = new BookChange().begin(true, BookChange.NO_SEQUENCE);
        levels(b, BookSide.BID, bids);
        levels(b, BookSide.ASK, asks);
        return add(b, t);
    }

    /** Changed levels at {@code t} ("price:size", size 0 removes). */
    Scenario change(long t, String bids, String asks) {
        BookChange b = new BookChange().begin(false, BookChange.NO_SEQUENCE);
        levels(b, BookSide.BID, bids);
        levels(b, BookSide.ASK, asks);
        return add(b, t);
    }

    /** A closed candle of {@code interval} opening at {@code open}, delivered at its close. */
    Scenario candle(long open, long interval, String o, String h, String l, String c) {
        io.dpp.core.model.Candle k = new io.dpp.core.model.Candle().interval(interval, open)
                .set(Decimal64.parse(o), Decimal64.parse(h), Decimal64.parse(l), Decimal64.parse(c), Decimal64.parse("1"), 1, true);
        return add(k, open + interval);
    }

    /** A trade at {@code t}; side is the aggressor's. */
    Scenario trade(long t, String price, String amount, Side side) {
        return add(new Trade().set(Decimal64.parse(price), Decimal64.parse(amount), side), t);
    }

    /** The instrument of the events added next (BTC until changed). */
    Scenario on(Instrument instrument) {
        current = instrument;
        return this;
    }

    /** A derivative ticker at {@code t}: mark price, funding rate and the funding time it applies at (or UNKNOWN). */
    Scenario ticker(long t, String mark, String rate, long fundingTime) {
        io.dpp.core.model.DerivativeTicker d = new io.dpp.core.model.DerivativeTicker();
        d.prices(Decimal64.NULL, Decimal64.parse(mark), Decimal64.NULL);
        d.funding(Decimal64.parse(rate), Decimal64.NULL, fundingTime);
        return add(d, t);
    }

    private Scenario add(MarketEvent e, long t) {
        e.instrument(current);
        e.times(t, t);
        events.add(e);
        return this;
    }

    private static void levels(BookChange b, BookSide side, String spec) {
        if (spec == null || spec.isBlank()) {
            return;
        }
        for (String level : spec.split(" ")) {
            String[] ps = level.split(":");
            b.addLevel(side, Decimal64.parse(ps[0]), Decimal64.parse(ps[1]));
        }
    }

    @Override
    public MarketEvent next() {
        if (it == null) {
            it = events.iterator();
        }
        return it.hasNext() ? it.next() : null;
    }
}
