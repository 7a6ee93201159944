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

    private final List<MarketEvent> events = new ArrayList<>();
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

    private Scenario add(MarketEvent e, long t) {
        e.instrument(BTC);
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
