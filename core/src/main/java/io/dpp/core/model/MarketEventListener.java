package io.dpp.core.model;

/**
 * Receives normalized events, one method per type; each defaults to doing nothing so that a
 * consumer implements only what it uses. Events are flyweights that the caller reuses: copy what
 * must outlive the call.
 */
public interface MarketEventListener {

    /** A listener that hands every event, whatever its type, to {@code consumer}. */
    static MarketEventListener forEvery(java.util.function.Consumer<MarketEvent> consumer) {
        return new MarketEventListener() {
            @Override
            public void onTrade(Trade trade) {
                consumer.accept(trade);
            }

            @Override
            public void onBookChange(BookChange change) {
                consumer.accept(change);
            }

            @Override
            public void onQuote(Quote quote) {
                consumer.accept(quote);
            }

            @Override
            public void onCandle(Candle candle) {
                consumer.accept(candle);
            }

            @Override
            public void onDerivativeTicker(DerivativeTicker ticker) {
                consumer.accept(ticker);
            }

            @Override
            public void onLiquidation(Liquidation liquidation) {
                consumer.accept(liquidation);
            }

            @Override
            public void onFeedStatus(FeedStatus status) {
                consumer.accept(status);
            }
        };
    }

    default void onTrade(Trade trade) {
    }

    default void onBookChange(BookChange change) {
    }

    default void onQuote(Quote quote) {
    }

    default void onCandle(Candle candle) {
    }

    default void onDerivativeTicker(DerivativeTicker ticker) {
    }

    default void onLiquidation(Liquidation liquidation) {
    }

    default void onFeedStatus(FeedStatus status) {
    }
}
