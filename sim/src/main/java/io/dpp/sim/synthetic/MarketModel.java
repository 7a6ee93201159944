package io.dpp.sim.synthetic;

import io.dpp.streams.venue.simulation.LevelChanges;
import io.dpp.streams.venue.simulation.MarketSink;
import io.dpp.streams.venue.simulation.MarketState;
import io.dpp.streams.venue.simulation.ReferencePrices;
import io.dpp.streams.venue.simulation.SyntheticVenue;
import io.dpp.streams.venue.simulation.TickerState;

import io.dpp.core.decimal.Decimal64;
import io.dpp.core.instrument.Instrument;
import io.dpp.core.instrument.InstrumentType;
import java.util.Comparator;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * A generated market for one instrument: a fair price that follows a random walk whose volatility
 * switches between a calm and a volatile regime and that jumps now and then; an L2 book of
 * {@value #DEPTH} levels a side on the instrument's tick grid, following the fair price; level
 * changes, and trades that take liquidity from the book; once a second a ticker (with mark, index,
 * funding and open interest on derivatives); liquidations on derivatives.
 *
 * <p>Everything follows from the seed: two models built alike produce the same events, so every
 * channel of an instrument (each served by its own copy) tells the same story. Events arrive as a
 * Poisson process at the given rate. Not thread-safe.
 */
public final class MarketModel implements MarketState {

    /** Levels a side. */
    public static final int DEPTH = 50;
    private static final long SECOND = 1_000_000;
    /** Volatility per square-root second, calm regime (about 1 % an hour). */
    private static final double CALM_VOL = 1.6e-4;
    private static final double VOLATILE_VOL = 5e-4;

    private final Instrument instrument;
    private final boolean derivative;
    private final long tickMantissa;
    private final int tickScale;
    private final long lotMantissa;
    private final int lotScale;
    private final SplittableRandom random;
    private final double meanGapMicros;
    private final long step;
    private final double levelLots;
    private final double tradeLots;
    private final TreeMap<Long, Long> bids = new TreeMap<>(Comparator.reverseOrder());
    private final TreeMap<Long, Long> asks = new TreeMap<>();
    private final LevelChanges changes = new LevelChanges();
    private final TickerState ticker = new TickerState();

    private double fair;
    private boolean volatileRegime;
    private long time;
    private long updateId;
    /** Book change messages since the start ({@link #bookMessages()}). */
    private long bookMessages;
    private long tradeId;
    private long liquidationId;
    private long nextTicker;
    private long lastTrade;
    private long openTicks;
    private long highTicks;
    private long lowTicks;
    private long volumeLots;
    private long openInterestLots;
    private double funding = 1e-4;
    private long quoted = Long.MIN_VALUE;

    /**
     * @param seed            the run's seed; the instrument's own is derived from it and the symbol
     * @param eventsPerSecond mean rate of book and trade events
     * @param start           time of the first event (epoch micros)
     */
    public MarketModel(Instrument instrument, long seed, double eventsPerSecond, long start) {
        this(instrument, seed, eventsPerSecond, start, Double.NaN);
    }

    /**
     * As above, with what one lot is worth in the quote asset at the starting price ({@code NaN}:
     * the lot times the contract size, if any, times the price; inverse contracts, whose lots are
     * worth a fixed amount of the quote asset, say so).
     */
    public MarketModel(Instrument instrument, long seed, double eventsPerSecond, long start, double quotePerLot) {
        if (!(eventsPerSecond > 0) || eventsPerSecond > 1_000_000) {
            throw new IllegalArgumentException("events per second must be from above 0 to 1000000, got " + eventsPerSecond);
        }
        this.instrument = instrument;
        this.derivative = instrument.type() != InstrumentType.SPOT;
        // Without a listed price step (Bitfinex lists none): about six significant digits at the
        // starting price, so that a coin worth cents still has its levels above zero.
        long tick = Decimal64.isNumber(instrument.tickSize()) && Decimal64.signum(instrument.tickSize()) > 0
                ? instrument.tickSize()
                : io.dpp.streams.venue.Listings.step(io.dpp.streams.venue.simulation.Assets.priceDecimals(ReferencePrices.of(instrument)));
        long lot = Decimal64.isNumber(instrument.lotSize()) && Decimal64.signum(instrument.lotSize()) > 0
                ? instrument.lotSize() : Decimal64.of(1, 4);
        this.tickMantissa = Decimal64.mantissa(tick);
        this.tickScale = Decimal64.scale(tick);
        this.lotMantissa = Decimal64.mantissa(lot);
        this.lotScale = Decimal64.scale(lot);
        this.random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L ^ (instrument.venue() + " " + instrument.nativeSymbol()).hashCode());
        this.meanGapMicros = SECOND / eventsPerSecond;
        double price = ReferencePrices.of(instrument);
        double tickValue = Decimal64.toDouble(tick);
        // A lot's worth in the quote asset: contracts of a derivative hold their contract size each.
        long contract = instrument.contractSize();
        double perLot = Decimal64.isNumber(contract) && Decimal64.signum(contract) > 0 ? Decimal64.toDouble(contract) : 1;
        double lotValue = Double.isNaN(quotePerLot) ? Decimal64.toDouble(lot) * perLot * price : quotePerLot;
        this.fair = Math.max(20 * 1.0, price / tickValue);
        // Levels about a tenth of a basis point apart, at least one tick.
        this.step = Math.max(1, Math.round(fair * 1e-5));
        this.levelLots = Math.max(1, 20_000 / lotValue);
        this.tradeLots = Math.max(1, 1_500 / lotValue);
        this.time = start;
        this.nextTicker = start - start % SECOND + SECOND;
        long best = (long) fair / step * step;
        for (int k = 0; k < DEPTH; k++) {
            bids.put(best - k * step, levelSize(k));
            asks.put(best + (k + 1) * step, levelSize(k));
        }
        this.lastTrade = best;
        this.openTicks = best;
        this.highTicks = best;
        this.lowTicks = best;
        this.openInterestLots = Math.round(levelLots * 500);
    }

    /** The model of {@code instrument}'s market as {@code venue} trades it (what a lot is worth there). */
    public static MarketModel of(SyntheticVenue venue, Instrument instrument, long seed, double eventsPerSecond, long start) {
        return new MarketModel(instrument, seed, eventsPerSecond, start, venue.quotePerLot(instrument));
    }

    public Instrument instrument() {
        return instrument;
    }

    /** Time of the last event (epoch micros). */
    public long time() {
        return time;
    }

    /** The last update id: one per level set since the start. */
    public long updateId() {
        return updateId;
    }

    @Override
    public long bookMessages() {
        return bookMessages;
    }

    /** Sends the whole book as a snapshot, at the current time and update id. */
    public void snapshot(MarketSink sink) {
        changes.clear();
        for (Map.Entry<Long, Long> e : bids.entrySet()) {
            changes.add(true, price(e.getKey()), size(e.getValue()));
        }
        for (Map.Entry<Long, Long> e : asks.entrySet()) {
            changes.add(false, price(e.getKey()), size(e.getValue()));
        }
        sink.book(time, true, updateId, updateId, changes);
    }

    /**
     * Moves to the next event and tells {@code sink} what happened (null: nothing is told). The
     * model's state moves the same way whether or not it is told, so copies that skipped a stretch
     * agree with those that did not.
     */
    public void next(MarketSink sink) {
        double gap = -Math.log(1 - random.nextDouble()) * meanGapMicros;
        time += Math.max(1, Math.round(gap));
        if (time >= nextTicker) {
            nextTicker += SECOND;
            ticker(sink);
        }
        walk(gap / SECOND);
        changes.clear();
        recenter();
        double u = random.nextDouble();
        boolean liquidation = derivative && u < 0.002;
        boolean buy = false;
        long[] fills = null;
        long takerLots = 0;
        if (liquidation) {
            buy = random.nextBoolean();
            takerLots = lots(tradeLots * 8);
            fills = take(buy, takerLots);
        } else if (u < 0.16) {
            buy = random.nextDouble() < 0.5 + Math.max(-0.3, Math.min(0.3, (fair - mid()) / step * 0.1));
            takerLots = lots(tradeLots);
            fills = take(buy, takerLots);
        } else {
            changeLevel();
        }
        refill(true);
        refill(false);
        long first = updateId + 1;
        updateId += changes.count();
        if (changes.count() > 0) {
            bookMessages++;
        }
        long firstTrade = tradeId + 1;
        if (fills != null) {
            tradeId += fills.length / 2;
            if (liquidation) {
                liquidationId++;
            }
        }
        long key = quoteKey();
        boolean quoteChanged = key != quoted;
        quoted = key;
        if (sink == null) {
            return;
        }
        if (changes.count() > 0) {
            sink.book(time, false, first, updateId, changes);
        }
        if (fills != null) {
            for (int i = 0; i < fills.length; i += 2) {
                sink.trade(time, firstTrade + i / 2, buy, price(fills[i]), size(fills[i + 1]));
            }
            if (liquidation && fills.length > 0) {
                sink.liquidation(time, liquidationId, buy, price(fills[0]), size(takerLots));
            }
        }
        if (quoteChanged) {
            sink.quote(time, updateId, price(bids.firstKey()), size(bids.firstEntry().getValue()),
                    price(asks.firstKey()), size(asks.firstEntry().getValue()));
        }
    }

    /** Moves on without telling anyone until {@code until} (epoch micros). */
    public void skipTo(long until) {
        while (time < until) {
            next(null);
        }
    }

    // ---- the price ------------------------------------------------------------------------------

    private void walk(double seconds) {
        if (random.nextDouble() < seconds / (volatileRegime ? 60 : 300)) {
            volatileRegime = !volatileRegime;
        }
        double vol = volatileRegime ? VOLATILE_VOL : CALM_VOL;
        double move = vol * Math.sqrt(seconds) * random.nextGaussian();
        if (random.nextDouble() < seconds / 900) {
            move += 0.004 * random.nextGaussian(); // a jump, about every quarter of an hour
        }
        fair = Math.max(20 * step, fair * Math.exp(move));
    }

    private double mid() {
        return (bids.firstKey() + asks.firstKey()) / 2.0;
    }

    /** Levels on the wrong side of the fair price are taken away; the book follows the price. */
    private void recenter() {
        long f = Math.round(fair);
        while (bids.size() > 1 && bids.firstKey() >= f) {
            remove(true, bids.firstKey());
        }
        while (asks.size() > 1 && asks.firstKey() <= f) {
            remove(false, asks.firstKey());
        }
        // A wide spread fills in from the side the price came from.
        if (asks.firstKey() - bids.firstKey() > 4 * step) {
            long bid = Math.min(f - step, asks.firstKey() - step);
            bid -= Math.floorMod(bid, step);
            if (bid > bids.firstKey() && bid < asks.firstKey()) {
                set(true, bid, levelSize(0));
            }
            long ask = Math.max(f + step, bids.firstKey() + step);
            ask += Math.floorMod(-ask, step);
            if (ask < asks.firstKey() && ask > bids.firstKey()) {
                set(false, ask, levelSize(0));
            }
        }
    }

    // ---- the book -------------------------------------------------------------------------------

    private void changeLevel() {
        boolean bid = random.nextBoolean();
        TreeMap<Long, Long> side = bid ? bids : asks;
        int k = Math.min(side.size() - 1, geometric(0.25));
        long at = nth(side, k);
        double u = random.nextDouble();
        if (u < 0.6) {
            set(bid, at, levelSize(k));
        } else if (u < 0.8 && side.size() > 1) {
            remove(bid, at);
        } else {
            // A new level: between this one and the next, or one step better than the best.
            long candidate = k == 0 && random.nextBoolean() ? (bid ? at + step : at - step) : (bid ? at - step : at + step);
            boolean inside = bid ? candidate < asks.firstKey() : candidate > bids.firstKey();
            if (inside && candidate > 0 && !side.containsKey(candidate)) {
                set(bid, candidate, levelSize(k));
            } else {
                set(bid, at, levelSize(k));
            }
        }
    }

    /** Takes {@code lots} from the other side, best level first; returns (price, lots) per level taken from. */
    private long[] take(boolean buy, long lots) {
        TreeMap<Long, Long> side = buy ? asks : bids;
        long[] fills = new long[2 * 8];
        int n = 0;
        while (lots > 0 && side.size() > 1 && n < fills.length) {
            Map.Entry<Long, Long> best = side.firstEntry();
            long filled = Math.min(lots, best.getValue());
            fills[n++] = best.getKey();
            fills[n++] = filled;
            lots -= filled;
            if (filled == best.getValue()) {
                remove(!buy, best.getKey());
            } else {
                set(!buy, best.getKey(), best.getValue() - filled);
            }
            lastTrade = best.getKey();
            volumeLots += filled;
        }
        highTicks = Math.max(highTicks, lastTrade);
        lowTicks = Math.min(lowTicks, lastTrade);
        if (derivative) {
            openInterestLots = Math.max(0, openInterestLots + (random.nextBoolean() ? 1 : -1) * (lots(tradeLots) / 2));
        }
        return java.util.Arrays.copyOf(fills, n);
    }

    /** Keeps each side at {@value #DEPTH} levels: adds at the far end, drops beyond it. */
    private void refill(boolean bid) {
        TreeMap<Long, Long> side = bid ? bids : asks;
        while (side.size() < DEPTH) {
            long last = side.lastKey();
            long next = bid ? last - step : last + step;
            if (next <= 0) {
                break;
            }
            set(bid, next, levelSize(side.size()));
        }
        while (side.size() > DEPTH + 10) {
            remove(bid, side.lastKey());
        }
    }

    private void set(boolean bid, long ticks, long lots) {
        (bid ? bids : asks).put(ticks, lots);
        changes.add(bid, price(ticks), size(lots));
    }

    private void remove(boolean bid, long ticks) {
        (bid ? bids : asks).remove(ticks);
        changes.add(bid, price(ticks), size(0));
    }

    private long levelSize(int k) {
        return lots(levelLots * (1 + k * 0.15));
    }

    /** A lognormal number of lots around {@code median}, at least one. */
    private long lots(double median) {
        return Math.max(1, Math.round(median * Math.exp(0.8 * random.nextGaussian())));
    }

    private int geometric(double p) {
        return (int) Math.floor(Math.log(1 - random.nextDouble()) / Math.log(1 - p));
    }

    private static long nth(TreeMap<Long, Long> side, int k) {
        var it = side.keySet().iterator();
        long at = it.next();
        for (int i = 0; i < k; i++) {
            at = it.next();
        }
        return at;
    }

    private long quoteKey() {
        long h = bids.firstKey();
        h = h * 31 + bids.firstEntry().getValue();
        h = h * 31 + asks.firstKey();
        return h * 31 + asks.firstEntry().getValue();
    }

    // ---- the ticker -----------------------------------------------------------------------------

    private void ticker(MarketSink sink) {
        funding = Math.max(-0.0075, Math.min(0.0075, funding + 2e-6 * random.nextGaussian()));
        long indexOffset = Math.round(step * random.nextGaussian());
        if (sink == null) {
            return;
        }
        long f = Math.round(fair);
        ticker.prices(price(lastTrade), price(f), price(Math.max(1, f + indexOffset)));
        ticker.top(price(bids.firstKey()), size(bids.firstEntry().getValue()), price(asks.firstKey()),
                size(asks.firstEntry().getValue()));
        long eightHours = 8 * 3600 * SECOND;
        ticker.funding(Decimal64.of(Math.round(funding * 1e8), 8), time - Math.floorMod(time, eightHours) + eightHours);
        ticker.day(size(openInterestLots), size(volumeLots), price(openTicks), price(highTicks), price(lowTicks));
        sink.ticker(time, ticker);
    }

    // ---- units ----------------------------------------------------------------------------------

    /** A price in ticks as a decimal at the tick's scale. */
    long price(long ticks) {
        return Decimal64.of(ticks * tickMantissa, tickScale);
    }

    /** A size in lots as a decimal at the lot's scale. */
    long size(long lots) {
        return Decimal64.of(lots * lotMantissa, lotScale);
    }
}
