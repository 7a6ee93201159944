package io.dpp.trading.live;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * How one venue's REST API places, cancels and reports orders, as its current documentation says:
 * the unsigned requests ({@link VenueSigner} signs them) and how its answers read, every error code
 * mapped to a {@link VenueReject.Reason}. The EMS's adapter drives it; the simulator answers it.
 */
public interface OrderProtocol {

    String venue();

    /** Places {@code order}; the answer is read by {@link #order}. */
    HttpCall place(LiveOrder order);

    /** Cancels by client order id; the answer is read by {@link #canceled}. */
    HttpCall cancel(String symbol, String clientOrderId);

    /** One order by client order id; the answer is read by {@link #order}. */
    HttpCall query(String symbol, String clientOrderId);

    /**
     * Whether the venue cancels, amends and finds an order by its own order id only (Coinbase): the
     * adapter then passes the venue's id to the calls below taking one, and where it does not know it
     * yet, finds the order by its client order id first ({@link #query(String, String, String)}).
     */
    default boolean byVenueOrderId() {
        return false;
    }

    /** Cancels an order whose venue id is {@code venueOrderId} (null when not known); by client order id by default. */
    default HttpCall cancel(String symbol, String clientOrderId, String venueOrderId) {
        return cancel(symbol, clientOrderId);
    }

    /**
     * One order, by its venue id where known ({@code venueOrderId}, else null), else by client order id;
     * by client order id by default. Read by {@link #found}.
     */
    default HttpCall query(String symbol, String clientOrderId, String venueOrderId) {
        return query(symbol, clientOrderId);
    }

    /**
     * The order of client order id {@code clientOrderId} an answer to a lookup describes, or null when
     * it says there is none: where a venue finds orders by client id only through its order list
     * (Coinbase), the one of that id among the listed.
     */
    default VenueOrder found(JsonNode answer, String clientOrderId) {
        return notFound(answer) ? null : order(answer);
    }

    /**
     * Where a lookup by client order id pages through the venue's order list (Coinbase): the call for
     * the page after {@code answer}, null when it was the last page (or the lookup is not a list).
     */
    default HttpCall queryNext(String symbol, String clientOrderId, JsonNode answer) {
        return null;
    }

    /** The working orders of {@code symbol}; the answer is read by {@link #orders}. */
    HttpCall openOrders(String symbol);

    /** Executions of {@code symbol} from {@code sinceMillis} (venue time), oldest first; read by {@link #fills}. */
    HttpCall fills(String symbol, long sinceMillis);

    /** The venue's clock, unsigned; read by {@link #serverTime}. */
    HttpCall serverTime();

    VenueOrder order(JsonNode answer);

    /**
     * Where a venue keeps finished orders apart from working ones (Kraken's OpenOrders and
     * ClosedOrders): the second lookup by client order id, asked when {@link #query} found none.
     * Read by {@link #order} and {@link #notFound}. Null where {@link #query} sees every order.
     */
    default HttpCall queryEnded(String symbol, String clientOrderId) {
        return null;
    }

    /**
     * Where the venue pages its executions: the call for the page after {@code answer} (the page of
     * {@link #fills} or of an earlier call of this), {@code read} executions read so far; null when
     * {@code answer} was the last page.
     */
    default HttpCall nextFills(String symbol, long sinceMillis, JsonNode answer, int read) {
        return null;
    }

    /** Whether a successful answer to {@link #query} says there is no such order (Bybit answers an empty list). */
    default boolean notFound(JsonNode queryAnswer) {
        return false;
    }

    /** Whether the venue amends a working order in place ({@link #amend}). */
    default boolean amends() {
        return false;
    }

    /**
     * Amends a working limit order in place, keeping its ids: {@code quantity} is the whole new
     * quantity (what filled included), {@code price} the new limit; {@code was*} are its terms now.
     * Its answer says only whether the venue took the change (read by {@link #reject}); the order is
     * then asked. Throws {@link IllegalArgumentException} for a change the venue's API cannot make.
     */
    default HttpCall amend(String symbol, String clientOrderId, io.dpp.core.model.Side side, java.math.BigDecimal quantity, java.math.BigDecimal price,
                           java.math.BigDecimal wasQuantity, java.math.BigDecimal wasPrice) {
        throw new IllegalArgumentException(venue() + " does not amend orders in place: cancel the order and submit a new one");
    }

