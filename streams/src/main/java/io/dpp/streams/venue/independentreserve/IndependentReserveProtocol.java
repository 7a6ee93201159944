package io.dpp.streams.venue.independentreserve;

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
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Independent Reserve's "order book ticker" WebSocket ({@code wss://websockets.independentreserve.com}):
 * {@code {"Event":"Subscribe","Data":["orderbook-eth","ticker-eth-aud"]}} (or the same names in the
 * URL's {@code ?subscribe=}), confirmed by a {@code Subscriptions} event listing them all.
 *
 * <p>Books are order-level and per primary currency: {@code orderbook-eth} carries every ETH order
 * whatever currency it was placed in, with its price in each of them, so one channel serves the
 * books of eth-aud, eth-usd, eth-nzd and eth-sgd; reading it back names every pair of the base the
 * catalog lists. The books are rebuilt from REST {@code /Public/GetAllOrders} (the orders of one
 * pair; no nonce, so the decoder replays what it held over them, see {@link IndependentReserveDecoder}).
 * Trades come on {@code ticker-<pair>} (as recorded, and as the venue still serves it) or
 * {@code ticker-<base>} (the venue's document today: every quote currency).
 *
 * <p>Limits: the REST API allows one call a second (documented), so books start one every two
 * seconds at the feeds' default share; nothing is documented for the socket (one connection
 * carries at most 200 streams here). The server sends a heartbeat every 60 s; an idle client
 * pings with WebSocket frames.
 */
final class IndependentReserveProtocol implements VenueProtocol {

    static final String BOOK = "orderbook";
    static final String TRADES = "ticker";
    static final String SNAPSHOT_PATH = "/Public/GetAllOrders";
    private static final int STREAMS_PER_CONNECTION = 200;

    @Override
    public ClientRequest parseClient(String url, String message) {
        return parseClient(url, message, null);
    }

    /**
     * {@code orderbook-<base>} names every pair of that base in the catalog (none without one);
     * {@code ticker-<base>-<quote>} its pair, {@code ticker-<base>} every pair of the base.
     */
    @Override
    public ClientRequest parseClient(String url, String message, InstrumentCatalog catalog) {
        if (message == null) {
            String query = url == null ? null : ProtocolSupport.query(url, "subscribe");
            if (query == null) {
                return ClientRequest.OTHER;
            }
            return ClientRequest.subscribe(streams(List.of(URLDecoder.decode(query, StandardCharsets.UTF_8).split(",")), catalog));
        }
        JsonNode m = ProtocolSupport.read(message);
        if (m == null || !m.isObject()) {
            return ClientRequest.OTHER;
        }
        String event = m.path("Event").asText();
        if (!event.equals("Subscribe") && !event.equals("Unsubscribe")) {
            return ClientRequest.OTHER;
        }
        List<Subscription> subs = streams(ProtocolSupport.texts(m.path("Data")), catalog);
        return event.equals("Subscribe") ? ClientRequest.subscribe(subs) : ClientRequest.unsubscribe(subs);
    }

    private static List<Subscription> streams(List<String> names, InstrumentCatalog catalog) {
        Set<Subscription> out = new LinkedHashSet<>();
        for (String raw : names) {
            String name = raw.trim().toLowerCase(Locale.ROOT);
            for (String channel : List.of(BOOK, TRADES)) {
                if (!name.startsWith(channel + "-") || name.length() == channel.length() + 1) {
                    continue;
                }
                String rest = name.substring(channel.length() + 1);
                if (channel.equals(TRADES) && rest.indexOf('-') > 0) {
                    out.add(new Subscription(channel, rest));
                } else if (rest.indexOf('-') < 0 && catalog != null) {
                    for (Instrument i : catalog.all()) {
                        if (i.nativeSymbol().startsWith(rest + "-")) {
                            out.add(new Subscription(channel, i.nativeSymbol()));
                        }
                    }
                }
            }
        }
        return new ArrayList<>(out);
    }

    /** Book streams become one {@code orderbook-<base>} per base; trade streams one {@code ticker-<pair>} each. */
    @Override
    public List<ConnectionPlan> plan(String wsUrl, List<Subscription> streams, InstrumentCatalog catalog) {
        return ProtocolSupport.perConnection(wsUrl, streams, STREAMS_PER_CONNECTION, slice -> {
            Set<String> names = new LinkedHashSet<>();
            for (Subscription s : slice) {
                names.add(s.channel().equals(BOOK) ? BOOK + "-" + base(s.symbol()) : s.channel() + "-" + s.symbol());
            }
            return List.of(message(true, names));
        });
    }

    static String message(boolean subscribe, Iterable<String> names) {
        StringBuilder sb = new StringBuilder("{\"Event\":\"").append(subscribe ? "Subscribe" : "Unsubscribe").append("\",\"Data\":[");
        boolean first = true;
        for (String n : names) {
            sb.append(first ? "\"" : ",\"").append(n).append('"');
            first = false;
        }
        return sb.append("]}").toString();
    }

    /** The primary currency of a pair ("eth" of "eth-aud"). */
    static String base(String pair) {
        int dash = pair.indexOf('-');
        return dash < 0 ? pair : pair.substring(0, dash);
    }

    @Override
    public Recovery recovery() {
        return Recovery.REST_SNAPSHOT;
    }

    @Override
    public String snapshotPath(Instrument instrument) {
        String pair = instrument.nativeSymbol();
        int dash = pair.indexOf('-');
        return SNAPSHOT_PATH + "?primaryCurrencyCode=" + pair.substring(0, dash) + "&secondaryCurrencyCode=" + pair.substring(dash + 1);
    }

    @Override
    public VenueLimits limits() {
        return new VenueLimits(STREAMS_PER_CONNECTION, RateLimit.perSecond(1), 1, new RateLimit(10, Duration.ofMinutes(1)),
                RateLimit.perSecond(5), null);
    }
}
