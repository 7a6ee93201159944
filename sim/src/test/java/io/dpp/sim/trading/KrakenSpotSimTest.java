package io.dpp.sim.trading;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.dpp.core.decimal.Decimal64;
import io.dpp.core.instrument.Instrument;
import io.dpp.core.instrument.InstrumentType;
import io.dpp.core.model.Side;
import io.dpp.trading.live.BalanceRead;
import io.dpp.trading.live.HttpCall;
import io.dpp.trading.live.LiveOrder;
import io.dpp.trading.live.OrderProtocol;
import io.dpp.trading.live.VenueFill;
import io.dpp.trading.live.VenueKey;
import io.dpp.trading.live.VenueOrder;
import io.dpp.trading.live.VenueReject;
import io.dpp.trading.live.VenueSigner;
import io.dpp.trading.order.OrderType;
import io.dpp.trading.order.TimeInForce;
import java.math.BigDecimal;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * DPP's Kraken adapter ({@link OrderProtocol}, signed by {@link VenueSigner}) against the
 * simulator's Kraken, call by call: what one sends the other reads, in Kraken's shapes.
 */
class KrakenSpotSimTest {

    private static final Instrument XBTUSD = Instrument.builder("kraken", "XBT/USD").assets("BTC", "USD").type(InstrumentType.SPOT)
            .tickSize(Decimal64.of(1, 1)).lotSize(Decimal64.of(1, 8)).build();
    private static final String SECRET = Base64.getEncoder().encodeToString("kraken-sim-test-secret-0123456789".getBytes());

    private final SimAccounts sim = new SimAccounts();
    private final OrderProtocol kraken = OrderProtocol.of("kraken");
    private final VenueSigner signer = VenueSigner.of("kraken");
    private final VenueKey key = new VenueKey("kraken-key-1", SECRET, null);
    private final AtomicReference<SimBook> book = new AtomicReference<>(book("99.9", "100.0", "0.4", "100.1"));
    private long clock = System.currentTimeMillis(); // the venue's clock: the ground truth fires the dead man's switch by this machine's

    private static SimBook book(String bid, String ask, String askSize, String ask2) {
        return new SimBook(XBTUSD, List.<BigDecimal[]>of(new BigDecimal[] {new BigDecimal(bid), new BigDecimal("1")}),
                List.of(new BigDecimal[] {new BigDecimal(ask), new BigDecimal(askSize)},
                        new BigDecimal[] {new BigDecimal(ask2), new BigDecimal("1")}));
    }

    /** One signed call, answered by the simulator at the next millisecond. */
    private JsonNode send(HttpCall call) throws Exception {
        clock++;
        SimAccounts.Answer a = sim.serve("kraken", signer.sign(call, key, clock), clock,
                s -> s.equals(XBTUSD.nativeSymbol()) ? book.get() : null);
        assertThat(a.status()).as("Kraken answers HTTP 200, errors included").isEqualTo(200);
        return BalanceRead.JSON.readTree(a.body());
    }

    private VenueOrder query(String clientId) throws Exception {
        JsonNode open = send(kraken.query("XBT/USD", clientId));
        assertThat(kraken.reject(200, open)).isNull();
        if (!kraken.notFound(open)) {
            return kraken.order(open);
        }
        JsonNode ended = send(kraken.queryEnded("XBT/USD", clientId));
        return kraken.notFound(ended) ? null : kraken.order(ended);
    }

    private static LiveOrder order(String id, Side side, OrderType type, TimeInForce tif, String qty, String price) {
        return new LiveOrder(id, "XBT/USD", side, type, tif, new BigDecimal(qty), price == null ? null : new BigDecimal(price), null, false, false);
    }

