package io.dpp.sim.trading;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * DPP's Binance USD-M adapter against the simulator's USD-M futures account, call by call: a
 * position opened, grown and closed in one-way mode, profit realized into the wallet, fees in USDT,
 * margin held by working orders, and the venue's refusals read into DPP's reasons.
 */
class BinanceFuturesSimTest {

    private static final Instrument PERP = Instrument.builder("binance-futures", "BTCUSDT").assets("BTC", "USDT")
            .type(InstrumentType.PERPETUAL).tickSize(Decimal64.of(1, 1)).lotSize(Decimal64.of(1, 3)).build();

    private final SimAccounts sim = new SimAccounts();
    private final OrderProtocol usdm = OrderProtocol.of("binance-futures");
    private final VenueSigner signer = VenueSigner.of("binance-futures");
    private final VenueKey key = new VenueKey("usdm-key-1", "usdm-secret-1", null);
    private final AtomicReference<SimBook> book = new AtomicReference<>(book("99.9", "100.0", "0.4", "100.1"));

    private static SimBook book(String bid, String ask, String askSize, String ask2) {
        return new SimBook(PERP, List.<BigDecimal[]>of(new BigDecimal[] {new BigDecimal(bid), new BigDecimal("1")}),
                List.of(new BigDecimal[] {new BigDecimal(ask), new BigDecimal(askSize)}, new BigDecimal[] {new BigDecimal(ask2), new BigDecimal("1")}));
    }

    private record Reply(int status, JsonNode body) {
    }

    /** How far the venue's clock is ahead of this machine's (ms): how the test lets time pass at the venue. */
    private long ahead;

    private Reply send(HttpCall call) throws Exception {
        long now = System.currentTimeMillis() + ahead;
        SimAccounts.Answer a = sim.serve("binance-futures", signer.sign(call, key, now), now, s -> s.equals("BTCUSDT") ? book.get() : null);
        return new Reply(a.status(), BalanceRead.JSON.readTree(a.body()));
    }

    private JsonNode ok(HttpCall call) throws Exception {
        Reply r = send(call);
        assertThat(usdm.reject(r.status(), r.body())).as(r.body().toString()).isNull();
        return r.body();
    }

    private VenueReject refused(HttpCall call) throws Exception {
        Reply r = send(call);
        VenueReject reject = usdm.reject(r.status(), r.body());
        assertThat(reject).as("refused: " + r.body()).isNotNull();
        return reject;
    }

    private static LiveOrder order(String id, Side side, OrderType type, String qty, String price, boolean postOnly, boolean reduceOnly) {
        return new LiveOrder(id, "BTCUSDT", side, type, TimeInForce.GTC, new BigDecimal(qty), price == null ? null : new BigDecimal(price), null,
                postOnly, reduceOnly);
    }

    private BigDecimal wallet() throws Exception {
        Map<String, BigDecimal> b = BalanceRead.parse("binance-futures", 200, ok(BalanceRead.request("binance-futures")));
        return b.get("USDT");
    }

    private JsonNode position() throws Exception {
        return ok(HttpCall.of("GET", "/fapi/v2/positionRisk", "symbol=BTCUSDT", "")).path(0);
    }

