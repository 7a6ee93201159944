package io.dpp.sim.trading;

import io.dpp.core.decimal.Decimal64;
import io.dpp.core.instrument.Instrument;
import io.dpp.streams.venue.simulation.LevelChanges;
import io.dpp.streams.venue.simulation.MarketSink;
import io.dpp.streams.venue.simulation.MarketState;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * A venue's book of one instrument at one moment, for the simulator's matching: levels best first,
 * exact decimals.
 *
 * @param bids  [price, size] best (highest) first
 * @param asks  [price, size] best (lowest) first
 */
public record SimBook(Instrument instrument, List<BigDecimal[]> bids, List<BigDecimal[]> asks) {

    /** The book a market state holds now. */
    public static SimBook of(Instrument instrument, MarketState market) {
        List<BigDecimal[]> bids = new ArrayList<>();
        List<BigDecimal[]> asks = new ArrayList<>();
        market.snapshot(new MarketSink() {
            @Override
            public void book(long time, boolean snapshot, long firstUpdate, long lastUpdate, LevelChanges changes) {
                for (int i = 0; i < changes.count(); i++) {
                    if (changes.size(i) == 0) {
                        continue;
                    }
                    BigDecimal[] level = {Decimal64.toBigDecimal(changes.price(i)), Decimal64.toBigDecimal(changes.size(i))};
                    (changes.isBid(i) ? bids : asks).add(level);
                }
            }
        });
        bids.sort((a, b) -> b[0].compareTo(a[0]));
        asks.sort((a, b) -> a[0].compareTo(b[0]));
        return new SimBook(instrument, bids, asks);
    }

    public BigDecimal tick() {
        return Decimal64.toBigDecimal(instrument.tickSize());
    }

    public BigDecimal lot() {
        return Decimal64.toBigDecimal(instrument.lotSize());
    }
}
