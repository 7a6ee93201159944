package io.dpp.streams.venue.bitfinex;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dpp.core.instrument.Instrument;
import io.dpp.streams.venue.ClientRequest;
import io.dpp.streams.venue.ConnectionPlan;
import io.dpp.streams.venue.InstrumentCatalog;
import io.dpp.streams.venue.ProtocolSupport;
import io.dpp.streams.venue.RateLimit;
import io.dpp.streams.venue.Subscription;
import io.dpp.streams.venue.VenueDecoder;
import io.dpp.streams.venue.VenueLimits;
import io.dpp.streams.venue.VenueProtocol;
import java.util.ArrayList;
import java.util.List;

/**
 * Bitfinex WebSocket v2 ({@code /ws/2}). Each connection first sends {@code conf} with the
 * SEQ_ALL flag (sequence numbers across the connection) and, unless turned off, the checksum flag;
 * then one subscribe per channel and symbol. A book channel is written
 * {@code book:PREC:FREQ:LEN} ("book:P0:F0:100"). At most 25 channels per connection and 20 new
 * connections per minute. A book is unsubscribed by its channel id and subscribed again.
 */
final class BitfinexProtocol implements VenueProtocol {

    static final int SEQ_ALL = 65536;
    static final int CHECKSUM = 131072;
    private static final int CHANNELS_PER_CONNECTION = 25;

    private final int flags;

    BitfinexProtocol(boolean checksums) {
        this.flags = checksums ? SEQ_ALL | CHECKSUM : SEQ_ALL;
    }

    @Override
    public ClientRequest parseClient(String url, String message) {
        JsonNode m = ProtocolSupport.read(message);
        if (m == null || !m.isObject()) {
            return ClientRequest.OTHER;
        }
        switch (m.path("event").asText()) {
            case "ping":
                return ClientRequest.PING;
            case "unsubscribe":
                return ClientRequest.unsubscribe(List.of());
            case "subscribe":
                break;
            default:
                return ClientRequest.OTHER;
        }
        String channel = m.path("channel").asText();
        String symbol = m.path("symbol").asText();
        if (channel.isEmpty() || symbol.isEmpty()) {
            return ClientRequest.OTHER;
        }
        if (channel.equals("book")) {
            channel = "book:" + m.path("prec").asText("P0") + ":" + m.path("freq").asText("F0") + ":"
                    + m.path("len").asText("25");
        }
        return ClientRequest.subscribe(List.of(new Subscription(channel, symbol)));
    }

    @Override
    public List<ConnectionPlan> plan(String wsUrl, List<Subscription> streams, InstrumentCatalog catalog) {
        return ProtocolSupport.perConnection(ProtocolSupport.join(wsUrl, "/ws/2"), streams, CHANNELS_PER_CONNECTION,
                slice -> {
                    List<String> messages = new ArrayList<>();
                    messages.add("{\"event\":\"conf\",\"flags\":" + flags + "}");
                    for (Subscription s : slice) {
                        messages.add(subscribe(s));
                    }
                    return messages;
                });
    }

    private static String subscribe(Subscription s) {
        ObjectNode m = ProtocolSupport.object();
        m.put("event", "subscribe");
        String[] parts = s.channel().split(":");
        m.put("channel", parts[0]);
        m.put("symbol", s.symbol());
        if (parts[0].equals("book") && parts.length == 4) {
            m.put("prec", parts[1]).put("freq", parts[2]).put("len", parts[3]);
        }
        return ProtocolSupport.write(m);
    }

    @Override
    public Recovery recovery() {
        return Recovery.RESUBSCRIBE;
    }

    @Override
    public List<String> resubscribe(Subscription book, VenueDecoder decoder) {
        List<String> messages = new ArrayList<>();
        if (decoder instanceof BitfinexDecoder d) {
            Instrument instrument = d.catalog().find(book.symbol());
            long chanId = instrument == null ? -1 : d.bookChannelId(instrument);
            if (chanId >= 0) {
                messages.add("{\"event\":\"unsubscribe\",\"chanId\":" + chanId + "}");
            }
        }
        messages.add(subscribe(book));
        return messages;
    }

    @Override
    public String ping() {
        return "{\"event\":\"ping\",\"cid\":1}";
    }

    @Override
    public VenueLimits limits() {
        return new VenueLimits(CHANNELS_PER_CONNECTION, RateLimit.perMinute(90), 1, RateLimit.perMinute(20),
                RateLimit.perSecond(10), null);
    }
}
