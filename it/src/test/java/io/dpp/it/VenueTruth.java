package io.dpp.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A live account held to the venue simulator's ground truth ({@code GET /sim/accounts}): what the
 * live trading tests end with, whatever they put the account through.
 */
final class VenueTruth {

    /** A call to the platform's API (with whatever credential the test uses). */
    interface Api {
        HttpResponse<String> call(String method, String path, String body);
    }

    /**
     * A test's small BTC amount as an order quantity of {@code venue}: the same, or for an inverse
     * contract (quantities in dollars) ten thousand times it at Deribit (a multiple of its 10-dollar
     * contract), a hundred thousand at BitMEX (of its 100-dollar lot).
     */
    static String quantity(String venue, String btc) {
        return switch (venue) {
            case "deribit" -> new java.math.BigDecimal(btc).movePointRight(4).stripTrailingZeros().toPlainString();
            case "bitmex" -> new java.math.BigDecimal(btc).movePointRight(5).stripTrailingZeros().toPlainString(); // lots of 100 dollars
            default -> btc;
        };
    }

    /** A secret in the form {@code venue} issues them: Kraken's are base64, the others' plain text. */
    static String secret(String venue, String text) {
        return switch (venue) {
            case "kraken" -> java.util.Base64.getEncoder().encodeToString(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            case "coinbase" -> ed25519(text);
            default -> text;
        };
    }

    /** A Coinbase CDP secret (an Ed25519 key: base64 of its seed and public key) made from {@code text}, the same each time. */
    private static String ed25519(String text) {
        try {
            java.security.SecureRandom seeded = java.security.SecureRandom.getInstance("SHA1PRNG");
            seeded.setSeed(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return io.dpp.trading.live.VenueKey.newCoinbaseSecret(seeded);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A GET of the platform's API, answering the body of a 200. */
    interface Get {
        String body(String path) throws Exception;
    }

    /**
     * The spot instrument {@code symbol} of {@code venue} (or, when null, the first spot one) once
     * the platform's live book of it is in sync, waiting up to a minute: live accounts trade spot.
     */
    static String awaitTradableBook(Get api, String venue, String symbol) throws Exception {
        // What a live account of the venue trades: spot, or perpetuals where the venue's adapter trades margined contracts.
        String type = io.dpp.trading.live.OrderProtocol.of(venue).margined() ? "perpetual" : "spot";
        return StreamApiTest.eventually(Duration.ofSeconds(60), () -> {
            for (JsonNode i : new com.fasterxml.jackson.databind.ObjectMapper().readTree(api.body("/api/v1/live/instruments?venue=" + venue))) {
                if ("in_sync".equals(i.path("book").asText()) && type.equals(i.path("type").asText())
                        && (symbol == null || symbol.equals(i.path("symbol").asText()))) {
                    return i.path("symbol").asText();
                }
            }
            throw new AssertionError("no " + type + " book " + (symbol == null ? "" : "of " + symbol + " ") + "at " + venue + " in sync");
        });
    }

    static final Set<String> ENDED = Set.of("filled", "canceled", "rejected", "expired");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private VenueTruth() {
    }

    /** A call to the simulator's control API. */
    static HttpResponse<String> sim(int simPort, String method, String path, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + simPort + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Every order of {@code account}, newest first. */
    static List<JsonNode> orders(Api api, String account) {
        List<JsonNode> out = new ArrayList<>();
        AbusePlatform.json(api.call("GET", "/api/v1/orders?account=" + account + "&limit=500", null), 200).get("orders").forEach(out::add);
        return out;
    }

    /** Waits until every order of {@code account} has ended. */
    static void awaitAllEnded(Api api, String account, Duration timeout) throws Exception {
        StreamApiTest.eventually(timeout, () -> {
            for (JsonNode o : orders(api, account)) {
                assertThat(o.get("status").asText()).as("every order ended: " + o).isIn(ENDED);
            }
            return null;
        });
    }

    /**
     * DPP's orders, fills and holdings of {@code account} against the simulator's account of
     * {@code apiKey} at {@code venue}: no client order id placed twice, each venue trade booked once
     * with its quantity, each order's filled quantity its fills', as many orders filled at both ends,
     * nothing working at the venue, and the quote (USDT, USD) and base (BTC) balances equal to the last digit.
     */
    static void assertEndsAsTheVenue(Api api, int simPort, String venue, String apiKey, String account) throws Exception {
        JsonNode truth = AbusePlatform.json(sim(simPort, "GET", "/sim/accounts?venue=" + venue + "&api_key=" + apiKey, null), 200);
        truth.get("placements").properties().forEach(e -> assertThat(e.getValue().asInt())
                .as("placements of client order id %s at %s", e.getKey(), venue).isEqualTo(1));

        Map<String, BigDecimal> venueTrades = new HashMap<>();
        truth.get("trades").forEach(t -> venueTrades.put(t.get("trade_id").asText(), new BigDecimal(t.get("quantity").asText())));
        JsonNode fills = AbusePlatform.json(api.call("GET", "/api/v1/fills?account=" + account + "&limit=1000", null), 200).get("fills");
        assertThat(fills.size()).as("fills (fewer than the page)").isLessThan(1000);
        Set<String> booked = new HashSet<>();
        Map<String, BigDecimal> filledByOrder = new HashMap<>();
        for (JsonNode f : fills) {
            String id = f.get("venue_trade_id").asText();
            assertThat(booked.add(id)).as("venue trade %s booked once", id).isTrue();
            assertThat(new BigDecimal(f.get("quantity").asText())).as("trade %s's quantity", id).isEqualByComparingTo(venueTrades.get(id));
            filledByOrder.merge(f.get("order_id").asText(), new BigDecimal(f.get("quantity").asText()), BigDecimal::add);
        }
        assertThat(booked).as("DPP's fills are the venue's trades").isEqualTo(venueTrades.keySet());

        long filled = 0;
        for (JsonNode o : orders(api, account)) {
            assertThat(new BigDecimal(o.get("filled").asText())).as("order %s's filled quantity is its fills'", o)
                    .isEqualByComparingTo(filledByOrder.getOrDefault(o.get("id").asText(), BigDecimal.ZERO));
            filled += o.get("status").asText().equals("filled") ? 1 : 0;
        }
        long venueFilled = 0;
        for (JsonNode o : truth.get("orders")) {
            assertThat(o.get("status").asText()).as("nothing left working at the venue: " + o).isNotIn("NEW", "PARTIALLY_FILLED");
            venueFilled += o.get("status").asText().equals("FILLED") ? 1 : 0;
        }
        assertThat(filled).as("orders filled, at DPP and at the venue").isEqualTo(venueFilled);

        JsonNode balances = AbusePlatform.json(api.call("GET", "/api/v1/accounts/" + account, null), 200).get("balances");
        if (truth.has("positions")) {
            assertMarginedAsTheVenue(api, venue, account, truth, balances);
            return;
        }
        BigDecimal position = BigDecimal.ZERO;
        for (JsonNode pos : AbusePlatform.json(api.call("GET", "/api/v1/positions?account=" + account, null), 200).get("positions")) {
            position = position.add(new BigDecimal(pos.get("quantity").asText()));
        }
        JsonNode held = truth.get("balances");
        for (String quote : List.of("USDT", "USD")) {
            assertThat(new BigDecimal(balances.path(quote).asText("0"))).as(quote + " at DPP and at " + venue)
                    .isEqualByComparingTo(new BigDecimal(held.path(quote).asText("0")));
        }
        assertThat(new BigDecimal(balances.path("BTC").asText("0")).add(position)).as("BTC at DPP (cash and position) and at " + venue)
                .isEqualByComparingTo(new BigDecimal(held.path("BTC").asText("0")));
    }

    /**
     * A margined account: every position's quantity equal to the venue's, and the wallet equal to
     * DPP's cash plus what it paid for the open positions, to the venue's precision (8 decimals). The
     * wallet is USDT, or for an inverse contract (Deribit's) its coin, which a long's purchase added
     * to DPP's cash ({@link io.dpp.trading.portfolio.Contracts#paid}).
     */
    private static void assertMarginedAsTheVenue(Api api, String venue, String account, JsonNode truth, JsonNode balances) {
        Map<String, BigDecimal> positions = new HashMap<>();
        Map<String, BigDecimal> paid = new HashMap<>();
        for (JsonNode pos : AbusePlatform.json(api.call("GET", "/api/v1/positions?account=" + account, null), 200).get("positions")) {
            BigDecimal q = new BigDecimal(pos.get("quantity").asText());
            if (q.signum() != 0) {
                String symbol = pos.get("symbol").asText();
                positions.put(symbol, q);
                io.dpp.core.instrument.Instrument i = contract(venue, symbol);
                paid.merge(io.dpp.trading.portfolio.Contracts.settlement(i), io.dpp.trading.portfolio.Contracts.paid(i, q,
                        new BigDecimal(pos.get("average_price").asText())), BigDecimal::add);
            }
        }
        Map<String, BigDecimal> theirs = new HashMap<>();
        truth.get("positions").properties().forEach(e -> theirs.put(e.getKey(), new BigDecimal(e.getValue().get("quantity").asText())));
        assertThat(positions.keySet()).as("open positions at DPP and at " + venue).isEqualTo(theirs.keySet());
        positions.forEach((symbol, q) -> assertThat(q).as(symbol + "'s position at DPP and at " + venue).isEqualByComparingTo(theirs.get(symbol)));
        String asset = venue.equals("deribit") || venue.equals("bitmex") ? "BTC" : "USDT";
        BigDecimal wallet = new BigDecimal(balances.path(asset).asText("0")).add(paid.getOrDefault(asset, BigDecimal.ZERO));
        BigDecimal venueWallet = new BigDecimal(truth.get("balances").path(asset).asText("0"));
        assertThat(wallet.subtract(venueWallet).abs()).as("the " + asset + " wallet at DPP (" + wallet + ") and at " + venue + " (" + venueWallet
                + ")").isLessThanOrEqualTo(new BigDecimal("0.00000001"));
    }

    /** A contract of {@code venue} as its feeds list it: Deribit's and BitMEX's inverse ones in dollars, the others margined in USDT. */
    private static io.dpp.core.instrument.Instrument contract(String venue, String symbol) {
        String base = switch (venue) {
            case "deribit" -> symbol.substring(0, symbol.indexOf('-'));
            case "bitmex" -> "BTC";
            default -> symbol.replace("USDT", "");
        };
        return io.dpp.core.instrument.Instrument.builder(venue, symbol).assets(base, venue.equals("deribit") || venue.equals("bitmex") ? "USD"
                : "USDT").type(io.dpp.core.instrument.InstrumentType.PERPETUAL).build();
    }

    /** Waits until the EMS's own comparison after {@code since} (ISO time) finds the account's balances equal to the venue's. */
    static void awaitNoDifference(Api api, String account, String since) throws Exception {
        StreamApiTest.eventually(Duration.ofSeconds(20), () -> {
            JsonNode a = AbusePlatform.json(api.call("GET", "/api/v1/accounts/" + account, null), 200);
            assertThat(a.get("balances_checked").asText("")).as("a comparison after " + since + ": " + a).isGreaterThan(since);
            assertThat(a.get("venue_differences")).as("the EMS's differences with the venue").isEmpty();
            return null;
        });
    }
}