    @Test
    void aPositionOpensGrowsAndClosesWithItsProfitInTheWallet() throws Exception {
        assertThat(sim.open("{\"venue\":\"binance-futures\",\"api_key\":\"usdm-key-1\",\"secret\":\"usdm-secret-1\","
                + "\"balances\":{\"USDT\":\"10000\"}}").status()).isEqualTo(201);

        // A market buy takes 0.4 at 100.0 and 0.1 at 100.1: long 0.5 at 100.02, the taker fee (0.05%) paid from the wallet.
        VenueOrder m1 = usdm.order(ok(usdm.place(order("m1", Side.BUY, OrderType.MARKET, "0.5", null, false, false))));
        assertThat(m1.status()).isEqualTo(VenueOrder.Status.FILLED);
        assertThat(m1.averagePrice()).isEqualByComparingTo("100.02");
        assertThat(position().path("positionAmt").asText()).isEqualTo("0.5");
        assertThat(new BigDecimal(position().path("entryPrice").asText())).isEqualByComparingTo("100.02");
        assertThat(wallet()).isEqualByComparingTo("9999.974995"); // 10000 - 50.01 * 0.0005
        List<VenueFill> fills = usdm.fills(ok(usdm.fills("BTCUSDT", System.currentTimeMillis() - 60_000)));
        assertThat(fills).extracting(VenueFill::quantity).containsExactly(new BigDecimal("0.4"), new BigDecimal("0.1"));
        assertThat(fills).allSatisfy(f -> assertThat(f.feeAsset()).isEqualTo("USDT"));

        // A limit sell rests, holding its margin (0.2 * 101.0 / 20), then fills as a maker once the bids reach it:
        // 0.196 realized ((101.0 - 100.02) * 0.2), the maker fee (0.02%) paid.
        assertThat(usdm.order(ok(usdm.place(order("s1", Side.SELL, OrderType.LIMIT, "0.2", "101.0", false, false)))).status())
                .isEqualTo(VenueOrder.Status.NEW);
        assertThat(wallet()).as("margin held stays in the wallet").isEqualByComparingTo("9999.974995");
        book.set(book("101.5", "101.6", "1", "101.7"));
        VenueOrder s1 = usdm.order(ok(usdm.query("BTCUSDT", "s1")));
        assertThat(s1.status()).isEqualTo(VenueOrder.Status.FILLED);
        JsonNode trades = ok(usdm.fills("BTCUSDT", System.currentTimeMillis() - 60_000));
        assertThat(new BigDecimal(trades.path(2).path("realizedPnl").asText())).isEqualByComparingTo("0.196");
        assertThat(trades.path(2).path("maker").asBoolean()).isTrue();
        assertThat(wallet()).isEqualByComparingTo("10000.166955"); // + 0.196 - 20.2 * 0.0002
        assertThat(position().path("positionAmt").asText()).isEqualTo("0.3");

        // Reduce-only: a buy would grow the long, refused; a market sell of the rest closes it.
        assertThat(refused(usdm.place(order("r1", Side.BUY, OrderType.MARKET, "0.1", null, false, true))).reason())
                .isEqualTo(VenueReject.Reason.INVALID_ORDER);
        ok(usdm.place(order("r2", Side.SELL, OrderType.MARKET, "0.3", null, false, true)));
        assertThat(position().isMissingNode()).as("flat").isTrue();
        assertThat(wallet()).isEqualByComparingTo("10000.595730"); // + (101.5 - 100.02) * 0.3 - 30.45 * 0.0005

        // A resting bid amended in place (price and quantity), then canceled; refusals in Binance's codes.
        ok(usdm.place(order("b1", Side.BUY, OrderType.LIMIT, "0.2", "90.0", false, false)));
        VenueOrder b1 = usdm.order(ok(usdm.amend("BTCUSDT", "b1", Side.BUY, new BigDecimal("0.3"), new BigDecimal("91.0"), new BigDecimal("0.2"),
                new BigDecimal("90.0"))));
        assertThat(b1.quantity()).isEqualByComparingTo("0.3");
        assertThat(b1.price()).isEqualByComparingTo("91.0");
        assertThat(usdm.orders(ok(usdm.openOrders("BTCUSDT")))).extracting(VenueOrder::clientOrderId).containsExactly("b1");
        assertThat(usdm.order(ok(usdm.cancel("BTCUSDT", "b1"))).status()).isEqualTo(VenueOrder.Status.CANCELED);
        assertThat(refused(usdm.cancel("BTCUSDT", "b1")).reason()).isEqualTo(VenueReject.Reason.UNKNOWN_ORDER);
        assertThat(refused(usdm.query("BTCUSDT", "never")).reason()).isEqualTo(VenueReject.Reason.UNKNOWN_ORDER);
        assertThat(refused(usdm.place(order("p1", Side.BUY, OrderType.LIMIT, "0.1", "101.6", true, false))).reason())
                .isEqualTo(VenueReject.Reason.POST_ONLY_WOULD_TAKE);
        assertThat(refused(usdm.place(order("big", Side.BUY, OrderType.LIMIT, "5000", "100.0", false, false))).reason())
                .as("more than 20x the wallet").isEqualTo(VenueReject.Reason.INSUFFICIENT_BALANCE);
        assertThat(refused(usdm.place(order("tick", Side.BUY, OrderType.LIMIT, "0.1", "100.05", false, false))).reason())
                .isEqualTo(VenueReject.Reason.INVALID_ORDER);
        // The symbol's dead man's switch: armed for 1 s, it cancels the symbol's working orders once it runs out.
        ok(usdm.place(order("d1", Side.BUY, OrderType.LIMIT, "0.1", "90.0", false, false)));
        assertThat(ok(usdm.cancelSymbolAfter("BTCUSDT", 1)).path("countdownTime").asText()).isEqualTo("1000");
        assertThat(usdm.order(ok(usdm.query("BTCUSDT", "d1"))).status()).isEqualTo(VenueOrder.Status.NEW);
        ahead = 1_500;
        assertThat(usdm.order(ok(usdm.query("BTCUSDT", "d1"))).status()).as("canceled by the countdown").isEqualTo(VenueOrder.Status.CANCELED);
        assertThat(wallet()).as("nothing held any more").isEqualByComparingTo("10000.595730");
    }
}
