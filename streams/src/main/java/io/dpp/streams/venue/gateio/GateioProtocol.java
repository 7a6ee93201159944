package io.dpp.streams.venue.gateio;

import com.fasterxml.jackson.databind.JsonNode;
import io.dpp.core.instrument.Instrument;
import io.dpp.streams.venue.ClientRequest;
import io.dpp.streams.venue.ConnectionPlan;
import io.dpp.streams.venue.InstrumentCatalog;
import io.dpp.streams.venue.ProtocolSupport;
import io.dpp.streams.venue.RateLimit;
import io.dpp.streams.venue.Subscription;
import io.dpp.streams.venue.VenueEndpoints;
import io.dpp.streams.venue.VenueLimits;
import io.dpp.streams.venue.VenueProtocol;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Gate.io WebSocket v4 (spot at {@code wss://api.gateio.ws/ws/v4/}, USDT futures at
 * {@code wss://fx-ws.gateio.ws/v4/ws/usdt}). A subscription names a channel and a payload:
 * {@code spot.order_book_update} one pair and its interval ({@code ["BTC_USDT","100ms"]}), the trades
 * and quotes channels a list of pairs, the candlesticks channel its interval and one pair (the
 * futures' channels alike, prefixed {@code futures.}). Books are rebuilt from the REST snapshot
 * ({@code /api/v4/spot/order_book?currency_pair=P&limit=100&with_id=true}, the futures'
 * {@code /api/v4/futures/usdt/order_book?contract=C&...}; its {@code id} the last update it holds),
 * then diffs numbered {@code U..u}. Public REST calls are limited to 200 per 10 s per endpoint;
 * WebSocket limits are not documented, so these are conservative.
 */
final class GateioProtocol implements VenueProtocol {

    private static final String INTERVAL = "100ms";
    private static final int SUBSCRIPTIONS_PER_CONNECTION = 100;
    private static final int SNAPSHOT_LIMIT = 100;

    private final GateioFlavor flavor;
    private final String book;
    /** Candlesticks: subscribed (one-minute ones) where asked by name, not decoded. */
    private final String candles;

    GateioProtocol(GateioFlavor flavor) {
        this.flavor = flavor;
        this.book = flavor.book();
        this.candles = flavor.candles();
    }

    @Override
    public VenueEndpoints endpoints() {
        return flavor.endpoints;
    }

    @Override
    public ClientRequest parseClient(String url, String message) {
        JsonNode m = ProtocolSupport.read(message);
        if (m == null || !m.isObject()) {
            return ClientRequest.OTHER;
        }
        String channel = m.path("channel").asText();
        String event = m.path("event").asText();
        if (channel.equals(flavor.prefix + ".ping")) {
            return ClientRequest.PING;
        }
        if (!event.equals("subscribe") && !event.equals("unsubscribe")) {
            return ClientRequest.OTHER;
        }
        List<String> payload = ProtocolSupport.texts(m.path("payload"));
        List<Subscription> subs = new ArrayList<>();
        if (channel.equals(book)) {
            if (!payload.isEmpty()) {
                subs.add(new Subscription(channel, payload.get(0)));
            }
        } else if (channel.equals(candles)) {
            if (payload.size() == 2) {
                subs.add(new Subscription(channel, payload.get(1))); // ["1m", "BTC_USDT"]: the interval first
            }
        } else {
            for (String pair : payload) {
                subs.add(new Subscription(channel, pair));
            }
        }
        return event.equals("subscribe") ? ClientRequest.subscribe(subs) : ClientRequest.unsubscribe(subs);
    }

    @Override
    public List<ConnectionPlan> plan(String wsUrl, List<Subscription> streams, InstrumentCatalog catalog) {
        return ProtocolSupport.perConnection(ProtocolSupport.join(wsUrl, flavor.wsPath), streams, SUBSCRIPTIONS_PER_CONNECTION, slice -> {
            List<String> messages = new ArrayList<>();
            for (Map.Entry<String, List<String>> e : ProtocolSupport.symbolsByChannel(slice).entrySet()) {
                if (e.getKey().equals(book)) {
                    for (String pair : e.getValue()) {
                        messages.add(message(e.getKey(), "\"" + pair + "\",\"" + INTERVAL + "\""));
                    }
                } else if (e.getKey().equals(candles)) {
                    for (String pair : e.getValue()) {
                        messages.add(message(e.getKey(), "\"1m\",\"" + pair + "\""));
                    }
                } else {
                    StringBuilder pairs = new StringBuilder();
                    for (String pair : e.getValue()) {
                        pairs.append(pairs.isEmpty() ? "" : ",").append('"').append(pair).append('"');
                    }
                    messages.add(message(e.getKey(), pairs.toString()));
                }
            }
            return messages;
        });
    }

    private static String message(String channel, String payload) {
        return "{\"time\":" + System.currentTimeMillis() / 1000 + ",\"channel\":\"" + channel + "\",\"event\":\"subscribe\",\"payload\":["
                + payload + "]}";
    }

    @Override
    public Recovery recovery() {
        return Recovery.REST_SNAPSHOT;
    }

    @Override
    public String snapshotPath(Instrument instrument) {
        return flavor.snapshotPath + "?" + flavor.snapshotParameter + "=" + instrument.nativeSymbol() + "&limit=" + SNAPSHOT_LIMIT + "&with_id=true";
    }

    @Override
    public VenueLimits limits() {
        return new VenueLimits(SUBSCRIPTIONS_PER_CONNECTION, new RateLimit(200, Duration.ofSeconds(10)), 1,
                RateLimit.perSecond(1), RateLimit.perSecond(10), null);
    }
}
