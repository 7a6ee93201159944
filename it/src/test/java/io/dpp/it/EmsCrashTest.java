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
 * The EMS killed with SIGKILL under order flow: every order and fill it acknowledged is there after
 * the restart, exactly as acknowledged, nothing is there twice, and balances and positions equal
 * what the journaled fills add up to.
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

    private Map<String, String> env(int port) {
        return new HashMap<>(Map.of("DPP_HTTP_PORT", Integer.toString(port), "DPP_HTTP_HOST", "127.0.0.1",
                "DPP_DATA_DIR", data.toString(), "DPP_ACCOUNTS_ACCESS", "open", "DPP_EMS_RISK_MAX_OPEN_ORDERS", "10000",
                "DPP_EMS_RISK_ORDERS_PER_SECOND", "100000"));
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
    void killedUnderOrderFlowItKeepsEveryAcknowledgedOrderAndFillAndDuplicatesNone() throws Exception {
        Path fixtures = ReplayCommandTest.fixtures();
        int port = DppProcess.freePort();
        Map<String, Ack> acked = new ConcurrentHashMap<>();
        List<String> unknown = java.util.Collections.synchronizedList(new ArrayList<>());
        BigDecimal deposit = new BigDecimal("10000000");
        try (DppProcess first = DppProcess.start(env(port), "up", "--replay", fixtures.toString(), "--speed", "1", "--venues", "okx")) {
            first.awaitReady(port, Duration.ofSeconds(60));
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
            enough.await();
            first.kill9(); // mid-flow: the clients are sending
            stop.set(true);
            for (Thread t : clients) {
                t.join(30_000);
            }
        }
        System.out.printf("ems crash: killed -9 after %d acknowledged orders, %d in flight%n", acked.size(), unknown.size());
        assertThat(acked.size()).isGreaterThanOrEqualTo(600);

        int again = DppProcess.freePort();
        try (DppProcess second = DppProcess.start(env(again), "up", "--replay", fixtures.toString(), "--speed", "1", "--venues", "okx")) {
            second.awaitReady(again, Duration.ofSeconds(60));
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
