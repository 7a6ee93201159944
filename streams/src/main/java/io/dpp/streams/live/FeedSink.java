package io.dpp.streams.live;

import io.dpp.core.model.BookChange;
import io.dpp.core.model.Candle;
import io.dpp.core.model.DerivativeTicker;
import io.dpp.core.model.FeedStatus;
import io.dpp.core.model.Liquidation;
import io.dpp.core.model.MarketEventListener;
import io.dpp.core.model.Quote;
import io.dpp.core.model.Trade;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Where every live feed publishes: a fan-out to the listeners other modules register (tests,
 * embedders), then the bus. Events are reusable flyweights owned by the feed that publishes them:
 * a listener copies what it keeps. Listeners are called from several feed threads at once (one
 * per connection) and must be thread-safe.
 *
 * <p>The bus is offered to, never waited on: the feeds run on event loops that also serve HTTP
 * and health probes. A connection asks {@link #hasRoom} before each message and pauses its socket
 * while the bus is full; {@link #publish} answers false for an event the bus refused anyway, which
 * the connection holds and publishes first once there is room ({@link BusPublisher}).
 */
public final class FeedSink implements MarketEventListener {

    private final CopyOnWriteArrayList<MarketEventListener> listeners = new CopyOnWriteArrayList<>();
    private volatile io.dpp.bus.Bus bus;
    /** Set when the feeds' stop budget is spent: the bus is about to close and takes nothing more. */
    private volatile boolean closed;
    private final java.util.concurrent.atomic.LongAdder notPublished = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder ignored = new java.util.concurrent.atomic.LongAdder();

    /** Sends every event on to {@code bus} after the listeners. */
    public void bus(io.dpp.bus.Bus bus) {
        this.bus = bus;
    }

    /**
     * True when the bus takes {@code events} more now (always, without a bus). Never more than a
     * quarter of the bus is asked for, so that a small bus still lets messages through.
     */
    public boolean hasRoom(int events) {
        io.dpp.bus.Bus b = bus;
        return b == null || closed || b.hasRoom((int) Math.max(1, Math.min(events, b.capacity() / 4)));
    }

    /** Gives {@code event} to every listener, then offers it to the bus: false when the bus refused it (full). */
    public boolean publish(io.dpp.core.model.MarketEvent event) {
        deliver(event);
        return offer(event);
    }

    /** Gives {@code event} to every listener only (the caller holds it for the bus behind earlier events). */
    void deliver(io.dpp.core.model.MarketEvent event) {
        for (MarketEventListener l : listeners) {
            event.dispatchTo(l);
        }
    }

    /** Offers {@code event} to the bus only: false when the bus refused it (full). */
    boolean offer(io.dpp.core.model.MarketEvent event) {
        io.dpp.bus.Bus b = bus;
        if (closed) {
            notPublished.increment();
            return true; // taken and dropped: the connections holding events back must not wait on a closed bus
        }
        return b == null || b.offer(event);
    }

    /**
     * Ends publishing at the close of the feeds module's stop budget, before the bus closes: what
     * is offered from then on is counted ({@link #notPublished}) and dropped, never sent into a
     * closed producer.
     */
    void close() {
        closed = true;
    }

    /** Events offered after {@link #close} and so not published. */
    long notPublished() {
        return notPublished.sum();
    }

    /** Counts a message a connection received after its stop began, not decoded. */
    void ignoredAtStop() {
        ignored.increment();
    }

    /** Messages received after the stop began, not decoded. */
    long ignoredAtStopCount() {
        return ignored.sum();
    }

    public void add(MarketEventListener listener) {
        listeners.add(listener);
    }

    public void remove(MarketEventListener listener) {
        listeners.remove(listener);
    }

    @Override
    public void onTrade(Trade trade) {
        for (MarketEventListener l : listeners) {
            l.onTrade(trade);
        }
    }

    @Override
    public void onBookChange(BookChange change) {
        for (MarketEventListener l : listeners) {
            l.onBookChange(change);
        }
    }

    @Override
    public void onQuote(Quote quote) {
        for (MarketEventListener l : listeners) {
            l.onQuote(quote);
        }
    }

    @Override
    public void onCandle(Candle candle) {
        for (MarketEventListener l : listeners) {
            l.onCandle(candle);
        }
    }

    @Override
    public void onDerivativeTicker(DerivativeTicker ticker) {
        for (MarketEventListener l : listeners) {
            l.onDerivativeTicker(ticker);
        }
    }

    @Override
    public void onLiquidation(Liquidation liquidation) {
        for (MarketEventListener l : listeners) {
            l.onLiquidation(liquidation);
        }
    }

    @Override
    public void onFeedStatus(FeedStatus status) {
        for (MarketEventListener l : listeners) {
            l.onFeedStatus(status);
        }
    }
}
