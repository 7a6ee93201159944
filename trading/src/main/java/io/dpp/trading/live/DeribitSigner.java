package io.dpp.trading.live;

/**
 * Deribit API v2 over HTTP: {@code Authorization: deri-hmac-sha256 id=KEY,ts=MS,sig=SIG,nonce=N}
 * with SIG = hex HMAC-SHA256 of {@code ts\nnonce\nMETHOD\nURI\nbody\n} keyed by the client secret,
 * URI being the path with its query. A timestamp more than 60 s from the venue's clock is refused.
 */
final class DeribitSigner implements VenueSigner {

    static final long WINDOW = 60_000;
    private static final String SCHEME = "deri-hmac-sha256 ";

    @Override
    public String venue() {
        return "deribit";
    }

    @Override
    public HttpCall sign(HttpCall call, VenueKey key, long now) {
        String nonce = Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong() & 0xffffffffL);
        String sig = Hmac.sha256Hex(key.secret(), toSign(call, Long.toString(now), nonce));
        return call.withHeader("Authorization", SCHEME + "id=" + key.apiKey() + ",ts=" + now + ",sig=" + sig + ",nonce=" + nonce);
    }

    private static String toSign(HttpCall call, String ts, String nonce) {
        return ts + "\n" + nonce + "\n" + call.method() + "\n" + call.pathAndQuery() + "\n" + call.body() + "\n";
    }

    private static java.util.Map<String, String> fields(HttpCall call) {
        String a = call.header("Authorization");
        if (a == null || !a.startsWith(SCHEME)) {
            return null;
        }
        java.util.Map<String, String> f = new java.util.HashMap<>();
        for (String part : a.substring(SCHEME.length()).split(",")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                f.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
            }
        }
        return f;
    }

    @Override
    public String apiKey(HttpCall call) {
        java.util.Map<String, String> f = fields(call);
        return f == null ? null : f.get("id");
    }

    @Override
    public String check(HttpCall call, VenueKey key, long now) {
        java.util.Map<String, String> f = fields(call);
        if (f == null || f.get("ts") == null || f.get("sig") == null || f.get("nonce") == null) {
            return "13004: invalid_credentials";
        }
        long ts;
        try {
            ts = Long.parseLong(f.get("ts"));
        } catch (NumberFormatException e) {
            return "13004: invalid_credentials";
        }
        if (Math.abs(now - ts) > WINDOW) {
            return "13009: unauthorized (timestamp out of window)";
        }
        String expected = Hmac.sha256Hex(key.secret(), toSign(call, f.get("ts"), f.get("nonce")));
        return Hmac.same(expected, f.get("sig"), true) ? null : "13004: invalid_credentials";
    }
}
