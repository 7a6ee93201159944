package io.dpp.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The EMS killed with SIGKILL under order flow, on a paper account and on live accounts of three
 * venues (OKX and Binance spot, and Binance USD-M: a margined account, its positions and wallet) at once. The venue simulator runs as a process of its own
 * ({@code dpp sim --synthetic}), so that the venues outlive the platform; some live orders are taken
 * by the venues with their answers lost when the platform dies. After the restart every order and
 * fill the EMS acknowledged is there, exactly as acknowledged, nothing is there twice, the paper
 * account's balances and positions equal what its journaled fills add up to, the live accounts open
 * again by themselves, their orders in flight are found at the venues by their client order ids
 * (never sent again), and each live account ends where its venue's account ends, exactly.
 */
class EmsCrashTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final int CLIENTS = 4;

    @TempDir
    Path data;

    /** An order a client was told of: its id, client order id, status, what was filled. */
    record Ack(String id, String clientId, String body, String status, BigDecimal filled) {
    }

    private static final List<String> LIVE = List.of("okx", "binance", "binance-futures");

    private Map<String, String> env(int port) {
        return new HashMap<>(Map.ofEntries(Map.entry("DPP_HTTP_PORT", Integer.toString(port)), Map.entry("DPP_HTTP_HOST", "127.0.0.1"),
                Map.entry("DPP_DATA_DIR", data.resolve("platform").toString()), Map.entry("DPP_ACCOUNTS_ACCESS", "open"),
                Map.entry("DPP_EMS_RISK_MAX_OPEN_ORDERS", "10000"), Map.entry("DPP_EMS_RISK_ORDERS_PER_SECOND", "100000"),
                Map.entry("DPP_JAVA_OPTS", AbusePlatform.HEAP), Map.entry("DPP_EMS_VAULT_VENUE_TIMEOUT", "2s"),
                Map.entry("DPP_EMS_LIVE_POLL_INTERVAL", "200ms"), Map.entry("DPP_EMS_LIVE_BALANCE_CHECK_INTERVAL", "1s"),
                // OKX's dead man's switch at its shortest: renewed every 2.5 s, it fires 10 s after the kill.
                Map.entry("DPP_EMS_LIVE_CANCEL_ON_DISCONNECT", "10s")));
    }

    private static HttpResponse<String> call(int port, String method, String path, String body) {
        try {
            return send(port, method, path, body);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String liveOrder(String venue, String symbol, String id, String side) {
        return "{\"account\":\"live-" + venue + "\",\"client_order_id\":\"" + id + "\",\"venue\":\"" + venue + "\",\"symbol\":\""
                + symbol + "\",\"side\":\"" + side + "\",\"type\":\"market\",\"quantity\":\"0.001\"}";
    }

    private static JsonNode venueTruth(int simPort, String venue, Map<String, String> keys) throws Exception {
        return AbusePlatform.json(VenueTruth.sim(simPort, "GET", "/sim/accounts?venue=" + venue + "&api_key=" + keys.get(venue), null), 200);
    }

    /** Opens a simulator account of each live venue (its key by venue). */
    private static Map<String, String> venueAccounts(int simPort) throws Exception {
        Map<String, String> keys = new HashMap<>();
        for (String venue : LIVE) {
            String apiKey = "key-crash-" + venue + "-0123456789";
            keys.put(venue, apiKey);
            assertThat(VenueTruth.sim(simPort, "POST", "/sim/accounts", "{\"venue\":\"" + venue + "\",\"api_key\":\"" + apiKey
                    + "\",\"secret\":\"sEcReT-crash-" + venue + "\",\"passphrase\":\"crash pass\",\"balances\":{\"USDT\":\"100000\","
                    + "\"BTC\":\"1\"}}").statusCode()).isEqualTo(201);
        }
        return keys;
    }

    /** A live account of each venue on the platform, flagged live; its instrument by venue once its book is in sync. */
    private static Map<String, String> liveAccounts(int port, int simPort, Map<String, String> keys) throws Exception {
        Map<String, String> symbols = new HashMap<>();
        for (String venue : LIVE) {
            AbusePlatform.json(call(port, "POST", "/api/v1/venue-credentials", "{\"name\":\"crash-" + venue + "\",\"venue\":\""
                    + venue + "\",\"api_key\":\"" + keys.get(venue) + "\",\"secret\":\"sEcReT-crash-" + venue
                    + "\",\"passphrase\":\"crash pass\"}"), 201);
            AbusePlatform.json(call(port, "POST", "/api/v1/accounts", "{\"name\":\"live-" + venue + "\",\"kind\":\"live\","
                    + "\"venue\":\"" + venue + "\",\"credential\":\"crash-" + venue + "\"}"), 201);
            AbusePlatform.json(call(port, "PUT", "/api/v1/accounts/live-" + venue + "/live", "{\"live\":true}"), 200);
            symbols.put(venue, VenueTruth.awaitTradableBook(path -> call(port, "GET", path, null).body(), venue, null));
            // Some orders are taken with their answers lost: in flight, state unknown, at the kill.
            assertThat(VenueTruth.sim(simPort, "POST", "/sim/venues/" + venue + "/orders?fault=timeout&count=3", null).statusCode())
                    .isEqualTo(200);
        }
        return symbols;
    }

    private static HttpResponse<String> send(int port, String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String order(String clientId, String type, String quantity, String price) {
        return "{\"account\":\"crash\",\"client_order_id\":\"" + clientId + "\",\"venue\":\"okx\",\"symbol\":\"BTC-USDT\",\"side\":\"buy\","
                + "\"type\":\"" + type + "\",\"quantity\":\"" + quantity + "\"" + (price == null ? "" : ",\"price\":\"" + price + "\"") + "}";
    }

    private static BigDecimal bid(int port) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < end) {
            HttpResponse<String> r = send(port, "GET", "/api/v1/live/bbo?venue=okx&symbol=BTC-USDT", null);
            if (r.statusCode() == 200) {
                return new BigDecimal(JSON.readTree(r.body()).get("bids").get(0).get(0).asText());
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no live OKX BTC-USDT book within 60 s");
    }

    @Test
    void killedUnderPaperAndLiveOrderFlowItKeepsEveryAcknowledgedOrderAndFillAndEndsWhereTheVenuesEnd() throws Exception {
        int simPort = DppProcess.freePort();
        try (DppProcess sim = DppProcess.start(env(DppProcess.freePort()), "sim", "--synthetic", "--venues", String.join(",", LIVE),
                "--instruments", "1", "--rate", "60", "--port", Integer.toString(simPort))) {
            String config = StreamApiTest.eventually(Duration.ofSeconds(60), () -> {
                HttpResponse<String> r = DppProcess.get(simPort, "/sim/config");
                assertThat(r).as("the simulator answering: " + sim.output()).isNotNull();
                assertThat(r.statusCode()).isEqualTo(200);
                return r.body();
            });
            killedUnderOrderFlow(simPort, java.nio.file.Files.writeString(data.resolve("sim.yaml"), config));
        }
    }

    private void killedUnderOrderFlow(int simPort, Path config) throws Exception {
        Map<String, String> keys = venueAccounts(simPort);
        Map<String, String> liveAcked = new ConcurrentHashMap<>(); // DPP's order id -> account/client order id, for every 201 or 202
        int port = DppProcess.freePort();
        Map<String, Ack> acked = new ConcurrentHashMap<>();
        List<String> unknown = java.util.Collections.synchronizedList(new ArrayList<>());
        BigDecimal deposit = new BigDecimal("10000000");
        try (DppProcess first = DppProcess.start(env(port), "up", "--config", config.toString())) {
            first.awaitReady(port, Duration.ofSeconds(90));
            Map<String, String> symbols = liveAccounts(port, simPort, keys);
            BigDecimal low = bid(port).multiply(new BigDecimal("0.95")).setScale(1, RoundingMode.DOWN);
            assertThat(send(port, "POST", "/api/v1/accounts", "{\"name\":\"crash\"}").statusCode()).isEqualTo(201);
            assertThat(send(port, "POST", "/api/v1/accounts/crash/deposits", "{\"asset\":\"USDT\",\"amount\":\"" + deposit + "\"}")
                    .statusCode()).isEqualTo(200);
            AtomicBoolean stop = new AtomicBoolean();
            CountDownLatch enough = new CountDownLatch(600);
            List<Thread> clients = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                Thread t = new Thread(() -> {
                    for (int i = 0; !stop.get(); i++) {
                        String id = "c" + client + "-" + i;
                        // Every tenth a small market buy that fills; the rest rest below the market.
                        String body = i % 10 == 0 ? order(id, "market", "0.001", null) : order(id, "limit", "0.001", low.toPlainString());
                        try {
                            HttpResponse<String> r = send(port, "POST", "/api/v1/orders", body);
                            if (r.statusCode() == 201) {
                                JsonNode o = JSON.readTree(r.body());
                                acked.put(id, new Ack(o.get("id").asText(), id, body, o.get("status").asText(),
                                        new BigDecimal(o.get("filled").asText())));
                                enough.countDown();
                            } else {
                                throw new AssertionError(r.statusCode() + " " + r.body());
                            }
                        } catch (IOException | InterruptedException e) {
                            unknown.add(id); // in flight at the kill: the client never heard back
                            return;
                        } catch (Exception e) {
                            throw new AssertionError(e);
                        }
                    }
                }, "client-" + c);
                t.start();
                clients.add(t);
            }
            CountDownLatch liveEnough = new CountDownLatch(30);
            AtomicBoolean okxQuiet = new AtomicBoolean(); // the OKX client stops before the bid rests there
            List<Throwable> liveFailures = java.util.Collections.synchronizedList(new ArrayList<>());
            for (String venue : LIVE) {
                Thread t = new Thread(() -> {
                    for (int i = 0; !stop.get() && !(venue.equals("okx") && okxQuiet.get()); i++) {
                        String id = "k" + i;
                        try {
                            HttpResponse<String> r = call(port, "POST", "/api/v1/orders", liveOrder(venue, symbols.get(venue), id,
                                    i % 2 == 0 ? "buy" : "sell"));
                            assertThat(r.statusCode()).as(r.body()).isIn(201, 202);
                            liveAcked.put(JSON.readTree(r.body()).get("id").asText(), "live-" + venue + "/" + id);
                            liveEnough.countDown();
                        } catch (java.io.UncheckedIOException e) {
                            return; // in flight at the kill: the client never heard back
                        } catch (Throwable e) {
                            liveFailures.add(e);
                            return;
                        }
                    }
                }, "live-client-" + venue);
                t.start();
                clients.add(t);
            }
            enough.await();
            assertThat(liveEnough.await(60, java.util.concurrent.TimeUnit.SECONDS)).as("30 live orders acknowledged: " + liveFailures)
                    .isTrue();
            // A bid resting at OKX when the platform dies, under the venue's dead man's switch (the
            // OKX client stops first: its market sells would trade against the bid, which the risk
            // checks refuse as a self-trade); the paper and Binance clients go on.
            okxQuiet.set(true);
            clients.stream().filter(t -> t.getName().equals("live-client-okx")).findFirst().orElseThrow().join(30_000);
            HttpResponse<String> resting = call(port, "POST", "/api/v1/orders", "{\"account\":\"live-okx\",\"client_order_id\":\"rest\","
                    + "\"venue\":\"okx\",\"symbol\":\"" + symbols.get("okx") + "\",\"side\":\"buy\",\"type\":\"limit\",\"quantity\":\"0.001\","
                    + "\"price\":\"" + low.toPlainString() + "\",\"time_in_force\":\"gtc\"}");
            assertThat(resting.statusCode()).as(resting.body()).isIn(201, 202); // 202: a lost answer (an armed timeout)
            liveAcked.put(JSON.readTree(resting.body()).get("id").asText(), "live-okx/rest");
            StreamApiTest.eventually(Duration.ofSeconds(20), () -> {
                assertThat(venueTruth(simPort, "okx", keys).get("cancel_all_at").isTextual()).as("OKX's dead man's switch armed").isTrue();
                return null;
            });
            first.kill9(); // mid-flow: the clients are sending
            stop.set(true);
            for (Thread t : clients) {
                t.join(30_000);
            }
            assertThat(liveFailures).isEmpty();
        }
        System.out.printf("ems crash: killed -9 after %d acknowledged paper orders, %d in flight, and %d live orders on %s%n", acked.size(),
                unknown.size(), liveAcked.size(), LIVE);
        // With the platform down, OKX's dead man's switch runs out and the venue cancels the bid.
        long killed = System.nanoTime();
        StreamApiTest.eventually(Duration.ofSeconds(30), () -> {
            JsonNode okx = venueTruth(simPort, "okx", keys);
            assertThat(okx.get("orders")).as("OKX's orders once the switch ran out").noneMatch(o -> o.get("status").asText().equals("NEW"))
                    .anyMatch(o -> o.get("status").asText().equals("CANCELED"));
            return null;
        });
        System.out.printf("ems crash: OKX canceled the resting bid %.1f s after the kill%n", (System.nanoTime() - killed) / 1e9);
        assertThat(acked.size()).isGreaterThanOrEqualTo(600);

        int again = DppProcess.freePort();
        try (DppProcess second = DppProcess.start(env(again), "up", "--config", config.toString())) {
            second.awaitReady(again, Duration.ofSeconds(90));
            // The live accounts: every acknowledged order there, each account ending where its venue's ends.
            VenueTruth.Api api = (method, path, body) -> call(again, method, path, body);
            for (Map.Entry<String, String> a : liveAcked.entrySet()) {
                JsonNode o = AbusePlatform.json(call(again, "GET", "/api/v1/orders/" + a.getKey(), null), 200);
                assertThat(o.get("account").asText() + "/" + o.get("client_order_id").asText()).isEqualTo(a.getValue());
            }
            for (String venue : LIVE) {
                VenueTruth.awaitAllEnded(api, "live-" + venue, Duration.ofSeconds(60));
                String settled = java.time.Instant.now().toString();
                VenueTruth.assertEndsAsTheVenue(api, simPort, venue, keys.get(venue), "live-" + venue);
                VenueTruth.awaitNoDifference(api, "live-" + venue, settled);
            }

            BigDecimal filledByFills = BigDecimal.ZERO;
            BigDecimal spent = BigDecimal.ZERO;
            long highest = 0;
            for (Ack a : acked.values()) {
                JsonNode o = JSON.readTree(send(again, "GET", "/api/v1/orders/" + a.id(), null).body());
                assertThat(o.path("client_order_id").asText()).as(a.id()).isEqualTo(a.clientId());
                assertThat(new BigDecimal(o.get("filled").asText())).as(a.clientId()).isEqualByComparingTo(a.filled());
                if (a.status().equals("filled")) {
                    assertThat(o.get("status").asText()).isEqualTo("filled");
                }
                highest = Math.max(highest, Long.parseLong(a.id()));
            }
            // Every journaled fill belongs to an order, and they add up to the balance and position.
            JsonNode fills = JSON.readTree(send(again, "GET", "/api/v1/fills?account=crash&limit=1000", null).body()).get("fills");
            Map<String, BigDecimal> perOrder = new HashMap<>();
            for (JsonNode f : fills) {
                BigDecimal q = new BigDecimal(f.get("quantity").asText());
                BigDecimal px = new BigDecimal(f.get("price").asText());
                filledByFills = filledByFills.add(q);
                spent = spent.add(px.multiply(q)).add(new BigDecimal(f.get("fee").asText()));
                perOrder.merge(f.get("order_id").asText(), q, BigDecimal::add);
            }
            assertThat(fills.size()).as("fills (fewer than the page)").isLessThan(1000);
            for (Ack a : acked.values()) {
                assertThat(perOrder.getOrDefault(a.id(), BigDecimal.ZERO)).as("fills of " + a.clientId()).isEqualByComparingTo(a.filled());
            }
            JsonNode position = JSON.readTree(send(again, "GET", "/api/v1/positions?account=crash", null).body()).get("positions").get(0);
            assertThat(new BigDecimal(position.get("quantity").asText())).isEqualByComparingTo(filledByFills);
            JsonNode balance = JSON.readTree(send(again, "GET", "/api/v1/balances?account=crash", null).body()).get("balances").get(0);
            assertThat(new BigDecimal(balance.get("amount").asText())).isEqualByComparingTo(deposit.subtract(spent));
            // Submitted again, an acknowledged order is the same order: nothing is there twice.
            int checked = 0;
            for (Ack a : acked.values()) {
                if (checked++ == 50) {
                    break;
                }
                HttpResponse<String> r = send(again, "POST", "/api/v1/orders", a.body());
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                assertThat(JSON.readTree(r.body()).get("id").asText()).isEqualTo(a.id());
            }
            // A new order takes an id no order had before the kill.
            bid(again);
            HttpResponse<String> fresh = send(again, "POST", "/api/v1/orders", order("after", "market", "0.001", null));
            assertThat(fresh.statusCode()).as(fresh.body()).isEqualTo(201);
            assertThat(Long.parseLong(JSON.readTree(fresh.body()).get("id").asText())).isGreaterThan(highest);
        }
    }
}