    /** {@link #amend} of an order whose venue id is {@code venueOrderId} (null when not known); by client order id by default. */
    default HttpCall amend(String symbol, String clientOrderId, String venueOrderId, io.dpp.core.model.Side side, java.math.BigDecimal quantity,
                           java.math.BigDecimal price, java.math.BigDecimal wasQuantity, java.math.BigDecimal wasPrice) {
        return amend(symbol, clientOrderId, side, quantity, price, wasQuantity, wasPrice);
    }

    /** The order a successful answer to {@link #cancel} describes (by default read as {@link #order}). */
    default VenueOrder canceled(JsonNode answer) {
        return order(answer);
    }

    List<VenueOrder> orders(JsonNode answer);

    List<VenueFill> fills(JsonNode answer);

    /** The venue's time in epoch milliseconds. */
    long serverTime(JsonNode answer);

    /** How finely {@link #serverTime} tells the venue's time, in ms (Kraken's in whole seconds). */
    default long clockResolutionMillis() {
        return 1;
    }

    /** The refusal an answer carries, or null for a success. A status of 0 means no answer came (timeout). */
    VenueReject reject(int status, JsonNode body);

    /**
     * The venue's dead man's switch: cancel every order of the account unless called again within
     * {@code seconds} (0 disarms it). Null when the venue offers none over REST for this account.
     */
    default HttpCall cancelAllAfter(int seconds) {
        return null;
    }

    /**
     * The venue's dead man's switch where it is per symbol (Binance USD-M's
     * {@code countdownCancelAll}): cancel every order of the account in {@code symbol} unless called
     * again within {@code seconds} (0 disarms it). Null when the venue has no such call.
     */
    default HttpCall cancelSymbolAfter(String symbol, int seconds) {
        return null;
    }

    /**
     * Whether the venue's trade ids are unique across its instruments (Kraken's txids, Bybit's
     * execIds), so that a trade is known by its id alone, however an answer names its instrument
     * (Kraken's trade list by the pair's REST name, its WebSocket by another); else they are unique
     * per instrument (Binance, OKX) and the instrument is part of a trade's identity.
     */
    default boolean tradeIdsUnique() {
        return false;
    }

    /** A trade's identity at the venue: its id, with the instrument where the venue numbers trades per instrument. */
    static String tradeKey(String venue, String symbol, String tradeId) {
        boolean unique;
        try {
            unique = of(venue).tradeIdsUnique();
        } catch (IllegalArgumentException e) {
            unique = false;
        }
        return (unique ? "" : symbol) + "\u0000" + tradeId;
    }

    /**
     * Whether the account trades margined contracts (perpetuals, futures) rather than spot: its
     * balance is the margin wallet (what was deposited, plus realized profit, less fees and funding),
     * its holdings the open positions, read by {@link #positions()}.
     */
    default boolean margined() {
        return false;
    }

    /** The account's open positions (a margined account's); read by {@link #positions(JsonNode)}. Null where there are none. */
    default HttpCall positions() {
        return null;
    }

    /** The open positions an answer to {@link #positions()} lists: signed quantity by symbol, flat ones left out. */
    default java.util.Map<String, java.math.BigDecimal> positions(JsonNode answer) {
        return java.util.Map.of();
    }

    /** Fills that came with the answer to {@link #place} (Binance's FULL answer), else none. */
    default List<VenueFill> placeFills(JsonNode answer) {
        return List.of();
    }

    /**
     * What {@code call} costs of the venue's REST allowance per address ({@link OrderLimits#addressWeight}),
     * which the market-data feeds of the same address spend too; 0 where the venue has no such
     * allowance and counts order calls per account only.
     */
    default int weight(HttpCall call) {
        return 0;
    }

    /** The venues DPP trades on live: those it has the order protocol of. */
    List<String> VENUES = List.of("binance", "binance-futures", "okx", "bybit", "kraken", "coinbase", "deribit", "bitmex");

    /** The protocol of a venue id. */
    static OrderProtocol of(String venue) {
        return switch (venue) {
            case "binance" -> new BinanceSpotOrders();
            case "binance-futures" -> new BinanceUsdmOrders();
            case "okx" -> new OkxSpotOrders();
            case "bybit" -> new BybitOrders();
            case "kraken" -> new KrakenSpotOrders();
            case "coinbase" -> new CoinbaseOrders();
            case "deribit" -> new DeribitOrders();
            case "bitmex" -> new BitmexOrders();
            default -> throw new IllegalArgumentException("no order protocol for venue " + venue + " yet; venues: " + String.join(", ", VENUES));
        };
    }
}
