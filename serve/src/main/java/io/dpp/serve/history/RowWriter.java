package io.dpp.serve.history;

import io.dpp.core.decimal.Decimal64;
import io.dpp.core.decimal.DecimalPrinter;
import io.dpp.core.time.Timestamps;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Writes result rows as a JSON array of objects or as CSV with a header, into a byte buffer that
 * the caller drains in chunks. Decimals are strings in JSON (exact, as stored), times ISO-8601 UTC
 * with microseconds; absent values are JSON null or an empty CSV cell.
 */
abstract class RowWriter {

    protected byte[] buf = new byte[1 << 17];
    protected int len;
    protected int cell;
    protected long rows;

    /** Content type of the output. */
    abstract String contentType();

    /** Starts the output (array bracket or CSV header). */
    abstract void begin(List<String> columns);

    /** Starts a row. */
    abstract void beginRow();

    /** Ends a row. */
    abstract void endRow();

    /** Ends the output. */
    abstract void end();

    /** Starts cell {@code name}: separator and, in JSON, the key. */
    protected abstract void key(String name);

    protected abstract void nullValue();

    protected abstract void quoted(CharSequence text);

    /** A timestamp cell, null when {@link Long#MIN_VALUE} or {@link Timestamps#UNKNOWN}. */
    void time(String name, long micros) {
        key(name);
        if (micros == Long.MIN_VALUE) {
            nullValue();
            return;
        }
        ensure(Timestamps.ISO_LENGTH + 2);
        openQuote();
        len += Timestamps.printIso(micros, buf, len);
        closeQuote();
    }

    /** A decimal cell (a {@link Decimal64}), as a string. */
    void decimal(String name, long d) {
        key(name);
        if (!Decimal64.isNumber(d)) {
            nullValue();
            return;
        }
        ensure(48);
        openQuote();
        len += DecimalPrinter.print(d, buf, len);
        closeQuote();
    }

    /** A wide decimal cell (aggregates), as a plain string without trailing zeros. */
    void decimal(String name, BigDecimal d) {
        key(name);
        if (d == null) {
            nullValue();
            return;
        }
        String s = d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString();
        openQuote();
        ascii(s);
        closeQuote();
    }

    void text(String name, CharSequence value) {
        key(name);
        if (value == null) {
            nullValue();
        } else {
            quoted(value);
        }
    }

    void number(String name, long value) {
        key(name);
        ascii(Long.toString(value));
    }

    /** A binary floating-point cell (indicator values), as a JSON number; null when NaN or infinite. */
    void real(String name, double value) {
        key(name);
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            nullValue();
        } else {
            ascii(Double.toString(value));
        }
    }

    void bool(String name, boolean value) {
        key(name);
        ascii(value ? "true" : "false");
    }

    /** Bytes written and not yet taken. */
    int pending() {
        return len;
    }

    /** Takes the bytes written so far. */
    byte[] take() {
        byte[] out = Arrays.copyOf(buf, len);
        len = 0;
        return out;
    }

    long rows() {
        return rows;
    }

    protected void openQuote() {
    }

    protected void closeQuote() {
    }

    protected void ensure(int n) {
        if (len + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
        }
    }

    protected void put(char c) {
        ensure(1);
        buf[len++] = (byte) c;
    }

    protected void ascii(String s) {
        ensure(s.length());
        for (int i = 0; i < s.length(); i++) {
            buf[len++] = (byte) s.charAt(i);
        }
    }

    protected void utf8(CharSequence s) {
        byte[] b = s.toString().getBytes(StandardCharsets.UTF_8);
        ensure(b.length);
        System.arraycopy(b, 0, buf, len, b.length);
        len += b.length;
    }

    static RowWriter of(String format) {
        return "csv".equals(format) ? new Csv() : new Json();
    }

    /** {@code [{"a":..,"b":..},...]} */
    static final class Json extends RowWriter {

        @Override
        String contentType() {
            return "application/json";
        }

        @Override
        void begin(List<String> columns) {
            put('[');
        }

        @Override
        void beginRow() {
            if (rows > 0) {
                put(',');
            }
            put('{');
            cell = 0;
        }

        @Override
        void endRow() {
            put('}');
            rows++;
        }

        @Override
        void end() {
            put(']');
        }

        @Override
        protected void key(String name) {
            if (cell++ > 0) {
                put(',');
            }
            put('"');
            ascii(name);
            put('"');
            put(':');
        }

        @Override
        protected void nullValue() {
            ascii("null");
        }

        @Override
        protected void openQuote() {
            put('"');
        }

        @Override
        protected void closeQuote() {
            put('"');
        }

        @Override
        protected void quoted(CharSequence text) {
            put('"');
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '"' || c == '\\') {
                    put('\\');
                    put(c);
                } else if (c < 0x20) {
                    ascii(String.format("\\u%04x", (int) c));
                } else if (c < 0x80) {
                    put(c);
                } else {
                    utf8(String.valueOf(c));
                }
            }
            put('"');
        }
    }

    /** A header line, then one line per row; cells quoted only when they must be. */
    static final class Csv extends RowWriter {

        @Override
        String contentType() {
            return "text/csv; charset=utf-8";
        }

        @Override
        void begin(List<String> columns) {
            ascii(String.join(",", columns));
            put('\n');
        }

        @Override
        void beginRow() {
            cell = 0;
        }

        @Override
        void endRow() {
            put('\n');
            rows++;
        }

        @Override
        void end() {
        }

        @Override
        protected void key(String name) {
            if (cell++ > 0) {
                put(',');
            }
        }

        @Override
        protected void nullValue() {
        }

        @Override
        protected void quoted(CharSequence text) {
            boolean quote = false;
            for (int i = 0; i < text.length() && !quote; i++) {
                char c = text.charAt(i);
                quote = c == ',' || c == '"' || c == '\n' || c == '\r';
            }
            if (!quote) {
                utf8(text);
                return;
            }
            put('"');
            utf8(text.toString().replace("\"", "\"\""));
            put('"');
        }
    }
}
