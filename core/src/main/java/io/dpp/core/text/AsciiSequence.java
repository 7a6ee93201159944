package io.dpp.core.text;

import java.util.Arrays;

/**
 * A reusable, growable ASCII string for identifiers that arrive on the hot path (trade ids,
 * liquidation ids, status reasons). Setting it copies bytes into an owned buffer that grows only
 * when a longer value arrives, so a warmed-up event never allocates.
 *
 * <p>Equality is by content, and {@link #contentEquals(CharSequence)} compares with any text.
 */
public final class AsciiSequence implements CharSequence {

    private byte[] bytes;
    private int length;

    /** An empty sequence with room for {@code capacity} bytes. */
    public AsciiSequence(int capacity) {
        this.bytes = new byte[Math.max(capacity, 1)];
    }

    /** An empty sequence with room for 32 bytes. */
    public AsciiSequence() {
        this(32);
    }

    /** Copies {@code len} bytes of {@code src} from {@code offset}. */
    public AsciiSequence set(byte[] src, int offset, int len) {
        ensureCapacity(len);
        System.arraycopy(src, offset, bytes, 0, len);
        length = len;
        return this;
    }

    /**
     * Copies the text.
     *
     * @throws IllegalArgumentException if it holds a character outside ASCII
     */
    public AsciiSequence set(CharSequence text) {
        int len = text.length();
        ensureCapacity(len);
        for (int i = 0; i < len; i++) {
            char c = text.charAt(i);
            if (c > 0x7f) {
                throw new IllegalArgumentException("non-ASCII character at " + i + " in \"" + text + "\"");
            }
            bytes[i] = (byte) c;
        }
        length = len;
        return this;
    }

    /** Sets the decimal text of {@code value}. */
    public AsciiSequence set(long value) {
        if (value == Long.MIN_VALUE) {
            return set("-9223372036854775808");
        }
        ensureCapacity(20);
        long v = Math.abs(value);
        int digits = 1;
        for (long t = v; t >= 10; t /= 10) {
            digits++;
        }
        int len = digits + (value < 0 ? 1 : 0);
        int pos = len - 1;
        do {
            bytes[pos--] = (byte) ('0' + v % 10);
            v /= 10;
        } while (v != 0);
        if (value < 0) {
            bytes[0] = '-';
        }
        length = len;
        return this;
    }

    /** Copies another sequence. */
    public AsciiSequence set(AsciiSequence other) {
        return set(other.bytes, 0, other.length);
    }

    /** Empties the sequence, keeping its buffer. */
    public AsciiSequence clear() {
        length = 0;
        return this;
    }

    /** True when it holds no characters. */
    public boolean isEmpty() {
        return length == 0;
    }

    /** Copies the bytes into {@code dst} from {@code offset}; returns how many. */
    public int copyTo(byte[] dst, int offset) {
        System.arraycopy(bytes, 0, dst, offset, length);
        return length;
    }

    /** The byte at {@code index}. */
    public byte byteAt(int index) {
        checkIndex(index);
        return bytes[index];
    }

    @Override
    public int length() {
        return length;
    }

    @Override
    public char charAt(int index) {
        checkIndex(index);
        return (char) bytes[index];
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return toString().substring(start, end);
    }

    /** True when {@code other} holds the same characters. */
    public boolean contentEquals(CharSequence other) {
        if (other.length() != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (other.charAt(i) != (char) bytes[i]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AsciiSequence other
                && Arrays.equals(bytes, 0, length, other.bytes, 0, other.length);
    }

    @Override
    public int hashCode() {
        int h = 1;
        for (int i = 0; i < length; i++) {
            h = 31 * h + bytes[i];
        }
        return h;
    }

    @Override
    public String toString() {
        return new String(bytes, 0, length, java.nio.charset.StandardCharsets.US_ASCII);
    }

    private void ensureCapacity(int len) {
        if (len > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(len, bytes.length * 2));
        }
    }

    private void checkIndex(int index) {
        if (index < 0 || index >= length) {
            throw new IndexOutOfBoundsException("index " + index + ", length " + length);
        }
    }
}
