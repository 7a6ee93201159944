package io.dpp.trading.live;

/**
 * Bybit v5: {@code X-BAPI-SIGN} = hex HMAC-SHA256 of timestamp + API key + receive window + the
 * query string (GET) or the JSON body (POST), keyed by the secret, with {@code X-BAPI-API-KEY},
 * {@code X-BAPI-TIMESTAMP} (ms) and {@code X-BAPI-RECV-WINDOW}. The venue refuses a timestamp
 * more than 1 s ahead of its clock or older than the window.
 */
final class BybitSigner implements VenueSigner {

    static final long RECV_WINDOW = 5000;

    @Override
    public String venue() {
        return "bybit";
    }

    @Override
    public HttpCall sign(HttpCall call, VenueKey key, long now) {
        String payload = now + key.apiKey() + RECV_WINDOW + (call.method().equals("GET") ? call.query() : call.body());
        return call.withHeader("X-BAPI-API-KEY", key.apiKey()).withHeader("X-BAPI-TIMESTAMP", Long.toString(now))
                .withHeader("X-BAPI-RECV-WINDOW", Long.toString(RECV_WINDOW)).withHeader("X-BAPI-SIGN-TYPE", "2")
                .withHeader("X-BAPI-SIGN", Hmac.sha256Hex(key.secret(), payload));
    }

    @Override
    public String apiKey(HttpCall call) {
        return call.header("X-BAPI-API-KEY");
    }

    @Override
    public String check(HttpCall call, VenueKey key, long now) {
        String ts = call.header("X-BAPI-TIMESTAMP");
        String window = call.header("X-BAPI-RECV-WINDOW");
        String sign = call.header("X-BAPI-SIGN");
        if (ts == null || sign == null) {
            return "10004: error sign! missing X-BAPI-TIMESTAMP or X-BAPI-SIGN";
        }
        long at;
        long w;
        try {
            at = Long.parseLong(ts);
            w = window == null ? RECV_WINDOW : Long.parseLong(window);
        } catch (NumberFormatException e) {
            return "10002: invalid request, please check your server timestamp or recv_window param";
        }
        if (at >= now + 1000 || now - at > w) {
            return "10002: invalid request, please check your server timestamp or recv_window param";
        }
        String payload = ts + key.apiKey() + (window == null ? "" : window)
                + (call.method().equals("GET") ? call.query() : call.body());
        return Hmac.same(Hmac.sha256Hex(key.secret(), payload), sign, true) ? null : "10004: error sign!";
    }
}
