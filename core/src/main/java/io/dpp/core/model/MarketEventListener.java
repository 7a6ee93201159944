package io.dpp.core.model;

/**
 * Receives normalized events, one method per type; each defaults to doing nothing so that a
 * consumer implements only what it uses. Events are flyweights that the caller reuses: copy what
 * must outlive the call.
 */
public interface MarketEventListener {

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
