package io.dpp.trading.live;

/**
 * BitMEX: {@code api-signature} = hex HMAC-SHA256 of verb + path (with the query exactly as sent)
 * + {@code api-expires} (UNIX seconds) + body, keyed by the secret, with the key in
 * {@code api-key}. The venue refuses a request whose expiry has passed.
 */
final class BitmexSigner implements VenueSigner {

    /** How long a signature stays valid, in seconds. */
    static final long EXPIRES_IN = 60;

    @Override
    public String venue() {
        return "bitmex";
    }

    @Override
    public HttpCall sign(HttpCall call, VenueKey key, long now) {
        long expires = now / 1000 + EXPIRES_IN;
        return call.withHeader("api-key", key.apiKey()).withHeader("api-expires", Long.toString(expires))
                .withHeader("api-signature", signature(key.secret(), call, Long.toString(expires)));
    }

    static String signature(String secret, HttpCall call, String expires) {
        return Hmac.sha256Hex(secret, call.method() + call.pathAndQuery() + expires + call.body());
    }

    @Override
    public String apiKey(HttpCall call) {
        return call.header("api-key");
    }

    @Override
    public String check(HttpCall call, VenueKey key, long now) {
        String expires = call.header("api-expires");
        String sign = call.header("api-signature");
        if (expires == null || sign == null) {
            return "Missing API key.";
        }
        long at;
        try {
            at = Long.parseLong(expires);
        } catch (NumberFormatException e) {
            return "Invalid api-expires header.";
        }
        if (at * 1000 < now) {
            return "This request has expired - `expires` is in the past.";
        }
        if (at * 1000 > now + 3_600_000) {
            return "This request's `expires` is too far in the future.";
        }
        return Hmac.same(signature(key.secret(), call, expires), sign, true) ? null : "Signature not valid.";
    }
}
