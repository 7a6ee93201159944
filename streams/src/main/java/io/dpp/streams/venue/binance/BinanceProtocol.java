package io.dpp.streams.venue.binance;

import com.fasterxml.jackson.databind.JsonNode;
import io.dpp.core.instrument.Instrument;
import io.dpp.streams.venue.ClientRequest;
import io.dpp.streams.venue.ConnectionPlan;
import io.dpp.streams.venue.InstrumentCatalog;
import io.dpp.streams.venue.ProtocolSupport;
import io.dpp.streams.venue.Subscription;
import io.dpp.streams.venue.VenueEndpoints;
import io.dpp.streams.venue.VenueLimits;
import io.dpp.streams.venue.VenueProtocol;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Binance's market streams (spot, Binance.US, USD-M and COIN-M futures: {@link BinanceFlavor}). Streams are named in the URL of a combined
 * stream ({@code /stream?streams=btcusdt@depth@100ms/...}), so a connection needs no subscribe
 * message. Books are rebuilt from {@code /depth} snapshots (limit 1000: weight 50 of 6000 per
 * minute on spot, 20 of 2400 on futures). A connection lives at most 24 hours; the server pings
 * every 20 s (spot) or 3 min (futures) and Netty answers.
 */
final class BinanceProtocol implements VenueProtocol {

    private static final int SNAPSHOT_LIMIT = 1000;

    private final BinanceFlavor flavor;

    BinanceProtocol(BinanceFlavor flavor) {
        this.flavor = flavor;
    }

    @Override
    public VenueEndpoints endpoints() {
        return flavor.endpoints;
    }

    @Override
    public ClientRequest parseClient(String url, String message) {
        if (message == null) {
            String streams = url == null ? null : ProtocolSupport.query(url, "streams");
            if (streams == null) {
                int ws = url == null ? -1 : url.indexOf("/ws/");
                return ws < 0 ? ClientRequest.OTHER : ClientRequest.subscribe(parseStreams(List.of(url.substring(ws + 4))));
            }
            return ClientRequest.subscribe(parseStreams(List.of(streams.split("/"))));
        }
        JsonNode m = ProtocolSupport.read(message);
        if (m == null || !m.isObject()) {
            return ClientRequest.OTHER;
        }
        String method = m.path("method").asText();
        List<Subscription> subs = parseStreams(ProtocolSupport.texts(m.path("params")));
        return switch (method) {
            case "SUBSCRIBE" -> ClientRequest.subscribe(subs);
            case "UNSUBSCRIBE" -> ClientRequest.unsubscribe(subs);
            default -> ClientRequest.OTHER;
        };
    }

    private static List<Subscription> parseStreams(List<String> streams) {
        List<Subscription> out = new ArrayList<>();
        for (String s : streams) {
            int at = s.indexOf('@');
            if (at > 0 && at < s.length() - 1) {
                out.add(new Subscription(s.substring(at + 1), s.substring(0, at).toUpperCase(Locale.ROOT)));
            }
        }
        return out;
    }

    @Override
    public List<ConnectionPlan> plan(String wsUrl, List<Subscription> streams, InstrumentCatalog catalog) {
        List<ConnectionPlan> plans = new ArrayList<>();
        for (List<Subscription> slice : ProtocolSupport.chunks(streams, BinanceFlavor.STREAMS_PER_CONNECTION)) {
            StringBuilder url = new StringBuilder(ProtocolSupport.join(wsUrl, "/stream?streams="));
            for (int i = 0; i < slice.size(); i++) {
                if (i > 0) {
                    url.append('/');
                }
                url.append(slice.get(i).symbol().toLowerCase(Locale.ROOT)).append('@').append(slice.get(i).channel());
            }
            plans.add(new ConnectionPlan(url.toString(), List.of(), slice));
        }
        return plans;
    }

    @Override
    public Recovery recovery() {
        return Recovery.REST_SNAPSHOT;
    }

    @Override
    public String snapshotPath(Instrument instrument) {
        return flavor.depthPath() + "?symbol=" + instrument.nativeSymbol() + "&limit=" + SNAPSHOT_LIMIT;
    }

    @Override
    public VenueLimits limits() {
        return flavor.limits;
    }
}
