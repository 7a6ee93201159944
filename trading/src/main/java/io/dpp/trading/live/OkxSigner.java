package io.dpp.trading.live;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * OKX API v5: {@code OK-ACCESS-SIGN} = base64 HMAC-SHA256 of timestamp + method + request path
 * (with its query) + body, keyed by the secret; the timestamp is ISO 8601 in UTC with milliseconds
 * ({@code OK-ACCESS-TIMESTAMP}), the passphrase goes in {@code OK-ACCESS-PASSPHRASE}. The venue
 * refuses a timestamp more than 30 s from its clock.
 */
final class OkxSigner implements VenueSigner {

    static final long WINDOW = 30_000;

    @Override
    public String venue() {
        return "okx";
    }

    @Override
    public HttpCall sign(HttpCall call, VenueKey key, long now) {
        String ts = iso(now);
        String sign = Hmac.sha256Base64(key.secret(), ts + call.method() + call.pathAndQuery() + call.body());
        return call.withHeader("OK-ACCESS-KEY", key.apiKey()).withHeader("OK-ACCESS-SIGN", sign)
                .withHeader("OK-ACCESS-TIMESTAMP", ts).withHeader("OK-ACCESS-PASSPHRASE", key.passphrase() == null ? "" : key.passphrase());
    }

    static String iso(long millis) {
        return java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
                .withZone(java.time.ZoneOffset.UTC).format(Instant.ofEpochMilli(millis));
    }

    @Override
    public String apiKey(HttpCall call) {
        return call.header("OK-ACCESS-KEY");
    }

    @Override
    public String check(HttpCall call, VenueKey key, long now) {
        String ts = call.header("OK-ACCESS-TIMESTAMP");
        String sign = call.header("OK-ACCESS-SIGN");
        if (ts == null || sign == null) {
            return "50103: Request header OK-ACCESS-TIMESTAMP or OK-ACCESS-SIGN can not be empty";
        }
        long at;
        try {
            at = Instant.parse(ts).toEpochMilli();
        } catch (DateTimeParseException e) {
            return "50112: Invalid OK-ACCESS-TIMESTAMP";
        }
        if (Math.abs(now - at) > WINDOW) {
            return "50102: Timestamp request expired";
        }
        if (!java.util.Objects.equals(key.passphrase() == null ? "" : key.passphrase(), call.header("OK-ACCESS-PASSPHRASE"))) {
            return "50105: Invalid OK-ACCESS-PASSPHRASE";
        }
        String expected = Hmac.sha256Base64(key.secret(), ts + call.method() + call.pathAndQuery() + call.body());
        return Hmac.same(expected, sign, false) ? null : "50113: Invalid Sign";
    }
}
