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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The trading adapters (Binance spot and USD-M, OKX, Bybit, Kraken, Coinbase) against the simulator's venue (its synthetic market,
 * paced in real time): every request signed and checked by the venue's rules, orders matched against
 * the book the feeds would see, every answer read back into DPP's terms and the account's balances
 * moved by exactly the fills and fees; each refusal mapped to its reason; a venue clock that drifts
 * corrected. Prints the round trip from submit to the venue's acknowledgement over loopback (median
 * and p99 of 200 orders).
 */
class LiveAdapterTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static <T> LiveVenue.Outcome<T> await(java.util.concurrent.CompletableFuture<LiveVenue.Outcome<T>> f) throws Exception {
        return f.get(10, TimeUnit.SECONDS);
    }

    @ParameterizedTest
    @ValueSource(strings = {"binance", "okx", "bybit", "kraken", "binance-futures", "coinbase", "deribit", "bitmex"})
    void ordersRoundTripThroughTheSimulator(String id) throws Exception {
        boolean margined = OrderProtocol.of(id).margined();
        long start = io.dpp.core.time.Timestamps.now() - 5_000_000;
        SyntheticSettings settings = new SyntheticSettings(11, 1, 50, start, Long.MAX_VALUE);
        try (SimServer sim = SimServer.startSynthetic(Set.of(id), settings, "127.0.0.1", 0, 1.0, FaultSpec.parse(null))) {
            String base = sim.venueUrl("http", id);
            String root = base.substring(0, base.length() - id.length() - 1);
            String symbol = sim.feedSetups().get(id).streams().get(0).symbol();
            io.dpp.core.instrument.Instrument instrument = instrument(id, base, sim.feedSetups().get(id).listingPaths(), symbol);
            BigDecimal tick = io.dpp.core.decimal.Decimal64.toBigDecimal(instrument.tickSize());
            BigDecimal lot = io.dpp.core.decimal.Decimal64.toBigDecimal(instrument.lotSize());
            String baseAsset = instrument.base();
            String quoteAsset = instrument.quote();
            // Where a contract account's wallet is: the quote, or an inverse contract's coin (Deribit's: amounts in dollars).
            String settle = io.dpp.trading.portfolio.Contracts.settlement(instrument);
            BigDecimal wallet0 = settle.equals(quoteAsset) ? new BigDecimal("1000000") : new BigDecimal("10");
            String apiKey = "adapter-test-key-0123456789";
            String secret = VenueTruth.secret(id, "adapter-test-secret-0123456789");
            String passphrase = id.equals("okx") ? "adapter pass" : null;
            HttpResponse<String> opened = HTTP.send(HttpRequest.newBuilder(URI.create(root + "/sim/accounts"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"venue\":\"" + id + "\",\"api_key\":\"" + apiKey + "\",\"secret\":\""
                            + secret + "\"" + (passphrase == null ? "" : ",\"passphrase\":\"" + passphrase + "\"")
                            + ",\"balances\":{\"" + quoteAsset + "\":\"1000000\",\"" + baseAsset + "\":\"10\"}}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(opened.statusCode()).as(opened.body()).isEqualTo(201);
            VenueKey key = new VenueKey(apiKey, secret, passphrase);
            VenueHttp http = new VenueHttp(v -> base, Duration.ofSeconds(5));
            // The venue's order-entry limit (LiveVenueTest holds the adapter to it) would pace the 400
            // requests of the round-trip loop below to minutes (Kraken: 60 a minute); its clock runs 100 000 times faster here.
            long t0 = System.nanoTime();
            LiveVenue venue = new LiveVenue(http, OrderProtocol.of(id), key, () -> (System.nanoTime() - t0) * 100_000);
            long offset = venue.syncClock().get(10, TimeUnit.SECONDS);
            assertThat(Math.abs(offset)).as("the simulator runs on this machine's clock").isLessThan(1000);

            Map<String, BigDecimal> before = balances(id, http, key);
            assertThat(before.get(quoteAsset)).isEqualByComparingTo("1000000");
            assertThat(before.get(baseAsset)).isEqualByComparingTo("10");
            BigDecimal size = new BigDecimal("0.05").divide(lot, 0, RoundingMode.DOWN).max(BigDecimal.ONE).multiply(lot);
            BigDecimal small = new BigDecimal("0.01").divide(lot, 0, RoundingMode.DOWN).max(BigDecimal.ONE).multiply(lot);

            // A market buy takes the asks at once: FILLED, its fills in the answer with trade ids.
            LiveVenue.Outcome<LiveVenue.Placed> market = await(venue.place(new LiveOrder("m1", symbol, Side.BUY, OrderType.MARKET,
                    TimeInForce.IOC, size, null, null, false, false)));
            assertThat(market.ok()).as(String.valueOf(market.reject())).isTrue();
            // Kraken's answer is the order's id only; the others' name the client order id too.
            assertThat(market.value().order().clientOrderId()).isEqualTo(id.equals("kraken") ? null : "m1");
            // Binance spot's answer says FILLED with its fills; OKX's acknowledges and the order is then queried.
            VenueOrder m = await(venue.query(symbol, "m1")).value();
            assertThat(m.status()).isEqualTo(VenueOrder.Status.FILLED);
            assertThat(m.clientOrderId()).isEqualTo("m1");
            assertThat(m.filled()).isEqualByComparingTo(size);
            List<VenueFill> fills = id.equals("binance") ? market.value().fills() : await(venue.fills(symbol, start / 1000)).value();
            assertThat(fills).isNotEmpty();
            BigDecimal qty = BigDecimal.ZERO;
            BigDecimal cost = BigDecimal.ZERO;
            BigDecimal fee = BigDecimal.ZERO;
            // Fees: 0.1% of what is received in its asset, or at Kraken and Coinbase of the notional in the quote currency;
            // USD-M charges a taker 0.05% of the notional in the margin asset.
            boolean feeInQuote = id.equals("kraken") || id.equals("coinbase");
            for (VenueFill f : fills) {
                qty = qty.add(f.quantity());
                cost = cost.add(f.price().multiply(f.quantity()));
                fee = fee.add(f.fee());
                if (margined) {
                    assertThat(f.feeAsset()).isEqualTo(settle);
                    BigDecimal taker = io.dpp.trading.portfolio.Contracts.value(instrument, f.quantity(), f.price()).multiply(new BigDecimal("0.0005"));
                    // (BitMEX charges whole satoshis.)
                    assertThat(f.fee()).isEqualByComparingTo(id.equals("bitmex") ? taker.setScale(8, RoundingMode.HALF_UP) : taker);
                    continue;
                }
                assertThat(f.feeAsset()).isEqualTo(feeInQuote ? null : baseAsset);
                assertThat(f.fee()).isEqualByComparingTo((feeInQuote ? f.price().multiply(f.quantity()) : f.quantity())
                        .multiply(new BigDecimal("0.001")));
            }
            assertThat(qty).isEqualByComparingTo(size);
            assertThat(m.averagePrice()).isEqualByComparingTo(cost.divide(qty, java.math.MathContext.DECIMAL128));
            Map<String, BigDecimal> after = balances(id, http, key);
            if (margined) {
                // The wallet pays the fee; the position holds what was bought.
                assertThat(after.get(settle)).as("the wallet down by the fee").isEqualByComparingTo(wallet0.subtract(fee));
                assertThat(await(venue.positions()).value()).as("the position").containsEntry(symbol, size);
            } else {
                assertThat(after.get(quoteAsset)).as("cash down by exactly the fills' cost (and the fee, where paid in it)")
                        .isEqualByComparingTo(new BigDecimal("1000000").subtract(cost).subtract(feeInQuote ? fee : BigDecimal.ZERO));
                assertThat(after.get(baseAsset)).as("bought (net of the fee, where paid in it)")
                        .isEqualByComparingTo(new BigDecimal("10").add(qty).subtract(feeInQuote ? BigDecimal.ZERO : fee));
            }

            // The fills since before the order: the same trade ids, once each.
            List<VenueFill> listed = await(venue.fills(symbol, start / 1000)).value();
            assertThat(listed).extracting(VenueFill::tradeId).containsExactlyElementsOf(fills.stream().map(VenueFill::tradeId).toList());
            assertThat(listed).allSatisfy(f -> assertThat(f.venueOrderId()).isEqualTo(m.venueOrderId()));

            // A limit buy well below the market rests; it is listed, canceled, and then unknown.
            BigDecimal bid = fills.get(0).price().multiply(new BigDecimal("0.8")).divide(tick, 0, RoundingMode.DOWN).multiply(tick);
            LiveVenue.Outcome<LiveVenue.Placed> rest = await(venue.place(new LiveOrder("r1", symbol, Side.BUY, OrderType.LIMIT,
                    TimeInForce.GTC, small, bid, null, false, false)));
            assertThat(rest.ok()).as(String.valueOf(rest.reject())).isTrue();
            assertThat(rest.value().order().status()).isEqualTo(VenueOrder.Status.NEW);
            assertThat(await(venue.openOrders(symbol)).value()).extracting(VenueOrder::clientOrderId).containsExactly("r1");
            assertThat(balances(id, http, key).get(settle)).as("held, not spent (a margin wallet: held within it)")
                    .isEqualByComparingTo(after.get(settle));
            LiveVenue.Outcome<LiveVenue.Placed> dup = await(venue.place(new LiveOrder("r1", symbol, Side.BUY, OrderType.LIMIT,
                    TimeInForce.GTC, small, bid, null, false, false)));
            if (id.equals("coinbase")) {
                // Coinbase answers a client order id used before with the order of that id, and places nothing.
                assertThat(dup.ok()).isTrue();
                assertThat(dup.value().order().venueOrderId()).isEqualTo(rest.value().order().venueOrderId());
                assertThat(await(venue.openOrders(symbol)).value()).hasSize(1);
            } else if (id.equals("deribit")) {
                // Deribit's labels need not be unique (DPP never sends one again unasked); the simulator refuses a working one's.
                assertThat(dup.reject().reason()).isEqualTo(VenueReject.Reason.INVALID_ORDER);
                assertThat(dup.reject().message()).contains("label");
            } else {
                assertThat(dup.reject().reason()).isEqualTo(VenueReject.Reason.DUPLICATE_CLIENT_ORDER_ID);
            }
            // Amended in place, its ids kept: Binance spot lowers the quantity only, the others change both.
            BigDecimal lower = bid.subtract(tick);
            if (id.equals("binance")) {
                assertThat(await(venue.amend(symbol, "r1", Side.BUY, small, lower, small, bid)).reject().reason())
                        .as("a price Binance cannot amend: refused here").isEqualTo(VenueReject.Reason.INVALID_ORDER);
                assertThat(await(venue.place(new LiveOrder("r2", symbol, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, small.add(small), bid,
                        null, false, false))).ok()).isTrue();
                assertThat(await(venue.amend(symbol, "r2", Side.BUY, small, bid, small.add(small), bid)).ok()).isTrue();
                VenueOrder r2 = await(venue.query(symbol, "r2")).value();
                assertThat(r2.quantity()).isEqualByComparingTo(small);
                assertThat(await(venue.cancel(symbol, "r2")).ok()).isTrue();
            } else {
                LiveVenue.Outcome<Boolean> changed = await(venue.amend(symbol, "r1", Side.BUY, small.add(small), lower, small, bid));
                assertThat(changed.ok()).as(String.valueOf(changed.reject())).isTrue();
                VenueOrder r1 = await(venue.query(symbol, "r1")).value();
                assertThat(r1.quantity()).isEqualByComparingTo(small.add(small));
                assertThat(r1.price()).isEqualByComparingTo(lower);
                assertThat(r1.status()).isEqualTo(VenueOrder.Status.NEW);
            }
            assertThat(await(venue.amend(symbol, "nosuch", Side.BUY, small, bid, small.add(small), bid)).reject().reason())
                    .isEqualTo(VenueReject.Reason.UNKNOWN_ORDER);
            assertThat(await(venue.cancel(symbol, "r1")).value().status()).isEqualTo(VenueOrder.Status.CANCELED);
            assertThat(await(venue.query(symbol, "r1")).value().status()).isEqualTo(VenueOrder.Status.CANCELED);
            assertThat(await(venue.cancel(symbol, "r1")).reject().reason()).isEqualTo(VenueReject.Reason.UNKNOWN_ORDER);
            assertThat(await(venue.query(symbol, "neversent")).reject().reason()).isEqualTo(VenueReject.Reason.UNKNOWN_ORDER);
            assertThat(await(venue.openOrders(symbol)).value()).isEmpty();

            // Refusals, each mapped to its reason.
            BigDecimal ask = fills.get(fills.size() - 1).price();
            LiveVenue.Outcome<LiveVenue.Placed> postOnly = await(venue.place(new LiveOrder("pm1", symbol, Side.BUY, OrderType.LIMIT,
                    TimeInForce.GTC, small, ask.multiply(new BigDecimal("1.05")).divide(tick, 0, RoundingMode.DOWN).multiply(tick), null, true,
                    false)));
            if (id.equals("bybit") || id.equals("bitmex")) {
                // Bybit and BitMEX take a post-only order that would take, then cancel it with their reason.
                assertThat(postOnly.ok()).as(String.valueOf(postOnly.reject())).isTrue();
                VenueOrder ended = await(venue.query(symbol, "pm1")).value();
                assertThat(ended.status()).isEqualTo(VenueOrder.Status.REJECTED);
                assertThat(ended.rejection().reason()).isEqualTo(VenueReject.Reason.POST_ONLY_WOULD_TAKE);
            } else {
                assertThat(postOnly.reject().reason()).isEqualTo(VenueReject.Reason.POST_ONLY_WOULD_TAKE);
            }
            // (Deribit's and BitMEX's amounts are dollars: a billion of them is beyond the account's coins.)
            boolean dollars = id.equals("deribit") || id.equals("bitmex");
            assertThat(await(venue.place(new LiveOrder("big1", symbol, Side.SELL, OrderType.MARKET, TimeInForce.IOC,
                    new BigDecimal(dollars ? "1000000000" : "1000"), null, null, false, false))).reject().reason())
                    .isEqualTo(VenueReject.Reason.INSUFFICIENT_BALANCE);
            assertThat(await(venue.place(new LiveOrder("lot1", symbol, Side.BUY, OrderType.LIMIT, TimeInForce.GTC,
                    lot.divide(BigDecimal.TEN), bid, null, false, false))).reject().reason()).isEqualTo(VenueReject.Reason.INVALID_ORDER);
            // (A Bybit symbol that is not a USDT-margined contract's, or a BitMEX one not an XBT contract's, is refused before sending.)
            assertThat(await(venue.place(new LiveOrder("sym1", id.equals("bybit") ? "NOSUCHUSDT" : id.equals("bitmex") ? "XBTNOSUCH" : "NOSUCHPAIR", Side.BUY, OrderType.MARKET, TimeInForce.IOC,
                    new BigDecimal("1"), null, null, false, false))).reject().reason()).isEqualTo(VenueReject.Reason.UNKNOWN_SYMBOL);
            LiveVenue wrongKey = new LiveVenue(http, OrderProtocol.of(id), new VenueKey(apiKey, VenueTruth.secret(id, "not-the-secret"),
                    passphrase));
            assertThat(await(wrongKey.openOrders(symbol)).reject().reason()).isEqualTo(VenueReject.Reason.AUTHENTICATION);

            // Order entry that fails: an order the venue took without answering is found by its client
            // order id before anything is resent; one refused with a 5xx is not there and may be sent again;
            // a 429 is retryable and nothing was taken; a reject storm refuses each order in the venue's words.
            VenueHttp impatient = new VenueHttp(v -> base, Duration.ofSeconds(1));
            LiveVenue hurried = new LiveVenue(impatient, OrderProtocol.of(id), key, () -> (System.nanoTime() - t0) * 100_000);
            hurried.syncClock().get(10, TimeUnit.SECONDS);
            arm(root, id, "timeout", 1);
            LiveVenue.Outcome<LiveVenue.Placed> lost = await(hurried.place(new LiveOrder("u1", symbol, Side.BUY, OrderType.LIMIT,
                    TimeInForce.GTC, small, bid, null, false, false)));
            assertThat(lost.reject().reason()).isEqualTo(VenueReject.Reason.VENUE_UNAVAILABLE);
            assertThat(lost.reject().stateUnknown()).as("taken without an answer: unknown").isTrue();
            VenueOrder found = await(hurried.query(symbol, "u1")).value();
            assertThat(found.status()).as("the venue has it").isEqualTo(VenueOrder.Status.NEW);
            LiveVenue.Outcome<LiveVenue.Placed> again = await(hurried.place(new LiveOrder("u1", symbol, Side.BUY, OrderType.LIMIT,
                    TimeInForce.GTC, small, bid, null, false, false)));
            if (id.equals("coinbase")) {
                assertThat(again.value().order().venueOrderId()).as("sent again, Coinbase answers with the order it has")
                        .isEqualTo(found.venueOrderId());
            } else if (id.equals("deribit")) {
                assertThat(again.reject().reason()).as("sent again, a second order at Deribit: the simulator refuses it")
                        .isEqualTo(VenueReject.Reason.INVALID_ORDER);
            } else {
                assertThat(again.reject().reason()).as("sent again, it would be a second order").isEqualTo(VenueReject.Reason.DUPLICATE_CLIENT_ORDER_ID);
            }
            assertThat(await(hurried.cancel(symbol, "u1")).ok()).isTrue();
            arm(root, id, "5xx", 1);
            LiveVenue.Outcome<LiveVenue.Placed> failed = await(hurried.place(new LiveOrder("f1", symbol, Side.BUY, OrderType.LIMIT,
                    TimeInForce.GTC, small, bid, null, false, false)));
            assertThat(failed.reject().stateUnknown()).isTrue();
            assertThat(await(hurried.query(symbol, "f1")).reject().reason()).as("looked up: not there").isEqualTo(VenueReject.Reason.UNKNOWN_ORDER);
            assertThat(await(hurried.place(new LiveOrder("f1", symbol, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, small, bid, null,
                    false, false))).ok()).as("so sent again, once").isTrue();
            assertThat(await(hurried.cancel(symbol, "f1")).ok()).isTrue();
            arm(root, id, "429", 1);
            VenueReject throttled = await(hurried.place(new LiveOrder("q1", symbol, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, small, bid,
                    null, false, false))).reject();
            assertThat(throttled.reason()).isEqualTo(VenueReject.Reason.RATE_LIMITED);
            assertThat(throttled.retryable()).isTrue();
            assertThat(throttled.stateUnknown()).isFalse();
            assertThat(await(hurried.query(symbol, "q1")).reject().reason()).isEqualTo(VenueReject.Reason.UNKNOWN_ORDER);
            arm(root, id, "reject", 3);
            for (int i = 0; i < 3; i++) {
                VenueReject storm = await(hurried.place(new LiveOrder("s" + i, symbol, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, small,
                        bid, null, false, false))).reject();
                assertThat(storm).as("reject storm " + i).isNotNull();
                assertThat(storm.stateUnknown()).isFalse();
                assertThat(storm.message()).isNotEmpty();
            }
            assertThat(await(hurried.openOrders(symbol)).value()).as("nothing left working").isEmpty();
            com.fasterxml.jackson.databind.JsonNode status = new com.fasterxml.jackson.databind.ObjectMapper().readTree(HTTP.send(
                    HttpRequest.newBuilder(URI.create(root + "/sim/status")).build(), HttpResponse.BodyHandlers.ofString()).body());
            com.fasterxml.jackson.databind.JsonNode injected = status.path("venues").get(0).path("faults_injected");
            assertThat(injected.path("order-timeout").asInt()).isEqualTo(1);
            assertThat(injected.path("order-reject").asInt()).isEqualTo(3);

            // The venue's clock 20 s ahead of ours: an adapter that has not measured it signs outside
            // Binance's 5 s window and is refused (-1021); measured, it signs at the venue's time.
            HttpResponse<String> skewed = HTTP.send(HttpRequest.newBuilder(URI.create(root + "/sim/venues/" + id + "/clock?skew=40000"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(skewed.statusCode()).as(skewed.body()).isEqualTo(200);
            VenueHttp fresh = new VenueHttp(v -> base, Duration.ofSeconds(5));
            LiveVenue drifting = new LiveVenue(fresh, OrderProtocol.of(id), key);
            if (id.equals("kraken") || id.equals("coinbase") || id.equals("deribit") || id.equals("bitmex")) {
                // Kraken signs with a nonce that only has to grow, not with its time, Coinbase's JWT is
                // valid for two minutes from its start, Deribit takes a minute either side and BitMEX's
                // signature expires a minute after it is made: no window to miss by 40 s.
                assertThat(await(drifting.openOrders(symbol)).ok()).isTrue();
            } else {
                VenueReject late = await(drifting.openOrders(symbol)).reject();
                assertThat(late.reason()).isEqualTo(VenueReject.Reason.TIMESTAMP);
                assertThat(late.code()).isEqualTo(switch (id) {
                    case "binance", "binance-futures" -> "-1021";
                    case "okx" -> "50102";
                    default -> "10002";
                });
            }
            // Kraken tells its time in whole seconds.
            assertThat(drifting.syncClock().get(10, TimeUnit.SECONDS)).as("measured offset, ms").isBetween(38_900L, 41_000L);
            assertThat(await(drifting.openOrders(symbol)).ok()).isTrue();
            HTTP.send(HttpRequest.newBuilder(URI.create(root + "/sim/venues/" + id + "/clock?skew=0"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            venue.syncClock().get(10, TimeUnit.SECONDS);

            // Round trip, submit to the venue's acknowledgement, over loopback: 200 resting orders, each canceled.
            List<Long> nanos = new ArrayList<>();
            Set<String> ids = new HashSet<>();
            for (int i = 0; i < 200; i++) {
                LiveVenue.Outcome<LiveVenue.Placed> p = await(venue.place(new LiveOrder("rt" + i, symbol, Side.BUY, OrderType.LIMIT,
                        TimeInForce.GTC, small, bid, null, false, false)));
                assertThat(p.ok()).as(String.valueOf(p.reject())).isTrue();
                ids.add(p.value().order().venueOrderId());
                nanos.add(p.roundTripNanos());
                LiveVenue.Outcome<VenueOrder> canceled = await(venue.cancel(symbol, "rt" + i));
                assertThat(canceled.ok()).as(String.valueOf(canceled.reject())).isTrue();
            }
            assertThat(ids).as("a venue order id per order").hasSize(200);
            nanos.sort(Long::compare);
            System.out.printf("%s adapter round trip (submit to ack, loopback simulator): median %.0f µs, p99 %.0f µs over %d orders%n",
                    id, nanos.get(nanos.size() / 2) / 1e3, nanos.get(nanos.size() * 99 / 100) / 1e3, nanos.size());

            io.dpp.trading.live.PrivateStream socket = io.dpp.trading.live.PrivateStream.of(id);
            if (socket != null && socket.entersOrders()) {
                // Where order entry goes over the account's socket once its cancel-on-disconnect is armed (Deribit): the same loop over it.
                java.util.concurrent.ScheduledExecutorService timer = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
                java.util.concurrent.CountDownLatch live = new java.util.concurrent.CountDownLatch(1);
                try (io.dpp.ems.live.VenueStream stream = venue.stream((ps, token) -> URI.create(base.replaceFirst("^http", "ws") + ps.path(token)),
                        new io.dpp.ems.live.VenueStream.Listener() {
                            @Override
                            public void live() {
                                live.countDown();
                            }

                            @Override
                            public void update(io.dpp.trading.live.PrivateStream.Update update) {
                            }

                            @Override
                            public void down(String why) {
                            }
                        }, timer, 30)) {
                    stream.start();
                    assertThat(live.await(10, TimeUnit.SECONDS)).as("the account's socket live").isTrue();
                    assertThat(venue.entersOverStream()).isTrue();
                    nanos.clear();
                    ids.clear();
                    for (int i = 0; i < 200; i++) {
                        LiveVenue.Outcome<LiveVenue.Placed> p = await(venue.place(new LiveOrder("ws" + i, symbol, Side.BUY, OrderType.LIMIT,
                                TimeInForce.GTC, small, bid, null, false, false)));
                        assertThat(p.ok()).as(String.valueOf(p.reject())).isTrue();
                        ids.add(p.value().order().venueOrderId());
                        nanos.add(p.roundTripNanos());
                        LiveVenue.Outcome<VenueOrder> canceled = await(venue.cancel(symbol, "ws" + i, p.value().order().venueOrderId()));
                        assertThat(canceled.ok()).as(String.valueOf(canceled.reject())).isTrue();
                        assertThat(canceled.value().status()).isEqualTo(VenueOrder.Status.CANCELED);
                    }
                } finally {
                    timer.shutdownNow();
                }
                assertThat(ids).as("a venue order id per order").hasSize(200);
                nanos.sort(Long::compare);
                System.out.printf("%s adapter round trip over its socket (submit to ack, loopback simulator): median %.0f µs, p99 %.0f µs over %d orders%n",
                        id, nanos.get(nanos.size() / 2) / 1e3, nanos.get(nanos.size() * 99 / 100) / 1e3, nanos.size());
            }
        }
    }

    private static void arm(String root, String venue, String fault, int count) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(root + "/sim/venues/" + venue + "/orders?fault=" + fault
                + "&count=" + count)).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    /** The instrument as the venue's listing (served by the simulator) describes it. */
    private static io.dpp.core.instrument.Instrument instrument(String id, String base, List<String> paths, String symbol) throws Exception {
        List<io.dpp.streams.capture.Capture.RestResponse> responses = new ArrayList<>();
        for (String path : paths) {
            byte[] body = HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofByteArray()).body();
            responses.add(new io.dpp.streams.capture.Capture.RestResponse("http://sim" + path, 0, body));
        }
        io.dpp.streams.venue.Venue venue = io.dpp.streams.venue.Venues.get(id);
        io.dpp.core.instrument.Instrument i = venue.parseListing(io.dpp.streams.capture.Capture.ofRest(
                id.toUpperCase(java.util.Locale.ROOT).replace('-', '_') + ".0", responses)).find(symbol);
        assertThat(i).as(symbol + " in the listing").isNotNull();
        return i;
    }

    private static Map<String, BigDecimal> balances(String id, VenueHttp http, VenueKey key) throws Exception {
        VenueHttp.Answer a = http.send(id, BalanceRead.request(id), key).get(10, TimeUnit.SECONDS);
        return BalanceRead.parse(id, a.status(), a.body());
    }
}
