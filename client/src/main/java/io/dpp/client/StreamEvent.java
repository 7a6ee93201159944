package io.dpp.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * An event from the stream or a replay, typed. Decimals are {@link BigDecimal} exactly as the venue
 * wrote them; {@code timestamp} is the venue's time (null when it sends none) and
 * {@code localTimestamp} DPP's receive time. {@link #json()} is the event as it arrived.
 */
public sealed interface StreamEvent {

    /** The fields every event has. */
    Header header();

    default String venue() {
        return header().venue();
    }

    /** The venue's symbol; null for a venue-wide feed status. */
    default String symbol() {
        return header().symbol();
    }

    default String normalizedSymbol() {
        return header().normalizedSymbol();
    }

    default Instant timestamp() {
        return header().timestamp();
    }

    default Instant localTimestamp() {
        return header().localTimestamp();
    }

    /** The subscription it came for (0 in a replay). */
    default int subscription() {
        return header().subscription();
    }

    /** Its sequence number within the subscription (0 in a replay). */
    default long sequence() {
        return header().sequence();
    }

    /** True on synthetic data (the demo market, or a recording of it): never a real venue's. */
    default boolean demo() {
        return header().demo();
    }

    /** The event's JSON as received. */
    default String json() {
        return header().json();
    }

    /** Shared fields. */
    record Header(String venue, String symbol, String normalizedSymbol, Instant timestamp, Instant localTimestamp,
                  int subscription, long sequence, boolean demo, String json) {
    }

    record Trade(Header header, String id, BigDecimal price, BigDecimal amount, String side) implements StreamEvent {
    }

    record Liquidation(Header header, String id, BigDecimal price, BigDecimal amount, String side)
            implements StreamEvent {
    }

    /** A price level: price and size (zero removes the level in a change). */
    record Level(BigDecimal price, BigDecimal size) {
    }

    record BookChange(Header header, boolean snapshot, Long venueSequence, List<Level> bids, List<Level> asks)
            implements StreamEvent {
    }

    record BookSnapshot(Header header, int depth, List<Level> bids, List<Level> asks) implements StreamEvent {
    }

    record Quote(Header header, BigDecimal bidPrice, BigDecimal bidAmount, BigDecimal askPrice, BigDecimal askAmount)
            implements StreamEvent {
    }

    record Candle(Header header, String interval, Instant openTime, BigDecimal open, BigDecimal high, BigDecimal low,
                  BigDecimal close, BigDecimal volume, long trades, boolean closed) implements StreamEvent {
    }

    record DerivativeTicker(Header header, BigDecimal lastPrice, BigDecimal markPrice, BigDecimal indexPrice,
                            BigDecimal fundingRate, BigDecimal predictedFundingRate, Instant fundingTimestamp,
                            BigDecimal openInterest) implements StreamEvent {
    }

    record FeedStatus(Header header, String state, String reason) implements StreamEvent {
    }

    /** The typed event of a message, or null when the message is not an event (acks, heartbeats). */
    static StreamEvent parse(JsonNode m, String json) {
        String type = m.path("type").asText("");
        Header h = new Header(text(m, "venue"), text(m, "symbol"), text(m, "normalized_symbol"), time(m, "timestamp"),
                time(m, "local_timestamp"), m.path("sub").asInt(0), m.path("seq").asLong(0),
                m.path("demo").asBoolean(false), json);
        return switch (type) {
            case "trade" -> new Trade(h, text(m, "id"), dec(m, "price"), dec(m, "amount"), text(m, "side"));
            case "liquidation" -> new Liquidation(h, text(m, "id"), dec(m, "price"), dec(m, "amount"), text(m, "side"));
            case "book_change" -> new BookChange(h, m.path("snapshot").asBoolean(),
                    m.path("sequence").isNumber() ? m.get("sequence").asLong() : null, levels(m.get("bids")), levels(m.get("asks")));
            case "book_snapshot" -> new BookSnapshot(h, m.path("depth").asInt(), levels(m.get("bids")), levels(m.get("asks")));
            case "quote" -> new Quote(h, dec(m, "bid_price"), dec(m, "bid_amount"), dec(m, "ask_price"), dec(m, "ask_amount"));
            case "candle" -> new Candle(h, text(m, "interval"), time(m, "open_time"), dec(m, "open"), dec(m, "high"),
                    dec(m, "low"), dec(m, "close"), dec(m, "volume"), m.path("trades").asLong(-1), m.path("closed").asBoolean());
            case "derivative_ticker" -> new DerivativeTicker(h, dec(m, "last_price"), dec(m, "mark_price"),
                    dec(m, "index_price"), dec(m, "funding_rate"), dec(m, "predicted_funding_rate"),
                    time(m, "funding_timestamp"), dec(m, "open_interest"));
            case "feed_status" -> new FeedStatus(h, text(m, "state"), text(m, "reason"));
            default -> null;
        };
    }

    private static String text(JsonNode m, String field) {
        JsonNode v = m.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static BigDecimal dec(JsonNode m, String field) {
        String v = text(m, field);
        return v == null ? null : new BigDecimal(v);
    }

    private static Instant time(JsonNode m, String field) {
        String v = text(m, field);
        return v == null ? null : Instant.parse(v);
    }

    private static List<Level> levels(JsonNode array) {
        List<Level> out = new ArrayList<>();
        if (array != null) {
            for (JsonNode l : array) {
                out.add(new Level(new BigDecimal(l.get(0).asText()), new BigDecimal(l.get(1).asText())));
            }
        }
        return out;
    }
}
