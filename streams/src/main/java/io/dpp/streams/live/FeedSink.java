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
 * Where every live feed publishes: a fan-out to the listeners other modules register (the bus
 * publisher, the stream API, tests). Events are reusable flyweights owned by the feed that
 * publishes them: a listener copies what it keeps. Listeners are called from several feed
 * threads at once (one per connection) and must be thread-safe.
 */
public final class FeedSink implements MarketEventListener {

    private final CopyOnWriteArrayList<MarketEventListener> listeners = new CopyOnWriteArrayList<>();

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
