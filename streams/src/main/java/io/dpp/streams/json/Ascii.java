package io.dpp.streams.json;

import java.nio.charset.StandardCharsets;

/** Byte constants for field names and values that parsers compare against. */
public final class Ascii {

    private Ascii() {
    }

    /** The ASCII bytes of {@code text}. */
    public static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * The first 8 bytes of {@code text} (fewer, zero-padded) as one little-endian word, for
     * {@link JsonReader#nameIs(byte[], long)}: a name of at most 8 bytes compared in one load.
     */
    public static long word(byte[] text) {
        long w = 0;
        for (int i = Math.min(8, text.length) - 1; i >= 0; i--) {
            w = w << 8 | (text[i] & 0xFF);
        }
        return w;
    }

    /** True when {@code length} bytes of {@code buf} from {@code start} equal {@code text}. */
    public static boolean equals(byte[] buf, int start, int length, byte[] text) {
        if (length != text.length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (buf[start + i] != text[i]) {
                return false;
            }
        }
        return true;
    }

    /** True when {@code length} bytes of {@code buf} from {@code start} begin with {@code prefix}. */
    public static boolean startsWith(byte[] buf, int start, int length, String prefix) {
        if (length < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (buf[start + i] != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** A string of the bytes, for cold paths (logs, errors). */
    public static String string(byte[] buf, int start, int length) {
        return new String(buf, start, length, StandardCharsets.ISO_8859_1);
    }
}
