package io.dpp.bench.ems;

import com.fasterxml.jackson.databind.JsonNode;
import io.dpp.core.model.Side;
import io.dpp.trading.live.BalanceRead;
import io.dpp.trading.live.HttpCall;
import io.dpp.trading.live.LiveOrder;
import io.dpp.trading.live.OrderProtocol;
import io.dpp.trading.live.VenueFill;
import io.dpp.trading.live.VenueKey;
import io.dpp.trading.live.VenueOrder;
import io.dpp.trading.live.VenueSigner;
import io.dpp.trading.order.OrderType;
import io.dpp.trading.order.TimeInForce;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The trading adapter's own cost on the order path, without the network, per venue: an order
 * becomes the venue's request ({@link OrderProtocol#place}), is signed ({@link VenueSigner}: HMAC
 * over the venue's documented prehash), and the venue's answers are read back into DPP's order and
 * fills: Binance's FULL answer with three fills (as its documentation shows one); OKX's, Bybit's and
 * Kraken's acknowledgement, then their fills query with three fills (where those venues report fills);
 * Binance USD-M's RESULT answer (FILLED), then its trade list with three fills; Coinbase's acknowledgement (a
 * JWT signed with an Ed25519 key for the request, made ahead of the order path as the adapter makes it: see
 * {@link #signAhead}), then its fills list with three fills; Deribit's answer to {@code private/buy} (the order, filled,
 * and its three trades, amounts in dollars and fees in the coin, as JSON numbers; the order goes as a JSON-RPC request over the
 * account's authenticated socket, as the adapter sends it while its cancel-on-disconnect is armed); BitMEX's order answer
 * (filled), then its trade history with three executions (fees in satoshis).
 * SampleTime mode reports percentiles (the target is p99 below 50 µs). The trial fails unless every
 * signature checks and every order reads back with its three fills (the counters printed at the end).
 *
 * <p>Run: {@code ./dpp jmh LiveAdapterBenchmark}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class LiveAdapterBenchmark {

    private static final String BINANCE = "{\"symbol\":\"BTCUSDT\",\"orderId\":28,\"orderListId\":-1,\"clientOrderId\":\"%s\","
            + "\"transactTime\":1507725176595,\"price\":\"0.00000000\",\"origQty\":\"0.03000000\",\"executedQty\":\"0.03000000\","
            + "\"cummulativeQuoteQty\":\"1950.01500000\",\"status\":\"FILLED\",\"timeInForce\":\"IOC\",\"type\":\"MARKET\",\"side\":\"BUY\","
            + "\"workingTime\":1507725176595,\"selfTradePreventionMode\":\"NONE\",\"fills\":["
            + "{\"price\":\"65000.10000000\",\"qty\":\"0.01000000\",\"commission\":\"0.00001000\",\"commissionAsset\":\"BTC\",\"tradeId\":56},"
            + "{\"price\":\"65000.50000000\",\"qty\":\"0.01000000\",\"commission\":\"0.00001000\",\"commissionAsset\":\"BTC\",\"tradeId\":57},"
            + "{\"price\":\"65000.90000000\",\"qty\":\"0.01000000\",\"commission\":\"0.00001000\",\"commissionAsset\":\"BTC\",\"tradeId\":58}]}";
    private static final String OKX_ACK = "{\"code\":\"0\",\"msg\":\"\",\"data\":[{\"clOrdId\":\"%s\",\"ordId\":\"312269865356374016\","
            + "\"tag\":\"\",\"ts\":\"1695190491421\",\"sCode\":\"0\",\"sMsg\":\"Order placed\"}]}";
    private static final String OKX_FILL = "{\"instType\":\"SPOT\",\"instId\":\"BTC-USDT\",\"tradeId\":\"%d\",\"ordId\":\"312269865356374016\","
            + "\"clOrdId\":\"%s\",\"fillPx\":\"65000.%d\",\"fillSz\":\"0.01\",\"side\":\"buy\",\"execType\":\"T\",\"fee\":\"-0.00001\","
            + "\"feeCcy\":\"BTC\",\"ts\":\"169519049142%d\"}";
    private static final String BYBIT_ACK = "{\"retCode\":0,\"retMsg\":\"OK\",\"result\":{\"orderId\":\"1321003749386327552\","
            + "\"orderLinkId\":\"%s\"},\"retExtInfo\":{},\"time\":1672211918471}";
    private static final String BYBIT_FILL = "{\"symbol\":\"BTCUSDT\",\"orderId\":\"1321003749386327552\",\"orderLinkId\":\"%2$s\","
            + "\"side\":\"Buy\",\"execId\":\"%1$d\",\"execPrice\":\"65000.%3$d\",\"execQty\":\"0.01\",\"execFee\":\"0.39\","
            + "\"feeRate\":\"0.0006\",\"isMaker\":false,\"execType\":\"Trade\",\"closedSize\":\"0\",\"execTime\":\"167221191847%3$d\"}";

    private static final String KRAKEN_ACK = "{\"error\":[],\"result\":{\"descr\":{\"order\":\"buy 0.03000000 XBTUSD @ market\"},"
            + "\"txid\":[\"OU22CG-KLAF2-FWUDD7\"]}}";
    private static final String KRAKEN_FILL = "\"THVRQM-33VKH-UCI7B%1$d\":{\"ordertxid\":\"OU22CG-KLAF2-FWUDD7\",\"postxid\":\"TKH2SE-M7IF5-CFI7LT\","
            + "\"pair\":\"XXBTZUSD\",\"time\":1688667796.880%1$d,\"type\":\"buy\",\"ordertype\":\"market\",\"price\":\"65000.%1$d\","
            + "\"cost\":\"650.00\",\"fee\":\"1.69\",\"vol\":\"0.01000000\",\"margin\":\"0.00000\",\"misc\":\"\",\"trade_id\":4027485%1$d,"
            + "\"maker\":false}";

    private static final String USDM = "{\"clientOrderId\":\"%s\",\"cumQty\":\"0.030\",\"cumQuote\":\"1950.015\",\"executedQty\":\"0.030\","
            + "\"orderId\":22542179,\"avgPrice\":\"65000.50000\",\"origQty\":\"0.030\",\"price\":\"0\",\"reduceOnly\":false,\"side\":\"BUY\","
            + "\"positionSide\":\"BOTH\",\"status\":\"FILLED\",\"stopPrice\":\"0\",\"closePosition\":false,\"symbol\":\"BTCUSDT\","
            + "\"timeInForce\":\"GTC\",\"type\":\"MARKET\",\"origType\":\"MARKET\",\"updateTime\":1566818724722,"
            + "\"workingType\":\"CONTRACT_PRICE\",\"priceProtect\":false,\"priceMatch\":\"NONE\",\"selfTradePreventionMode\":\"NONE\","
            + "\"goodTillDate\":0}";
    private static final String USDM_FILL = "{\"buyer\":true,\"commission\":\"0.32500%1$d\",\"commissionAsset\":\"USDT\",\"id\":69875%1$d,"
            + "\"maker\":false,\"orderId\":22542179,\"price\":\"65000.%1$d\",\"qty\":\"0.010\",\"quoteQty\":\"650.00\","
            + "\"realizedPnl\":\"0\",\"side\":\"BUY\",\"positionSide\":\"BOTH\",\"symbol\":\"BTCUSDT\",\"time\":156951497802%1$d}";

    private static final String COINBASE_ACK = "{\"success\":true,\"success_response\":{\"order_id\":\"11111-00000-000000\","
            + "\"product_id\":\"BTC-USD\",\"side\":\"BUY\",\"client_order_id\":\"%s\"},\"order_configuration\":{\"market_market_ioc\":"
            + "{\"base_size\":\"0.03\"}}}";
    private static final String DERIBIT_TRADE = "{\"trade_seq\":196605%1$d,\"trade_id\":\"BTC-269608%1$d\",\"timestamp\":159048393845%1$d,"
            + "\"tick_direction\":0,\"state\":\"filled\",\"reduce_only\":false,\"price\":65000.%1$d,\"post_only\":false,"
            + "\"order_type\":\"market\",\"order_id\":\"BTC-584849853\",\"mark_price\":65000.1,\"liquidity\":\"T\",\"label\":\"%2$s\","
            + "\"instrument_name\":\"BTC-PERPETUAL\",\"index_price\":65001.0,\"fee_currency\":\"BTC\",\"fee\":1.5384e-7,"
            + "\"direction\":\"buy\",\"amount\":20}";
    private static final String DERIBIT_ORDER = "{\"web\":false,\"time_in_force\":\"immediate_or_cancel\",\"replaced\":false,"
            + "\"reduce_only\":false,\"price\":\"market_price\",\"post_only\":false,\"order_type\":\"market\",\"order_state\":\"filled\","
            + "\"order_id\":\"BTC-584849853\",\"max_show\":60,\"last_update_timestamp\":1590483938459,\"label\":\"%s\","
            + "\"is_liquidation\":false,\"instrument_name\":\"BTC-PERPETUAL\",\"filled_amount\":60,\"direction\":\"buy\","
            + "\"creation_timestamp\":1590483938451,\"average_price\":65000.5,\"api\":true,\"amount\":60}";

    private static final String BITMEX_ORDER = "{\"orderID\":\"550e8400-e29b-41d4-a716-446655440001\",\"clOrdID\":\"%s\","
            + "\"account\":1234567,\"symbol\":\"XBTUSD\",\"side\":\"Buy\",\"orderQty\":300,\"price\":null,\"currency\":\"USD\","
            + "\"settlCurrency\":\"XBt\",\"ordType\":\"Market\",\"timeInForce\":\"ImmediateOrCancel\",\"execInst\":\"\","
            + "\"ordStatus\":\"Filled\",\"workingIndicator\":false,\"leavesQty\":0,\"cumQty\":300,\"avgPx\":65000.5,"
            + "\"text\":\"Submitted via API.\",\"transactTime\":\"2024-11-25T10:30:00.000Z\",\"timestamp\":\"2024-11-25T10:30:00.123Z\"}";
    private static final String BITMEX_EXECUTION = "{\"execID\":\"00000000-0000-4000-9000-00000000000%1$d\","
            + "\"orderID\":\"550e8400-e29b-41d4-a716-446655440001\",\"clOrdID\":\"%2$s\",\"symbol\":\"XBTUSD\",\"side\":\"Buy\","
            + "\"lastQty\":100,\"lastPx\":65000.%1$d,\"execType\":\"Trade\",\"ordStatus\":\"Filled\",\"cumQty\":300,"
            + "\"lastLiquidityInd\":\"RemovedLiquidity\",\"execComm\":77,\"settlCurrency\":\"XBt\",\"commission\":0.0005,"
            + "\"transactTime\":\"2024-11-25T10:30:0%1$d.000Z\",\"timestamp\":\"2024-11-25T10:30:0%1$d.000Z\"}";

    private static final String COINBASE_FILL = "{\"entry_id\":\"22222-2222222-2222222%1$d\",\"trade_id\":\"1111-11111-11111%1$d\","
            + "\"order_id\":\"11111-00000-000000\",\"trade_time\":\"2021-05-31T09:59:5%1$d.000Z\",\"trade_type\":\"FILL\","
            + "\"price\":\"65000.%1$d\",\"size\":\"0.01\",\"commission\":\"1.95\",\"product_id\":\"BTC-USD\","
            + "\"sequence_timestamp\":\"2021-05-31T09:59:5%1$d.000Z\",\"liquidity_indicator\":\"TAKER\",\"size_in_quote\":false,"
            + "\"user_id\":\"3333-333333-3333333\",\"side\":\"BUY\"}";

    /** The venue whose adapter is measured. */
    @Param({"binance", "okx", "bybit", "kraken", "binance-futures", "coinbase", "deribit", "bitmex"})
    public String venue;

    private OrderProtocol protocol;
    /** The socket the venue takes orders over (Deribit's), or null where they go over REST. */
    private io.dpp.trading.live.PrivateStream socket;
    private VenueSigner signer;
    private VenueKey key;
    private String symbol;
    /** The answer to the placement; for OKX and Bybit, then the answer to the fills query. */
    private byte[] answer;
    private byte[] fillsAnswer;
    private long n;
    private long filled;
    private long signed;

    @Setup(Level.Trial)
    public void setUp() {
        protocol = OrderProtocol.of(venue);
        io.dpp.trading.live.PrivateStream stream = io.dpp.trading.live.PrivateStream.of(venue);
        socket = stream != null && stream.entersOrders() ? stream : null;
        signer = VenueSigner.of(venue);
        // Kraken issues its secrets in base64 (this is its documentation's example secret); Coinbase's is a
        // CDP key, here an Ed25519 one made for the run (a JWT signed with it on every request).
        key = new VenueKey("vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A", switch (venue) {
            case "kraken" -> "kQH5HW/8p1uGOVjbgWA7FunAmGO8lsSUXNsu3eow76sz84Q18fWxnyRzBHCd3pd5nE9qa99HAZtuZuj6F1huXg==";
            case "coinbase" -> ed25519();
            default -> "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j";
        }, venue.equals("okx") ? "bench passphrase" : null);
        symbol = switch (venue) {
            case "okx" -> "BTC-USDT";
            case "coinbase" -> "BTC-USD";
            case "deribit" -> "BTC-PERPETUAL";
            case "bitmex" -> "XBTUSD";
            case "kraken" -> "XBT/USD";
            default -> "BTCUSDT";
        };
        String id = "benchorder";
        switch (venue) {
            case "binance" -> answer = String.format(BINANCE, id).getBytes(StandardCharsets.UTF_8);
            case "okx" -> {
                answer = String.format(OKX_ACK, id).getBytes(StandardCharsets.UTF_8);
                fillsAnswer = ("{\"code\":\"0\",\"msg\":\"\",\"data\":[" + String.format(OKX_FILL, 58, id, 9, 3) + ","
                        + String.format(OKX_FILL, 57, id, 5, 2) + "," + String.format(OKX_FILL, 56, id, 1, 1) + "]}")
                        .getBytes(StandardCharsets.UTF_8);
            }
            case "bybit" -> {
                answer = String.format(BYBIT_ACK, id).getBytes(StandardCharsets.UTF_8);
                fillsAnswer = ("{\"retCode\":0,\"retMsg\":\"OK\",\"result\":{\"category\":\"linear\",\"nextPageCursor\":\"\",\"list\":["
                        + String.format(BYBIT_FILL, 58, id, 9) + "," + String.format(BYBIT_FILL, 57, id, 5) + ","
                        + String.format(BYBIT_FILL, 56, id, 1) + "]},\"retExtInfo\":{},\"time\":1672211918471}")
                        .getBytes(StandardCharsets.UTF_8);
            }
            case "kraken" -> {
                answer = KRAKEN_ACK.getBytes(StandardCharsets.UTF_8);
                fillsAnswer = ("{\"error\":[],\"result\":{\"trades\":{" + String.format(KRAKEN_FILL, 3) + "," + String.format(KRAKEN_FILL, 2)
                        + "," + String.format(KRAKEN_FILL, 1) + "},\"count\":3}}").getBytes(StandardCharsets.UTF_8);
            }
            case "binance-futures" -> {
                answer = String.format(USDM, id).getBytes(StandardCharsets.UTF_8);
                fillsAnswer = ("[" + String.format(USDM_FILL, 1) + "," + String.format(USDM_FILL, 5) + "," + String.format(USDM_FILL, 9) + "]")
                        .getBytes(StandardCharsets.UTF_8);
            }
            case "coinbase" -> {
                answer = String.format(COINBASE_ACK, id).getBytes(StandardCharsets.UTF_8);
                fillsAnswer = ("{\"fills\":[" + String.format(COINBASE_FILL, 9) + "," + String.format(COINBASE_FILL, 5) + ","
                        + String.format(COINBASE_FILL, 1) + "],\"cursor\":\"\"}").getBytes(StandardCharsets.UTF_8);
            }
            case "deribit" -> answer = ("{\"jsonrpc\":\"2.0\",\"id\":5275,\"result\":{\"trades\":[" + String.format(DERIBIT_TRADE, 1, id) + ","
                    + String.format(DERIBIT_TRADE, 5, id) + "," + String.format(DERIBIT_TRADE, 9, id) + "],\"order\":"
                    + String.format(DERIBIT_ORDER, id) + "},\"usIn\":1590483938454,\"usOut\":1590483938458,\"usDiff\":4}")
                    .getBytes(StandardCharsets.UTF_8);
            case "bitmex" -> {
                answer = String.format(BITMEX_ORDER, id).getBytes(StandardCharsets.UTF_8);
                fillsAnswer = ("[" + String.format(BITMEX_EXECUTION, 1, id) + "," + String.format(BITMEX_EXECUTION, 5, id) + ","
                        + String.format(BITMEX_EXECUTION, 9, id) + "]").getBytes(StandardCharsets.UTF_8);
            }
            default -> throw new IllegalStateException("no answers for " + venue);
        }
        long now = System.currentTimeMillis();
        HttpCall call = signer.sign(protocol.place(order(0)).withHeader("host", HOST), key, now);
        if (signer.check(call, key, now) != null) {
            throw new IllegalStateException("the benchmark's signature does not check: " + signer.check(call, key, now));
        }
    }

    /** The host a request is signed for (the HTTP client sets it; Coinbase's JWT names it). */
    private static final String HOST = "api.example.com";

    /** A Coinbase CDP secret: an Ed25519 key as base64 of its seed and public key. */
    private static String ed25519() {
        return VenueKey.newCoinbaseSecret(null);
    }

    /**
     * What the order path finds ready in production: where the venue's signature is slow to make
     * (Coinbase's JWT), one signed ahead of time by its background signer, which keeps up with the
     * venue's order rate (30 a second) but not with a benchmark's loop; made here, untimed, instead.
     */
    @Setup(Level.Invocation)
    public void signAhead() {
        if (venue.equals("coinbase")) {
            signer.prepare(protocol.place(order(n)).withHeader("host", HOST), key, 1_700_000_000_000L + n);
        }
    }

    private LiveOrder order(long i) {
        return new LiveOrder("bench" + i, symbol, (i & 1) == 0 ? Side.BUY : Side.SELL, OrderType.MARKET, TimeInForce.IOC,
                new BigDecimal(venue.equals("deribit") ? "60" : venue.equals("bitmex") ? "300" : "0.03"), null, null, false, false); // dollars at Deribit and BitMEX
    }

    @Benchmark
    public Object orderPath() throws Exception {
        long i = n++;
        if (socket != null) {
            // Over the socket the connection is authenticated: the request is the placement as JSON-RPC, unsigned.
            String request = socket.request(io.dpp.trading.live.PrivateStream.FIRST_REQUEST_ID + (int) (i & 0xffff), protocol.place(order(i)));
            if (request.contains("\"label\":\"bench" + i + "\"")) {
                signed++;
            }
        } else {
            HttpCall call = signer.sign(protocol.place(order(i)).withHeader("host", HOST), key, 1_700_000_000_000L + i);
            if (call.query().contains("&signature=") || call.header("OK-ACCESS-SIGN") != null || call.header("X-BAPI-SIGN") != null
                || call.header("API-Sign") != null || call.header("Authorization") != null || call.header("api-signature") != null) {
                signed++;
            }
        }
        JsonNode a = BalanceRead.JSON.readTree(answer);
        if (protocol.reject(200, a) != null) {
            throw new IllegalStateException("the answer reads as a refusal");
        }
        VenueOrder o = protocol.order(a);
        List<VenueFill> fills = protocol.placeFills(a);
        if (fillsAnswer != null) {
            JsonNode f = BalanceRead.JSON.readTree(fillsAnswer);
            if (protocol.reject(200, f) != null) {
                throw new IllegalStateException("the fills answer reads as a refusal");
            }
            fills = protocol.fills(f);
        }
        boolean done = venue.startsWith("binance") || venue.equals("deribit") || venue.equals("bitmex") ? o.status() == VenueOrder.Status.FILLED
                : o.status() == VenueOrder.Status.NEW;
        if (done && fills.size() == 3 && fills.get(0).time() <= fills.get(2).time()) {
            filled++;
        }
        return fills;
    }

    @TearDown(Level.Trial)
    public void counters() {
        System.out.printf("%n  %s: orders signed %d, answers read back with their 3 fills %d, of %d%n", venue, signed, filled, n);
        if (filled != n || signed != n) {
            throw new IllegalStateException("the benchmark did not do all of its work");
        }
    }
}
