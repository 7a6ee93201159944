package io.dpp.streams.venue.probit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dpp.streams.venue.ClientRequest;
import io.dpp.streams.venue.InstrumentCatalog;
import io.dpp.streams.venue.MessageProtocol;
import io.dpp.streams.venue.ProtocolSupport;
import io.dpp.streams.venue.RateLimit;
import io.dpp.streams.venue.Subscription;
import io.dpp.streams.venue.VenueDecoder;
import io.dpp.streams.venue.VenueLimits;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ProBit's exchange WebSocket ({@code wss://api.probit.com/api/exchange/v1/ws}). One message subscribes
 * a market's {@code marketdata} with the kinds wanted ({@code "filter":["order_books","recent_trades"]},
 * pushed every 100 ms); the first message after it carries {@code "reset":true}: the whole book and
 * the recent trades (history, not published), the next ones changed levels and new trades. Nothing
 * is sequenced, so a lost message cannot show (the periodic rebuild heals it); a book is asked for
 * again by unsubscribing the market and subscribing it with both kinds. ProBit documents no
 * WebSocket limits; these are conservative.
 */
final class ProbitProtocol extends MessageProtocol {

    private static final String PATH = "/api/exchange/v1/ws";
    private static final int MARKETS_PER_CONNECTION = 100;
    private static final int INTERVAL_MS = 100;

    @Override
    public ClientRequest parseClient(String url, String message) {
        JsonNode m = ProtocolSupport.read(message);
        if (m == null || !m.isObject()) {
            return ClientRequest.OTHER;
        }
        String type = m.path("type").asText();
        String market = m.path("market_id").asText();
        if (market.isEmpty() || (!type.equals("subscribe") && !type.equals("unsubscribe"))) {
            return ClientRequest.OTHER;
        }
        List<Subscription> subs = new ArrayList<>();
        for (String kind : ProtocolSupport.texts(m.path("filter"))) {
            subs.add(new Subscription(kind, market));
        }
        return request(type.equals("subscribe"), subs);
    }

    @Override
    protected String path() {
        return PATH;
    }

    @Override
    protected int streamsPerMessage() {
        return 2;
    }

    @Override
    protected List<String> subscribeMessages(List<Subscription> streams, InstrumentCatalog catalog) {
        // One message a market, naming every kind asked for it.
        Map<String, List<Subscription>> byMarket = new LinkedHashMap<>();
        for (Subscription s : streams) {
            byMarket.computeIfAbsent(s.symbol(), k -> new ArrayList<>()).add(s);
        }
        List<String> messages = new ArrayList<>();
        byMarket.values().forEach(same -> messages.add(message(true, same)));
        return messages;
    }

    @Override
    protected String message(boolean subscribe, List<Subscription> streams) {
        ObjectNode m = ProtocolSupport.object();
        m.put("type", subscribe ? "subscribe" : "unsubscribe");
        m.put("channel", "marketdata");
        if (subscribe) {
            List<String> kinds = new ArrayList<>();
            streams.forEach(s -> kinds.add(s.channel()));
            m.set("filter", ProtocolSupport.strings(kinds));
            m.put("interval", INTERVAL_MS);
        }
        m.put("market_id", streams.get(0).symbol());
        return ProtocolSupport.write(m);
    }

    @Override
    public List<String> resubscribe(Subscription book, VenueDecoder decoder) {
        // Unsubscribing ends the market's whole marketdata; it comes back with the book and the trades.
        return List.of(message(false, List.of(book)),
                message(true, List.of(book, new Subscription("recent_trades", book.symbol()))));
    }

    @Override
    public boolean detectsLoss(String bookChannel) {
        return false;
    }

    @Override
    public VenueLimits limits() {
        return new VenueLimits(MARKETS_PER_CONNECTION, RateLimit.perSecond(10), 1, RateLimit.perSecond(2), RateLimit.perSecond(10), null);
    }
}
