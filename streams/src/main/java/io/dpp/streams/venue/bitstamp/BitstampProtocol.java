package io.dpp.streams.venue.bitstamp;

import com.fasterxml.jackson.databind.JsonNode;
import io.dpp.core.instrument.Instrument;
import io.dpp.streams.venue.ClientRequest;
import io.dpp.streams.venue.ConnectionPlan;
import io.dpp.streams.venue.InstrumentCatalog;
import io.dpp.streams.venue.ProtocolSupport;
import io.dpp.streams.venue.RateLimit;
import io.dpp.streams.venue.Subscription;
import io.dpp.streams.venue.VenueLimits;
import io.dpp.streams.venue.VenueProtocol;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Bitstamp WebSocket v2 ({@code wss://ws.bitstamp.net}). One {@code bts:subscribe} per channel,
 * the channel name ending in the pair ({@code diff_order_book_btcusd}). Books are rebuilt from
 * REST {@code /api/v2/order_book/PAIR} snapshots ordered by microtimestamp; Bitstamp bans an IP
 * above 8000 requests per 10 minutes.
 */
final class BitstampProtocol implements VenueProtocol {

    /** Channel names, longest first so that a prefix match is unambiguous. */
    private static final List<String> CHANNELS = List.of("detail_order_book", "diff_order_book", "full_order_book",
            "live_orders", "live_trades", "order_book");
    private static final int SUBSCRIPTIONS_PER_CONNECTION = 100;

    @Override
    public ClientRequest parseClient(String url, String message) {
        JsonNode m = ProtocolSupport.read(message);
        if (m == null || !m.isObject()) {
            return ClientRequest.OTHER;
        }
        String event = m.path("event").asText();
        if (event.equals("bts:heartbeat")) {
            return ClientRequest.PING;
        }
        if (!event.equals("bts:subscribe") && !event.equals("bts:unsubscribe")) {
            return ClientRequest.OTHER;
        }
        String name = m.path("data").path("channel").asText();
        List<Subscription> subs = new ArrayList<>();
        for (String channel : CHANNELS) {
            if (name.startsWith(channel + "_") && name.length() > channel.length() + 1) {
                subs.add(new Subscription(channel, name.substring(channel.length() + 1)));
                break;
            }
        }
        return event.equals("bts:subscribe") ? ClientRequest.subscribe(subs) : ClientRequest.unsubscribe(subs);
    }

    @Override
    public List<ConnectionPlan> plan(String wsUrl, List<Subscription> streams, InstrumentCatalog catalog) {
        return ProtocolSupport.perConnection(wsUrl, streams, SUBSCRIPTIONS_PER_CONNECTION, slice -> {
            List<String> messages = new ArrayList<>();
            for (Subscription s : slice) {
                messages.add("{\"event\":\"bts:subscribe\",\"data\":{\"channel\":\"" + s.channel() + "_" + s.symbol() + "\"}}");
            }
            return messages;
        });
    }

    @Override
    public boolean detectsLoss(String bookChannel) {
        return false;
    }

    @Override
    public Recovery recovery() {
        return Recovery.REST_SNAPSHOT;
    }

    @Override
    public String snapshotPath(Instrument instrument) {
        return "/api/v2/order_book/" + instrument.nativeSymbol();
    }

    @Override
    public String ping() {
        return "{\"event\":\"bts:heartbeat\"}";
    }

    @Override
    public VenueLimits limits() {
        return new VenueLimits(SUBSCRIPTIONS_PER_CONNECTION, new RateLimit(8000, Duration.ofMinutes(10)), 1,
                RateLimit.perSecond(10), RateLimit.perSecond(10), null);
    }
}
