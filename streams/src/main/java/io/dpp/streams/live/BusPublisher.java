package io.dpp.streams.live;

import io.dpp.bus.EventSlot;
import io.dpp.core.model.BookChange;
import io.dpp.core.model.Candle;
import io.dpp.core.model.DerivativeTicker;
import io.dpp.core.model.FeedStatus;
import io.dpp.core.model.Liquidation;
import io.dpp.core.model.MarketEvent;
import io.dpp.core.model.MarketEventListener;
import io.dpp.core.model.Quote;
import io.dpp.core.model.Trade;
import io.dpp.core.time.Timestamps;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import java.util.ArrayDeque;

/**
 * Where one connection's normalized events go: the sink's listeners, then the bus, offered and
 * never waited on. An event the bus refuses (full despite the room asked for before the message)
 * is copied and held, and every later event of the connection queues behind it, so nothing is
 * lost and the order holds; the connection stops reading until {@link #drain} has published them.
 * Also observes the venue-to-receive latency and marks every event of a demo venue
 * ({@link MarketEvent#demo()}). One connection's thread only.
 */
final class BusPublisher implements MarketEventListener {

    private final FeedSink sink;
    private final DistributionDataPoint latency;
    private final ArrayDeque<EventSlot> held = new ArrayDeque<>();
    private final ArrayDeque<EventSlot> spare = new ArrayDeque<>();
    private final boolean demo;
    private long heldTotal;

    BusPublisher(FeedSink sink, DistributionDataPoint latency, boolean demo) {
        this.sink = sink;
        this.latency = latency;
        this.demo = demo;
    }

    /** True while events wait for room on the bus. */
    boolean holding() {
        return !held.isEmpty();
    }

    /** Events held back so far. */
    long heldTotal() {
        return heldTotal;
    }

    /** Offers the held events in order; true once none is left. */
    boolean drain() {
        while (!held.isEmpty()) {
            if (!sink.offer(held.peekFirst().event())) {
                return false;
            }
            spare.addLast(held.pollFirst());
        }
        return true;
    }

    private void publish(MarketEvent e) {
        e.demo(demo);
        if (held.isEmpty()) {
            if (sink.publish(e)) {
                return;
            }
        } else {
            sink.deliver(e); // the bus gets it after those held before it
        }
        EventSlot slot = spare.isEmpty() ? new EventSlot() : spare.pollLast();
        slot.copy(e);
        held.addLast(slot);
        heldTotal++;
    }

    private void observe(MarketEvent e) {
        long exchange = e.exchangeTime();
        if (exchange != Timestamps.UNKNOWN && latency != null) {
            latency.observe((e.receiveTime() - exchange) / 1e6);
        }
    }

    @Override
    public void onTrade(Trade trade) {
        observe(trade);
        publish(trade);
    }

    @Override
    public void onBookChange(BookChange change) {
        observe(change);
        publish(change);
    }

    @Override
    public void onQuote(Quote quote) {
        observe(quote);
        publish(quote);
    }

    @Override
    public void onCandle(Candle candle) {
        publish(candle);
    }

    @Override
    public void onDerivativeTicker(DerivativeTicker ticker) {
        publish(ticker);
    }

    @Override
    public void onLiquidation(Liquidation liquidation) {
        publish(liquidation);
    }

    @Override
    public void onFeedStatus(FeedStatus status) {
        publish(status);
    }
}
