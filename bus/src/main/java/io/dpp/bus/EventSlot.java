package io.dpp.bus;

import io.dpp.core.model.BookChange;
import io.dpp.core.model.Candle;
import io.dpp.core.model.DerivativeTicker;
import io.dpp.core.model.FeedStatus;
import io.dpp.core.model.Liquidation;
import io.dpp.core.model.MarketEvent;
import io.dpp.core.model.Quote;
import io.dpp.core.model.Trade;

/**
 * A reusable holder for one event of any type: one instance of each type, allocated once, and the
 * one currently held. Copying an event in allocates nothing once the book-change level arrays have
 * grown to the largest change seen.
 */
public final class EventSlot {

    private final Trade trade = new Trade();
    private final BookChange bookChange = new BookChange();
    private final Quote quote = new Quote();
    private final Candle candle = new Candle();
    private final DerivativeTicker ticker = new DerivativeTicker();
    private final Liquidation liquidation = new Liquidation();
    private final FeedStatus status = new FeedStatus();
    private MarketEvent current;

    /** Makes this slot hold a copy of {@code event}. */
    public void copy(MarketEvent event) {
        current = switch (event.type()) {
            case TRADE -> trade.copyFrom((Trade) event);
            case BOOK_CHANGE -> bookChange.copyFrom((BookChange) event);
            case QUOTE -> quote.copyFrom((Quote) event);
            case CANDLE -> candle.copyFrom((Candle) event);
            case DERIVATIVE_TICKER -> ticker.copyFrom((DerivativeTicker) event);
            case LIQUIDATION -> liquidation.copyFrom((Liquidation) event);
            case FEED_STATUS -> status.copyFrom((FeedStatus) event);
        };
    }

    /** The event held, or null before the first copy. */
    public MarketEvent event() {
        return current;
    }

    /** An empty object of {@code type} owned by this slot, to be filled in place (decoding). */
    public MarketEvent prepare(io.dpp.core.model.EventType type) {
        current = switch (type) {
            case TRADE -> trade.reset();
            case BOOK_CHANGE -> bookChange.reset();
            case QUOTE -> quote.reset();
            case CANDLE -> candle.reset();
            case DERIVATIVE_TICKER -> ticker.reset();
            case LIQUIDATION -> liquidation.reset();
            case FEED_STATUS -> status.reset();
        };
        return current;
    }
}
