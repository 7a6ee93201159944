package io.dpp.trading.live;

import com.fasterxml.jackson.databind.JsonNode;
import io.dpp.core.model.Side;
import java.math.BigDecimal;
import java.util.List;

/**
 * Binance USD-M futures' user data stream: a listen key from {@code POST /fapi/v1/listenKey}
 * (the API key alone; an account with an active key gets it back, extended), valid 60 minutes
 * and kept alive by {@code PUT /fapi/v1/listenKey} (every 30 minutes here; {@code -1125} when the
 * venue no longer has it); the stream is at {@code wss://fstream.binance.com/private/ws/<listenKey>},
 * so the connection needs no login. {@code ORDER_TRADE_UPDATE} reports every change of an order
 * with the execution that made it ({@code x} TRADE: trade id {@code t}, {@code l} at {@code L},
 * commission {@code n} in {@code N}, {@code m} maker, {@code rp} realized profit);
 * {@code listenKeyExpired} says the key is gone (a new connection gets a new one). The server pings
 * with WebSocket frames.
 */
final class BinanceUsdmStream implements PrivateStream {

    static final String LISTEN_KEY = "/fapi/v1/listenKey";

    @Override
    public String venue() {
        return "binance-futures";
    }

    @Override
    public String path() {
        return "/private/ws/";
    }

    @Override
    public String url() {
        return "wss://fstream.binance.com/private/ws/";
    }

    @Override
    public String path(String token) {
        return path() + token;
    }

    @Override
    public String url(String token) {
        return url() + token;
    }

    @Override
    public HttpCall token() {
        return HttpCall.of("POST", LISTEN_KEY, "", "");
    }

    @Override
    public String token(JsonNode answer) {
        String key = answer.path("listenKey").asText("");
        if (key.isEmpty()) {
            throw new IllegalArgumentException("no listenKey in Binance's answer");
        }
        return key;
    }

    @Override
    public HttpCall renew(String token) {
        return HttpCall.of("PUT", LISTEN_KEY, "", "");
    }

    /** Nothing to send: the address carries the listen key. */
    @Override
    public String login(VenueKey key, long nowMillis, String token) {
        return null;
    }

    @Override
    public String loginKey(JsonNode login) {
        return null;
    }

    @Override
    public String checkLogin(JsonNode login, VenueKey key, long nowMillis) {
        return null;
    }

    @Override
    public String loginAnswer(JsonNode message) {
        throw new IllegalArgumentException("Binance USD-M's stream has no login to answer");
    }

    @Override
    public List<String> subscribe() {
        return List.of();
    }

    @Override
    public boolean subscribed(JsonNode message) {
        return false;
    }

    @Override
    public String ended(JsonNode m) {
        return "listenKeyExpired".equals(m.path("e").asText()) ? "the venue's listen key expired (listenKeyExpired)" : null;
    }

    @Override
    public Update read(JsonNode m) {
        if (!"ORDER_TRADE_UPDATE".equals(m.path("e").asText())) {
            return null; // ACCOUNT_UPDATE and the others: the EMS reads the wallet and positions itself
        }
        JsonNode o = m.path("o");
        Side side = "BUY".equals(o.path("S").asText()) ? Side.BUY : Side.SELL;
        BigDecimal filled = Decimals.of(o.path("z"));
        BigDecimal average = Decimals.of(o.path("ap"));
        BigDecimal price = Decimals.of(o.path("p"));
        String orderId = o.path("i").asText();
        String clientId = o.path("c").asText();
        String symbol = o.path("s").asText();
        long time = o.path("T").asLong(m.path("T").asLong()) * 1000;
        VenueOrder order = new VenueOrder(orderId, clientId, symbol, side, BinanceUsdmOrders.status(o.path("X").asText()), Decimals.of(o.path("q")),
                price.signum() == 0 ? null : price, filled, filled.signum() == 0 || average.signum() == 0 ? null : average, time);
        List<VenueFill> fills = List.of();
        if ("TRADE".equals(o.path("x").asText()) && o.path("t").asLong(0) > 0) {
            fills = List.of(new VenueFill(o.path("t").asText(), orderId, clientId, symbol, side, Decimals.of(o.path("L")), Decimals.of(o.path("l")),
                    Decimals.of(o.path("n")), o.path("N").asText(null), o.path("m").asBoolean(), time));
        }
        return new Update(List.of(order), fills);
    }
}
