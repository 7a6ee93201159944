package io.dpp.trading.live;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.Map;
import java.util.TreeMap;

/**
 * The read-only signed call that proves a venue key works: each venue's account-balance request
 * and how its answer reads, as the venue documents them. Used to test stored credentials; the
 * simulator answers the same requests in the same shapes.
 */
public final class BalanceRead {

    /** Reads venue answers with every JSON number as an exact decimal (Deribit and BitMEX send numbers). */
    public static final com.fasterxml.jackson.databind.ObjectReader JSON = new com.fasterxml.jackson.databind.ObjectMapper()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).reader();

    private BalanceRead() {
    }

    /** The unsigned request for {@code venue}'s balances. */
    public static HttpCall request(String venue) {
        return switch (venue) {
            case "binance" -> HttpCall.of("GET", "/api/v3/account", "omitZeroBalances=true", "");
            case "binance-futures" -> HttpCall.of("GET", "/fapi/v2/balance", "", "");
            case "okx" -> HttpCall.of("GET", "/api/v5/account/balance", "", "");
            case "bybit" -> HttpCall.of("GET", "/v5/account/wallet-balance", "accountType=UNIFIED", "");
            case "kraken" -> HttpCall.of("POST", "/0/private/Balance", "", "");
            case "coinbase" -> HttpCall.of("GET", "/api/v3/brokerage/accounts", "limit=250", "");
            case "deribit" -> HttpCall.of("GET", "/api/v2/private/get_account_summaries", "", "");
            case "bitmex" -> HttpCall.of("GET", "/api/v1/user/margin", "currency=all", "");
            default -> throw new IllegalArgumentException("no trading adapter for venue " + venue);
        };
    }

    /**
     * The balances (asset to total amount, zero amounts left out) in a successful answer of
     * {@link #request}, or throws {@link IllegalArgumentException} with the venue's own error
     * message when the answer is an error.
     */
    public static Map<String, BigDecimal> parse(String venue, int status, JsonNode body) {
        String error = error(venue, status, body);
        if (error != null) {
            throw new IllegalArgumentException(error);
        }
        Map<String, BigDecimal> out = new TreeMap<>();
        switch (venue) {
            case "binance" -> body.path("balances").forEach(b ->
                    add(out, b.path("asset").asText(), Decimals.of(b.path("free")).add(Decimals.of(b.path("locked")))));
            case "binance-futures" -> body.forEach(b -> add(out, b.path("asset").asText(), Decimals.of(b.path("balance"))));
            case "okx" -> body.path("data").forEach(a -> a.path("details").forEach(d -> add(out, d.path("ccy").asText(), Decimals.of(d.path("cashBal")))));
            case "bybit" -> body.path("result").path("list").forEach(a -> a.path("coin").forEach(c ->
                    add(out, c.path("coin").asText(), Decimals.of(c.path("walletBalance")))));
            case "kraken" -> body.path("result").properties().forEach(e -> add(out, KrakenAssets.dpp(e.getKey()), Decimals.of(e.getValue())));
            case "coinbase" -> body.path("accounts").forEach(a -> add(out, a.path("currency").asText(),
                    Decimals.of(a.path("available_balance").path("value")).add(Decimals.of(a.path("hold").path("value")))));
            case "deribit" -> body.path("result").path("summaries").forEach(s -> add(out, s.path("currency").asText(), Decimals.of(s.path("balance"))));
            case "bitmex" -> body.forEach(m -> {
                // BitMEX counts XBt in satoshis and USDt in millionths.
                String currency = m.path("currency").asText();
                BigDecimal raw = Decimals.of(m.path("walletBalance"));
                switch (currency) {
                    case "XBt" -> add(out, "BTC", raw.movePointLeft(8));
                    case "USDt" -> add(out, "USDT", raw.movePointLeft(6));
                    default -> add(out, currency.toUpperCase(java.util.Locale.ROOT), raw);
                }
            });
            default -> throw new IllegalArgumentException("no trading adapter for venue " + venue);
        }
        return out;
    }

    /** The venue's error in an answer, as "code: message", or null when the answer is a success. */
    public static String error(String venue, int status, JsonNode body) {
        JsonNode b = body == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : body;
        String text = switch (venue) {
            case "binance", "binance-futures" -> b.has("code") && b.path("code").asInt() != 200 ? b.path("code").asText() + ": " + b.path("msg").asText() : null;
            case "okx" -> !"0".equals(b.path("code").asText("0")) ? b.path("code").asText() + ": " + b.path("msg").asText() : null;
            case "bybit" -> b.path("retCode").asInt(0) != 0 ? b.path("retCode").asText() + ": " + b.path("retMsg").asText() : null;
            case "kraken" -> b.path("error").isArray() && !b.path("error").isEmpty() ? b.path("error").get(0).asText() : null;
            case "coinbase" -> b.has("error") ? b.path("error").asText() + ": " + b.path("message").asText(b.path("error_details").asText()) : null;
            case "deribit" -> b.has("error") ? b.path("error").path("code").asText() + ": " + b.path("error").path("message").asText() : null;
            case "bitmex" -> b.has("error") ? b.path("error").path("name").asText() + ": " + b.path("error").path("message").asText() : null;
            default -> null;
        };
        if (text == null && status >= 400) {
            text = "HTTP " + status;
        }
        return text;
    }


    private static void add(Map<String, BigDecimal> out, String asset, BigDecimal amount) {
        if (amount.signum() != 0 && !asset.isEmpty()) {
            out.merge(asset, amount.stripTrailingZeros(), BigDecimal::add);
        }
    }
}