    @Test
    void ordersFillsAndBalancesReadBackAsTheSimulatorKeepsThem() throws Exception {
        assertThat(sim.open("{\"venue\":\"kraken\",\"api_key\":\"kraken-key-1\",\"secret\":\"" + SECRET
                + "\",\"balances\":{\"ZUSD\":\"10000\",\"XXBT\":\"1\"}}").status()).isEqualTo(201);

        // A market buy takes 0.4 at 100.0 and 0.1 at 100.1; Kraken answers only its txid.
        JsonNode placed = send(kraken.place(order("m1", Side.BUY, OrderType.MARKET, TimeInForce.IOC, "0.5", null)));
        assertThat(kraken.reject(200, placed)).isNull();
        VenueOrder ack = kraken.order(placed);
        assertThat(ack.status()).isEqualTo(VenueOrder.Status.NEW);
        assertThat(ack.venueOrderId()).matches("O[A-Z2-7]{5}-[A-Z2-7]{5}-[A-Z2-7]{6}");

        // Not among the open orders: found among the closed ones, by its client order id.
        VenueOrder m1 = query("m1");
        assertThat(m1.venueOrderId()).isEqualTo(ack.venueOrderId());
        assertThat(m1.clientOrderId()).isEqualTo("m1");
        assertThat(m1.status()).isEqualTo(VenueOrder.Status.FILLED);
        assertThat(m1.filled()).isEqualByComparingTo("0.5");
        assertThat(m1.averagePrice()).isEqualByComparingTo("100.02");
        assertThat(query("never")).as("an order Kraken never had").isNull();

        List<VenueFill> fills = kraken.fills(send(kraken.fills("XBT/USD", clock - 60_000)));
        assertThat(fills).extracting(VenueFill::quantity).containsExactly(new BigDecimal("0.4"), new BigDecimal("0.1"));
        assertThat(fills).allSatisfy(f -> {
            assertThat(f.venueOrderId()).isEqualTo(ack.venueOrderId());
            assertThat(f.feeAsset()).as("Kraken's fees are in the quote currency").isNull();
            assertThat(f.maker()).isFalse();
        });
        assertThat(fills.get(0).fee()).isEqualByComparingTo("0.04"); // 0.1% of 40.00
        assertThat(fills.get(1).fee()).isEqualByComparingTo("0.01001"); // 0.1% of 10.01

        // Balances in Kraken's codes, read back by their usual names: the fee paid on top of the cost.
        Map<String, BigDecimal> balances = BalanceRead.parse("kraken", 200, send(BalanceRead.request("kraken")));
        assertThat(balances.get("USD")).isEqualByComparingTo("9949.93999");
        assertThat(balances.get("BTC")).isEqualByComparingTo("1.5");

        // A limit sell rests, then fills as a maker once the bids reach it, seen by a call that names no pair.
        assertThat(kraken.reject(200, send(kraken.place(order("s1", Side.SELL, OrderType.LIMIT, TimeInForce.GTC, "0.2", "101.0"))))).isNull();
        assertThat(query("s1").status()).isEqualTo(VenueOrder.Status.NEW);
        assertThat(kraken.orders(send(kraken.openOrders(null)))).extracting(VenueOrder::clientOrderId).containsExactly("s1");
        book.set(book("101.5", "101.6", "1", "101.7"));
        VenueOrder s1 = query("s1");
        assertThat(s1.status()).isEqualTo(VenueOrder.Status.FILLED);
        assertThat(s1.price()).isEqualByComparingTo("101.0");
        VenueFill maker = kraken.fills(send(kraken.fills("XBT/USD", clock - 60_000))).getLast();
        assertThat(maker.maker()).isTrue();
        assertThat(maker.price()).isEqualByComparingTo("101.0");

        // Refusals in Kraken's words, read into DPP's reasons.
        assertThat(kraken.reject(200, send(kraken.cancel("XBT/USD", "s1"))).reason()).isEqualTo(VenueReject.Reason.UNKNOWN_ORDER);
        assertThat(kraken.reject(200, send(kraken.place(order("big", Side.BUY, OrderType.LIMIT, TimeInForce.GTC, "1000", "100.0"))))
                .reason()).isEqualTo(VenueReject.Reason.INSUFFICIENT_BALANCE);
        assertThat(kraken.reject(200, send(kraken.place(order("tick", Side.BUY, OrderType.LIMIT, TimeInForce.GTC, "0.1", "100.05"))))
                .reason()).isEqualTo(VenueReject.Reason.INVALID_ORDER);
        LiveOrder post = new LiveOrder("p1", "XBT/USD", Side.BUY, OrderType.LIMIT, TimeInForce.GTC, new BigDecimal("0.1"),
                new BigDecimal("101.6"), null, true, false);
        assertThat(kraken.reject(200, send(kraken.place(post))).reason()).isEqualTo(VenueReject.Reason.POST_ONLY_WOULD_TAKE);
        assertThatThrownBy(() -> kraken.place(order("f1", Side.BUY, OrderType.LIMIT, TimeInForce.FOK, "0.1", "100.0")))
                .hasMessageContaining("fill-or-kill");
        // The nonce must grow: a call signed with an old one is refused.
        SimAccounts.Answer replay = sim.serve("kraken", signer.sign(kraken.openOrders(null), key, clock - 5), clock, s -> book.get());
        assertThat(kraken.reject(200, BalanceRead.JSON.readTree(replay.body())).reason()).isEqualTo(VenueReject.Reason.TIMESTAMP);

        // A resting order canceled; the cancel's answer is a count, the order says the rest.
        send(kraken.place(order("r1", Side.BUY, OrderType.LIMIT, TimeInForce.GTC, "0.1", "90.0")));
        assertThat(kraken.canceled(send(kraken.cancel("XBT/USD", "r1"))).status()).isEqualTo(VenueOrder.Status.CANCELED);
        assertThat(query("r1").status()).isEqualTo(VenueOrder.Status.CANCELED);

        // The dead man's switch, armed for 60 s.
        assertThat(kraken.reject(200, send(kraken.cancelAllAfter(60)))).isNull();
        assertThat(BalanceRead.JSON.readTree(sim.truth("kraken", "kraken-key-1").body()).path("cancel_all_at").isNull()).isFalse();
        assertThat(kraken.reject(200, send(kraken.cancelAllAfter(0)))).isNull();
    }

    @Test
    void executionsComeInPagesOfFiftyAndTheAdapterReadsThemAll() throws Exception {
        sim.open("{\"venue\":\"kraken\",\"api_key\":\"kraken-key-1\",\"secret\":\"" + SECRET + "\",\"balances\":{\"USD\":\"100000\"}}");
        book.set(book("99.9", "100.0", "1000", "100.1"));
        for (int i = 0; i < 60; i++) {
            assertThat(kraken.reject(200, send(kraken.place(order("b" + i, Side.BUY, OrderType.MARKET, TimeInForce.IOC, "0.01", null)))))
                    .isNull();
        }
        long since = clock - 60_000;
        JsonNode first = send(kraken.fills("XBT/USD", since));
        List<VenueFill> read = new java.util.ArrayList<>(kraken.fills(first));
        assertThat(read).hasSize(50);
        HttpCall next = kraken.nextFills("XBT/USD", since, first, read.size());
        assertThat(HttpCall.formValue(next.body(), "ofs")).isEqualTo("50");
        JsonNode second = send(next);
        read.addAll(kraken.fills(second));
        assertThat(kraken.nextFills("XBT/USD", since, second, read.size())).as("the last page").isNull();
        assertThat(read.stream().map(VenueFill::tradeId).distinct().count()).isEqualTo(60);
    }
}
