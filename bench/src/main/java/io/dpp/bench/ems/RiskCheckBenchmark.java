package io.dpp.bench.ems;

import io.dpp.core.decimal.Decimal64;
import io.dpp.core.instrument.Instrument;
import io.dpp.core.instrument.InstrumentType;
import io.dpp.core.model.Side;
import io.dpp.ems.Limits;
import io.dpp.ems.RiskProbe;
import io.dpp.trading.order.OrderRequest;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
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
 * The EMS's pre-trade risk checks on the order path, through {@link RiskProbe}: {@code fastPath}
 * (RiskCheck.passes, which an order that passes every check goes through) must show 0 B/op under
 * {@code -prof gc}; {@code exact} (RiskCheck.exact, the decimal checks that decide the rest and word
 * the refusals) is there for scale. The account is a working one: cash, a position, four working
 * orders (each check walks them for self-trade and balance); the orders rotate over limit buys and
 * sells on both sides of the book and market orders, all within the limits, and the trial fails
 * unless the fast path passed every one of them (the counters printed at the end).
 *
 * <p>Run: {@code ./dpp jmh RiskCheckBenchmark -prof gc}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RiskCheckBenchmark {

    private static final Instrument BTC = Instrument.builder("okx", "BTC-USDT").assets("BTC", "USDT").type(InstrumentType.SPOT)
            .tickSize(Decimal64.parseOrThrow("0.1")).lotSize(Decimal64.parseOrThrow("0.00000001")).build();
    private static final Instrument ETH = Instrument.builder("okx", "ETH-USDT").assets("ETH", "USDT").type(InstrumentType.SPOT)
            .tickSize(Decimal64.parseOrThrow("0.01")).lotSize(Decimal64.parseOrThrow("0.0001")).build();
    private static final BigDecimal FEE = new BigDecimal("0.001");

    private static final int CANDIDATES = 8;

    private RiskProbe probe;
    private int next;
    private long checked;
    private long passed;

    @Setup(Level.Trial)
    public void setUp() {
        Limits limits = new Limits(new BigDecimal("10"), new BigDecimal("1000000"), new BigDecimal("25"), 100, 1000,
                new BigDecimal("0.05"));
        probe = new RiskProbe(Map.of("USDT", new BigDecimal("250000")), limits, FEE)
                .position(BTC, new BigDecimal("0.75"), new BigDecimal("64000.5"))
                // Working orders away from the book: two bids on BTC, a bid and an ask on ETH (an ask on
                // BTC would make a market buy a self-trade).
                .working(OrderRequest.limit(BTC, Side.BUY, new BigDecimal("0.05"), new BigDecimal("64500.0")))
                .working(OrderRequest.limit(BTC, Side.BUY, new BigDecimal("0.1"), new BigDecimal("64400.0")))
                .working(OrderRequest.limit(ETH, Side.SELL, new BigDecimal("0.2"), new BigDecimal("3300.5")))
                .working(OrderRequest.limit(ETH, Side.BUY, new BigDecimal("1.5"), new BigDecimal("3100.25")))
                .book(new BigDecimal("65000.1"), new BigDecimal("65000.2"))
                .candidates(List.of(
                        OrderRequest.limit(BTC, Side.BUY, new BigDecimal("0.01"), new BigDecimal("64990.0")),
                        OrderRequest.limit(BTC, Side.SELL, new BigDecimal("0.02"), new BigDecimal("65010.0")),
                        OrderRequest.market(BTC, Side.BUY, new BigDecimal("0.015")),
                        OrderRequest.limit(BTC, Side.BUY, new BigDecimal("0.12345678"), new BigDecimal("65000.2")),
                        OrderRequest.limit(BTC, Side.SELL, new BigDecimal("0.1"), new BigDecimal("65000.1")),
                        OrderRequest.limit(BTC, Side.SELL, new BigDecimal("0.3"), new BigDecimal("65400.0")),
                        OrderRequest.limit(BTC, Side.BUY, new BigDecimal("1"), new BigDecimal("64000.0")),
                        OrderRequest.stopLimit(BTC, Side.BUY, new BigDecimal("0.05"), new BigDecimal("65300.0"),
                                new BigDecimal("65350.0"))));
        for (int i = 0; i < CANDIDATES; i++) {
            String exact = probe.exact(i);
            if (exact != null) {
                throw new IllegalStateException("the benchmark's order " + i + " is refused: " + exact);
            }
        }
    }

    private int nextOrder() {
        return next = (next + 1) & (CANDIDATES - 1);
    }

    /** The allocation-free check an accepted order takes. */
    @Benchmark
    public boolean fastPath() {
        boolean ok = probe.fastPath(nextOrder());
        checked++;
        if (ok) {
            passed++;
        }
        return ok;
    }

    /** The exact checks in decimals, for scale (they run only for orders the fast path leaves). */
    @Benchmark
    public String exact() {
        return probe.exact(nextOrder());
    }

    @TearDown(Level.Trial)
    public void report() {
        if (checked > 0) {
            System.out.printf("%nrisk fast path: %d orders checked, %d passed%n", checked, passed);
            if (passed != checked) {
                throw new IllegalStateException("the fast path left " + (checked - passed) + " of " + checked
                        + " orders to the exact checks: it did not do the work measured");
            }
        }
    }
}
