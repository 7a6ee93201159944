package io.dpp.bench.streams;

import io.dpp.core.decimal.Decimal64;
import io.dpp.book.SortedBook;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The book engine alone on a 1000-level book: changes drawn like a live feed's (most near the top
 * of the book, sizes set, levels removed and re-added), and reading the best bid and ask. Every
 * operation must show 0 B/op under {@code -prof gc}.
 *
 * <p>Run: {@code ./dpp jmh OrderBookBenchmark -prof gc}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class OrderBookBenchmark {

    private static final int LEVELS = 1000;
    private static final int OPS = 1 << 16;

    @Param({"near-top", "anywhere"})
    public String where;

    private final SortedBook book = new SortedBook();
    private final boolean[] sides = new boolean[OPS];
    private final long[] prices = new long[OPS];
    private final long[] sizes = new long[OPS];
    private int next;

    @Setup
    public void setUp() {
        // Bids 40000.00 down, asks 40000.50 up, one cent apart, scale 2 as Kraken or Coinbase send.
        for (int i = 0; i < LEVELS; i++) {
            book.set(true, Decimal64.of(4_000_000 - i, 2), Decimal64.of(100_000_000L + i, 8));
            book.set(false, Decimal64.of(4_000_050 + i, 2), Decimal64.of(100_000_000L + i, 8));
        }
        SplittableRandom random = new SplittableRandom(11);
        boolean nearTop = where.equals("near-top");
        for (int i = 0; i < OPS; i++) {
            boolean bid = random.nextBoolean();
            int depth = nearTop ? (int) Math.min(LEVELS - 1, Math.abs(random.nextGaussian() * 10)) : random.nextInt(LEVELS);
            sides[i] = bid;
            prices[i] = bid ? Decimal64.of(4_000_000 - depth, 2) : Decimal64.of(4_000_050 + depth, 2);
            // One change in four removes the level; the next change there puts it back.
            sizes[i] = random.nextInt(4) == 0 ? Decimal64.ZERO : Decimal64.of(random.nextLong(1, 10_000_000_000L), 8);
        }
    }

    /** One level set or removed. */
    @Benchmark
    public boolean set() {
        int i = next;
        next = (i + 1) & (OPS - 1);
        return book.set(sides[i], prices[i], sizes[i]);
    }

    /** Best bid and ask, as every quote derivation does. */
    @Benchmark
    public long topOfBook() {
        return book.bestBid() ^ book.bestAsk();
    }
}
