package io.dpp.streams.venue.upbit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dpp.streams.venue.ClientRequest;
import io.dpp.streams.venue.ConnectionPlan;
import io.dpp.streams.venue.InstrumentCatalog;
import io.dpp.streams.venue.ProtocolSupport;
import io.dpp.streams.venue.RateLimit;
import io.dpp.streams.venue.Subscription;
import io.dpp.streams.venue.VenueLimits;
import io.dpp.streams.venue.VenueProtocol;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Upbit's WebSocket ({@code wss://api.upbit.com/websocket/v1}). One request names everything a
 * connection receives and replaces what it asked before: a ticket, the format ({@code SIMPLE}: short
 * field names), then one entry per type with its codes ({@code {"type":"orderbook","codes":["KRW-BTC"]}}).
 * Every {@code orderbook} message is the whole book (its top levels), so a lost one is healed by the
 * next and nothing needs a sequence; a book is asked for again by sending the request again. Upbit
 * sends binary frames holding JSON. Limits: 5 connections a second, 5 requests a second per
 * connection (100 a minute).
 */
final class UpbitProtocol implements VenueProtocol {

    private static final String PATH = "/websocket/v1";
    private static final int CODES_PER_CONNECTION = 100;

    @Override
    public ClientRequest parseClient(String url, String message) {
        JsonNode m = ProtocolSupport.read(message);
        if (m == null) {
            return ClientRequest.OTHER;
        }
        if (m.isTextual() || message.strip().equals("PING")) {
            return ClientRequest.PING;
        }
        if (!m.isArray()) {
            return ClientRequest.OTHER;
        }
        List<Subscription> subs = new ArrayList<>();
        for (JsonNode part : m) {
            String type = part.path("type").asText();
            if (!type.isEmpty()) {
                for (String code : ProtocolSupport.texts(part.path("codes"))) {
                    subs.add(new Subscription(type, code));
                }
            }
        }
        return subs.isEmpty() ? ClientRequest.OTHER : ClientRequest.subscribe(subs);
    }

    @Override
    public List<ConnectionPlan> plan(String wsUrl, List<Subscription> streams, InstrumentCatalog catalog) {
        return ProtocolSupport.perConnection(ProtocolSupport.join(wsUrl, PATH), streams, CODES_PER_CONNECTION,
                slice -> List.of(request(slice)));
    }

    /** The one request of a connection: every type with its codes. */
    static String request(List<Subscription> streams) {
        ArrayNode m = ProtocolSupport.object().arrayNode();
        m.addObject().put("ticket", UUID.nameUUIDFromBytes(streams.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString());
        m.addObject().put("format", "SIMPLE");
        for (Map.Entry<String, List<String>> e : ProtocolSupport.symbolsByChannel(streams).entrySet()) {
            ObjectNode type = m.addObject();
            type.put("type", e.getKey());
            type.set("codes", ProtocolSupport.strings(e.getValue()));
        }
        return m.toString();
    }

    @Override
    public boolean detectsLoss(String bookChannel) {
        return true; // every orderbook message is the whole book: a lost one cannot outlast the next
    }

    @Override
    public Recovery recovery() {
        return Recovery.RESUBSCRIBE;
    }

    @Override
    public boolean subscriptionIsWhole() {
        return true;
    }

    @Override
    public VenueLimits limits() {
        return new VenueLimits(CODES_PER_CONNECTION, RateLimit.perSecond(10), 1, RateLimit.perSecond(5), RateLimit.perSecond(5), null);
    }
}
