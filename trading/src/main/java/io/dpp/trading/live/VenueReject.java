package io.dpp.trading.live;

/**
 * A venue's refusal in DPP's terms, with the venue's own code and words.
 *
 * @param stateUnknown the venue may have acted anyway (a timeout, a 5xx, Binance's "unknown" status):
 *                     find the order by its client order id before sending anything again
 * @param retryable    the same request may succeed later (rate limits, a venue busy)
 */
public record VenueReject(Reason reason, String code, String message, boolean retryable, boolean stateUnknown) {

    /** Why a venue refused, as DPP reports it (the reject reasons of docs/ems.md, "Live trading"). */
    public enum Reason {
        INSUFFICIENT_BALANCE, INVALID_ORDER, UNKNOWN_SYMBOL, UNKNOWN_ORDER, DUPLICATE_CLIENT_ORDER_ID, POST_ONLY_WOULD_TAKE,
        REDUCE_ONLY_WOULD_INCREASE, RATE_LIMITED, AUTHENTICATION, TIMESTAMP, MARKET_CLOSED, VENUE_UNAVAILABLE, OTHER;

        public String code() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    @Override
    public String toString() {
        return reason.code() + " (" + code + ": " + message + ")";
    }
}
