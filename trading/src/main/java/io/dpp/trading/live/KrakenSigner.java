package io.dpp.trading.live;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Kraken spot REST: private calls are POSTs of a form with an increasing {@code nonce};
 * {@code API-Sign} = base64 HMAC-SHA512 of the URI path followed by SHA-256(nonce + form), keyed by
 * the base64-decoded secret, with the key in {@code API-Key}. The venue refuses a nonce not above the
 * last it saw for the key (the simulator checks that; this class checks the signature).
 */
final class KrakenSigner implements VenueSigner {

    @Override
    public String venue() {
        return "kraken";
    }

    @Override
    public HttpCall sign(HttpCall call, VenueKey key, long now) {
        String form = "nonce=" + now + (call.body().isEmpty() ? "" : "&" + call.body());
        return call.withBody(form).withHeader("API-Key", key.apiKey())
                .withHeader("API-Sign", signature(call.path(), Long.toString(now), form, key.secret()))
                .withHeader("Content-Type", "application/x-www-form-urlencoded");
    }

    static String signature(String path, String nonce, String form, String secret) {
        byte[] hash = io.dpp.core.text.Sha256.of((nonce + form).getBytes(StandardCharsets.UTF_8));
        byte[] p = path.getBytes(StandardCharsets.UTF_8);
        byte[] message = new byte[p.length + hash.length];
        System.arraycopy(p, 0, message, 0, p.length);
        System.arraycopy(hash, 0, message, p.length, hash.length);
        byte[] key;
        try {
            key = Base64.getDecoder().decode(secret);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("a Kraken secret is base64, as the venue issues it");
        }
        return Base64.getEncoder().encodeToString(Hmac.mac("HmacSHA512", key, message));
    }

    @Override
    public boolean increasingTime() {
        return true;
    }

    @Override
    public String apiKey(HttpCall call) {
        return call.header("API-Key");
    }

    @Override
    public String check(HttpCall call, VenueKey key, long now) {
        String nonce = HttpCall.formValue(call.body(), "nonce");
        String sign = call.header("API-Sign");
        if (nonce == null || sign == null) {
            return "EAPI:Invalid key";
        }
        try {
            return Hmac.same(signature(call.path(), nonce, call.body(), key.secret()), sign, false) ? null : "EAPI:Invalid signature";
        } catch (IllegalArgumentException e) {
            return "EAPI:Invalid key";
        }
    }
}
