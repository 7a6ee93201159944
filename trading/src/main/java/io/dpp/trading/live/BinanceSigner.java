package io.dpp.trading.live;

/**
 * Binance spot and USD-M futures ({@code SIGNED} endpoints): {@code timestamp} and
 * {@code recvWindow} join the parameters, {@code signature} = hex HMAC-SHA256 of the query string
 * followed by the body, keyed by the secret; the key goes in {@code X-MBX-APIKEY}. The venue
 * refuses a request whose timestamp is more than 1 s ahead of its clock or older than
 * {@code recvWindow}. Listen-key calls ({@code USER_STREAM}: {@code .../listenKey},
 * {@code .../userDataStream}) carry the key only, unsigned.
 */
final class BinanceSigner implements VenueSigner {

    static final long RECV_WINDOW = 5000;
    private final String venue;

    BinanceSigner(String venue) {
        this.venue = venue;
    }

    @Override
    public String venue() {
        return venue;
    }

    /** Whether {@code call} manages a listen key: the venue wants the API key only, no timestamp and no signature. */
    static boolean keyOnly(HttpCall call) {
        return call.path().endsWith("/listenKey") || call.path().endsWith("/userDataStream");
    }

    @Override
    public HttpCall sign(HttpCall call, VenueKey key, long now) {
        if (keyOnly(call)) {
            return call.withHeader("X-MBX-APIKEY", key.apiKey());
        }
        String q = call.query();
        q = (q.isEmpty() ? "" : q + "&") + "recvWindow=" + RECV_WINDOW + "&timestamp=" + now;
        String signature = Hmac.sha256Hex(key.secret(), q + call.body());
        return call.withQuery(q + "&signature=" + signature).withHeader("X-MBX-APIKEY", key.apiKey());
    }

    @Override
    public String apiKey(HttpCall call) {
        return call.header("X-MBX-APIKEY");
    }

    @Override
    public String check(HttpCall call, VenueKey key, long now) {
        if (keyOnly(call)) {
            return null; // the key alone: the venue found the account by it
        }
        String q = call.query();
        int at = q.lastIndexOf("signature=");
        if (at < 0 || (at > 0 && q.charAt(at - 1) != '&') || q.indexOf('&', at) >= 0) {
            return "Mandatory parameter 'signature' was not sent, was empty/null, or malformed.";
        }
        String payload = q.substring(0, Math.max(0, at - 1)) + call.body();
        String ts = param(call, "timestamp");
        if (ts == null) {
            return "Mandatory parameter 'timestamp' was not sent, was empty/null, or malformed.";
        }
        long timestamp;
        long window;
        try {
            timestamp = Long.parseLong(ts);
            String w = param(call, "recvWindow");
            window = w == null ? RECV_WINDOW : Long.parseLong(w);
        } catch (NumberFormatException e) {
            return "Illegal characters found in parameter 'timestamp'.";
        }
        if (timestamp >= now + 1000 || now - timestamp > window) {
            return "Timestamp for this request is outside of the recvWindow.";
        }
        if (!Hmac.same(Hmac.sha256Hex(key.secret(), payload), q.substring(at + "signature=".length()), true)) {
            return "Signature for this request is not valid.";
        }
        return null;
    }

    private static String param(HttpCall call, String name) {
        String v = HttpCall.formValue(call.query(), name);
        return v != null ? v : HttpCall.formValue(call.body(), name);
    }
}
