package io.dpp.bench.decimal;

import io.dpp.core.decimal.Decimal64;
import io.dpp.core.decimal.DecimalParser;
import io.dpp.core.decimal.DecimalPrinter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost of turning a venue's price or size text into a {@link Decimal64} and back, on the shapes
 * venues send (Kraken "56218.30000", Binance "6195.00000000", OKX "0.0123", Bitfinex exponent
 * forms). {@code parse} and {@code print} must show 0 B/op under {@code -prof gc}; {@code bigDecimal}
 * is the allocating alternative, for scale.
 *
 * <p>Run: {@code ./dpp jmh DecimalParserBenchmark -prof gc}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class DecimalParserBenchmark {

    private static final String[] SAMPLES = {
        "56218.30000", "0.15000000", "6195.00000000", "0.35130000", "1618678133.710264", "0.0123",
        "8476.98", "415", "0.00000001", "-0.5", "39880.5", "1.2e-7", "0.000010", "123456.789012",
        "31.82", "0",
    };

    private byte[][] texts;
    private long[] values;
    private String[] strings;
    private byte[] out;
    private int next;

    @Setup
    public void setUp() {
        texts = new byte[SAMPLES.length][];
        values = new long[SAMPLES.length];
        strings = SAMPLES.clone();
        for (int i = 0; i < SAMPLES.length; i++) {
            texts[i] = SAMPLES[i].getBytes(StandardCharsets.US_ASCII);
            values[i] = Decimal64.parseOrThrow(SAMPLES[i]);
        }
        out = new byte[DecimalPrinter.MAX_LENGTH];
    }

    private int nextIndex() {
        return next = (next + 1) & (SAMPLES.length - 1);
    }

    /** Parses one price or size from ASCII bytes, as a feed handler does for every level. */
    @Benchmark
    public long parse() {
        byte[] text = texts[nextIndex()];
        return DecimalParser.parse(text, 0, text.length);
    }

    /** Prints one value back to ASCII, as a checksum or a JSON writer does. */
    @Benchmark
    public int print() {
        return DecimalPrinter.print(values[nextIndex()], out, 0);
    }

    /** The allocating baseline: java.math.BigDecimal from a String. */
    @Benchmark
    public BigDecimal bigDecimal() {
        return new BigDecimal(strings[nextIndex()]);
    }
}
