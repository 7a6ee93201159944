package io.dpp.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.dpp.core.model.Side;
import io.dpp.ems.live.LiveVenue;
import io.dpp.ems.live.VenueHttp;
import io.dpp.sim.FaultSpec;
import io.dpp.sim.SimServer;
import io.dpp.sim.SyntheticSettings;
import io.dpp.trading.live.BalanceRead;
import io.dpp.trading.live.LiveOrder;
import io.dpp.trading.live.OrderProtocol;
import io.dpp.trading.live.VenueFill;
import io.dpp.trading.live.VenueKey;
import io.dpp.trading.live.VenueOrder;
import io.dpp.trading.live.VenueReject;
import io.dpp.trading.order.OrderType;
import io.dpp.trading.order.TimeInForce;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The Binance spot trading adapter against the simulator's Binance (its synthetic market, paced in
 * real time): every request signed and checked by Binance's rules, orders matched against the book
 * the feeds would see, every answer read back into DPP's terms and the account's balances moved by
 * exactly the fills and fees; each refusal mapped to its reason. Prints the round trip from submit
 * to the venue's acknowledgement over loopback (median and p99 of 200 orders).
 */
class LiveAdapterTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static <T> LiveVenue.Outcome<T> await(java.util.concurrent.CompletableFuture<LiveVenue.Outcome<T>> f) throws Exception {
        return f.get(10, TimeUnit.SECONDS);
    }

    @Test
    void binanceSpotOrdersRoundTripThroughTheSimulator() throws Exception {
        long start = io.dpp.core.time.Timestamps.now() - 5_000_000;
        SyntheticSettings settings = new SyntheticSettings(11, 1, 50, start, Long.MAX_VALUE);
        try (SimServer sim = SimServer.startSynthetic(Set.of("binance"), settings, "127.0.0.1", 0, 1.0, FaultSpec.parse(null))) {
            String base = sim.venueUrl("http", "binance");
            String symbol = sim.feedSetups().get("binance").streams().get(0).symbol();
            String apiKey = "adapter-test-key-0123456789";
            String secret = "adapter-test-secret-0123456789";
            HttpResponse<String> opened = HTTP.send(HttpRequest.newBuilder(URI.create(base.replace("/binance", "") + "/sim/accounts"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"venue\":\"binance\",\"api_key\":\"" + apiKey + "\",\"secret\":\""
                            + secret + "\",\"balances\":{\"USDT\":\"1000000\",\"BTC\":\"10\"}}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(opened.statusCode()).as(opened.body()).isEqualTo(201);
            VenueHttp http = new VenueHttp(v -> base, Duration.ofSeconds(5));
            LiveVenue venue = new LiveVenue(http, OrderProtocol.of("binance"), new VenueKey(apiKey, secret, null));
            long offset = venue.syncClock().get(10, TimeUnit.SECONDS);
            assertThat(Math.abs(offset)).as("the simulator runs on this machine's clock").isLessThan(1000);

            Map<String, BigDecimal> before = balances(http, apiKey, secret);
            assertThat(before.get("USDT")).isEqualByComparingTo("1000000");
            assertThat(before.get("BTC")).isEqualByComparingTo("10");

            // A market buy takes the asks at once: FILLED, its fills in the answer with trade ids.
            LiveVenue.Outcome<LiveVenue.Placed> market = await(venue.place(new LiveOrder("m-1", symbol, Side.BUY, OrderType.MARKET,
                    TimeInForce.IOC, new BigDecimal("0.05"), null, null, false, false)));
            assertThat(market.ok()).as(String.valueOf(market.reject())).isTrue();
            VenueOrder m = market.value().order();
            assertThat(m.status()).isEqualTo(VenueOrder.Status.FILLED);
            assertThat(m.clientOrderId()).isEqualTo("m-1");
            assertThat(m.filled()).isEqualByComparingTo("0.05");
            List<VenueFill> fills = market.value().fills();
            assertThat(fills).isNotEmpty();
            BigDecimal qty = BigDecimal.ZERO;
            BigDecimal cost = BigDecimal.ZERO;
            BigDecimal fee = BigDecimal.ZERO;
            for (VenueFill f : fills) {
                qty = qty.add(f.quantity());
                cost = cost.add(f.price().multiply(f.quantity()));
                fee = fee.add(f.fee());
                assertThat(f.feeAsset()).isEqualTo("BTC");
                assertThat(f.fee()).isEqualByComparingTo(f.quantity().multiply(new BigDecimal("0.001")));
            }
            assertThat(qty).isEqualByComparingTo("0.05");
            Map<String, BigDecimal> after = balances(http, apiKey, secret);
            assertThat(after.get("USDT")).as("cash down by exactly the fills' cost").isEqualByComparingTo(new BigDecimal("1000000").subtract(cost));
            assertThat(after.get("BTC")).as("bought net of the fee").isEqualByComparingTo(new BigDecimal("10").add(qty).subtract(fee));

            // The fills since before the order: the same trade ids, once each.
            List<VenueFill> listed = await(venue.fills(symbol, start / 1000)).value();
            assertThat(listed).extracting(VenueFill::tradeId).containsExactlyElementsOf(fills.stream().map(VenueFill::tradeId).toList());
            assertThat(listed).allSatisfy(f -> assertThat(f.venueOrderId()).isEqualTo(m.venueOrderId()));

            // A limit buy well below the market rests; it is listed, canceled, and then unknown.
            BigDecimal tick = tickSize(base + sim.feedSetups().get("binance").listingPaths().get(0), symbol);
            BigDecimal bid = fills.get(0).price().multiply(new BigDecimal("0.8")).divide(tick, 0, RoundingMode.DOWN).multiply(tick);
            LiveVenue.Outcome<LiveVenue.Placed> rest = await(venue.place(new LiveOrder("r-1", symbol, Side.BUY, OrderType.LIMIT,
                    TimeInForce.GTC, new BigDecimal("0.01"), bid, null, false, false)));
            assertThat(rest.ok()).as(String.valueOf(rest.reject())).isTrue();
            assertThat(rest.value().order().status()).isEqualTo(VenueOrder.Status.NEW);
            assertThat(await(venue.openOrders(symbol)).value()).extracting(VenueOrder::clientOrderId).containsExactly("r-1");
            assertThat(balances(http, apiKey, secret).get("USDT")).as("held, not spent").isEqualByComparingTo(after.get("USDT"));
            LiveVenue.Outcome<LiveVenue.Placed> dup = await(venue.place(new LiveOrder("r-1", symbol, Side.BUY, OrderType.LIMIT,
                    TimeInForce.GTC, new BigDecimal("0.01"), bid, null, false, false)));
            assertThat(dup.reject().reason()).isEqualTo(VenueReject.Reason.DUPLICATE_CLIENT_ORDER_ID);
            assertThat(await(venue.cancel(symbol, "r-1")).value().status()).isEqualTo(VenueOrder.Status.CANCELED);
            assertThat(await(venue.query(symbol, "r-1")).value().status()).isEqualTo(VenueOrder.Status.CANCELED);
            assertThat(await(venue.cancel(symbol, "r-1")).reject().reason()).isEqualTo(VenueReject.Reason.UNKNOWN_ORDER);
            assertThat(await(venue.query(symbol, "never-sent")).reject().reason()).isEqualTo(VenueReject.Reason.UNKNOWN_ORDER);
            assertThat(await(venue.openOrders(symbol)).value()).isEmpty();

            // Refusals, each mapped to its reason.
            BigDecimal ask = fills.get(fills.size() - 1).price();
            assertThat(await(venue.place(new LiveOrder("pm-1", symbol, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, new BigDecimal("0.01"),
                    ask.multiply(new BigDecimal("1.05")).divide(tick, 0, RoundingMode.DOWN).multiply(tick), null, true, false))).reject().reason())
                    .isEqualTo(VenueReject.Reason.POST_ONLY_WOULD_TAKE);
            assertThat(await(venue.place(new LiveOrder("big-1", symbol, Side.SELL, OrderType.MARKET, TimeInForce.IOC,
                    new BigDecimal("1000"), null, null, false, false))).reject().reason()).isEqualTo(VenueReject.Reason.INSUFFICIENT_BALANCE);
            assertThat(await(venue.place(new LiveOrder("lot-1", symbol, Side.BUY, OrderType.LIMIT, TimeInForce.GTC,
                    new BigDecimal("0.0000000001"), bid, null, false, false))).reject().reason()).isEqualTo(VenueReject.Reason.INVALID_ORDER);
            assertThat(await(venue.place(new LiveOrder("sym-1", "NOSUCHPAIR", Side.BUY, OrderType.MARKET, TimeInForce.IOC,
                    new BigDecimal("1"), null, null, false, false))).reject().reason()).isEqualTo(VenueReject.Reason.UNKNOWN_SYMBOL);
            LiveVenue wrongKey = new LiveVenue(http, OrderProtocol.of("binance"), new VenueKey(apiKey, "not-the-secret", null));
            assertThat(await(wrongKey.openOrders(symbol)).reject().reason()).isEqualTo(VenueReject.Reason.AUTHENTICATION);

            // The venue's clock 20 s ahead of ours: an adapter that has not measured it signs outside
            // Binance's 5 s window and is refused (-1021); measured, it signs at the venue's time.
            HttpResponse<String> skewed = HTTP.send(HttpRequest.newBuilder(URI.create(base.replace("/binance", "")
                    + "/sim/venues/binance/clock?skew=20000")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(skewed.statusCode()).as(skewed.body()).isEqualTo(200);
            VenueHttp fresh = new VenueHttp(v -> base, Duration.ofSeconds(5));
            LiveVenue drifting = new LiveVenue(fresh, OrderProtocol.of("binance"), new VenueKey(apiKey, secret, null));
            VenueReject late = await(drifting.openOrders(symbol)).reject();
            assertThat(late.reason()).isEqualTo(VenueReject.Reason.TIMESTAMP);
            assertThat(late.code()).isEqualTo("-1021");
            assertThat(drifting.syncClock().get(10, TimeUnit.SECONDS)).as("measured offset, ms").isBetween(19_000L, 21_000L);
            assertThat(await(drifting.openOrders(symbol)).ok()).isTrue();
            HTTP.send(HttpRequest.newBuilder(URI.create(base.replace("/binance", "") + "/sim/venues/binance/clock?skew=0"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            venue.syncClock().get(10, TimeUnit.SECONDS);

            // Round trip, submit to the venue's acknowledgement, over loopback: 200 resting orders, each canceled.
            List<Long> nanos = new ArrayList<>();
            Set<String> ids = new HashSet<>();
            for (int i = 0; i < 200; i++) {
                LiveVenue.Outcome<LiveVenue.Placed> p = await(venue.place(new LiveOrder("rt-" + i, symbol, Side.BUY, OrderType.LIMIT,
                        TimeInForce.GTC, new BigDecimal("0.01"), bid, null, false, false)));
                assertThat(p.ok()).as(String.valueOf(p.reject())).isTrue();
                ids.add(p.value().order().venueOrderId());
                nanos.add(p.roundTripNanos());
                assertThat(await(venue.cancel(symbol, "rt-" + i)).ok()).isTrue();
            }
            assertThat(ids).as("a venue order id per order").hasSize(200);
            nanos.sort(Long::compare);
            System.out.printf("binance adapter round trip (submit to ack, loopback simulator): median %.0f µs, p99 %.0f µs over %d orders%n",
                    nanos.get(nanos.size() / 2) / 1e3, nanos.get(nanos.size() * 99 / 100) / 1e3, nanos.size());
        }
    }

    /** The PRICE_FILTER tick of {@code symbol} in the venue's exchangeInfo listing. */
    private static BigDecimal tickSize(String listingUrl, String symbol) throws Exception {
        com.fasterxml.jackson.databind.JsonNode info = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                HTTP.send(HttpRequest.newBuilder(URI.create(listingUrl)).build(), HttpResponse.BodyHandlers.ofString()).body());
        for (com.fasterxml.jackson.databind.JsonNode s : info.path("symbols")) {
            if (s.path("symbol").asText().equals(symbol)) {
                for (com.fasterxml.jackson.databind.JsonNode f : s.path("filters")) {
                    if (f.path("filterType").asText().equals("PRICE_FILTER")) {
                        return new BigDecimal(f.path("tickSize").asText());
                    }
                }
            }
        }
        throw new AssertionError("no PRICE_FILTER for " + symbol + " in " + listingUrl);
    }

    private static Map<String, BigDecimal> balances(VenueHttp http, String apiKey, String secret) throws Exception {
        VenueHttp.Answer a = http.send("binance", BalanceRead.request("binance"), new VenueKey(apiKey, secret, null)).get(10, TimeUnit.SECONDS);
        return BalanceRead.parse("binance", a.status(), a.body());
    }
}
