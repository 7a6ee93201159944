package io.dpp.streams.capture;

import io.dpp.streams.json.TimeText;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads captures in the fixture line format: {@code URL <-> t}, {@code URL <- t: JSON},
 * {@code t: JSON} and {@code URL -> t: JSON}, where t is epoch seconds with a fraction. Other
 * lines ({@code configuration: ...}, blank lines) are skipped; lines of no known shape are listed
 * in {@link Capture#malformedLines()} rather than failing the whole file.
 *
 * <p>A received binary frame is written as a Python bytes literal ({@code t: b'{"ty":...}'}, with
 * {@code \xNN}, {@code \n}, {@code \t}, {@code \r}, {@code \\} and quote escapes): it is read as
 * the bytes it stands for, and when those are gzip (Huobi's frames) as the message they inflate to,
 * which is what a feed hands its decoder.
 */
public final class CaptureReader {

    private static final byte[] CONNECT = {' ', '<', '-', '>', ' '};
    private static final byte[] SENT = {' ', '<', '-', ' '};
    private static final byte[] REST = {' ', '-', '>', ' '};

    private CaptureReader() {
    }

    /** Reads a capture file. */
    public static Capture read(Path file) throws IOException {
        return parse(file.toString(), Files.readAllBytes(file));
    }

    /** Parses capture text already in memory. */
    public static Capture parse(String name, byte[] bytes) {
        int capacity = 1024;
        CaptureKind[] kinds = new CaptureKind[capacity];
        long[] times = new long[capacity];
        int[] offsets = new int[capacity];
        int[] lengths = new int[capacity];
        String[] urls = new String[capacity];
        List<String> malformed = new ArrayList<>();
        java.io.ByteArrayOutputStream inflated = null;
        List<int[]> inflatedAt = new ArrayList<>(); // {entry, offset in inflated, length}
        int n = 0;
        int lineNo = 0;
        int start = 0;
        while (start < bytes.length) {
            int eol = start;
            while (eol < bytes.length && bytes[eol] != '\n') {
                eol++;
            }
            int end = eol > start && bytes[eol - 1] == '\r' ? eol - 1 : eol;
            lineNo++;
            if (n == capacity) {
                capacity *= 2;
                kinds = Arrays.copyOf(kinds, capacity);
                times = Arrays.copyOf(times, capacity);
                offsets = Arrays.copyOf(offsets, capacity);
                lengths = Arrays.copyOf(lengths, capacity);
                urls = Arrays.copyOf(urls, capacity);
            }
            if (end > start && parseLine(bytes, start, end, n, kinds, times, offsets, lengths, urls)) {
                if (kinds[n] == CaptureKind.RECEIVED && isBytesLiteral(bytes, offsets[n], lengths[n])) {
                    int length = unescapeBytesLiteral(bytes, offsets[n], lengths[n]);
                    if (length < 0) {
                        malformed.add("line " + lineNo + ": a bytes literal that does not end with its quote or has a bad escape");
                        start = eol + 1;
                        continue;
                    }
                    lengths[n] = length;
                    if (isGzip(bytes, offsets[n], length)) {
                        byte[] message = gunzip(bytes, offsets[n], length);
                        if (message == null) {
                            malformed.add("line " + lineNo + ": a gzip frame that does not inflate");
                            start = eol + 1;
                            continue;
                        }
                        if (inflated == null) {
                            inflated = new java.io.ByteArrayOutputStream();
                        }
                        inflatedAt.add(new int[] {n, inflated.size(), message.length});
                        inflated.writeBytes(message);
                    }
                }
                n++;
            } else if (end > start && !startsWith(bytes, start, end, "configuration: ")) {
                malformed.add("line " + lineNo + ": " + new String(bytes, start, Math.min(end - start, 120),
                        java.nio.charset.StandardCharsets.ISO_8859_1));
            }
            start = eol + 1;
        }
        if (inflated != null) {
            // Inflated messages follow the file's bytes in one buffer.
            byte[] all = Arrays.copyOf(bytes, bytes.length + inflated.size());
            byte[] extra = inflated.toByteArray();
            System.arraycopy(extra, 0, all, bytes.length, extra.length);
            for (int[] e : inflatedAt) {
                offsets[e[0]] = bytes.length + e[1];
                lengths[e[0]] = e[2];
            }
            bytes = all;
        }
        return new Capture(name, bytes, kinds, times, offsets, lengths, urls, n, malformed);
    }

    private static boolean isBytesLiteral(byte[] b, int offset, int length) {
        return length >= 3 && b[offset] == 'b' && (b[offset + 1] == '\'' || b[offset + 1] == '"');
    }

    /**
     * Decodes the bytes literal at {@code offset} in place (its bytes are never more than its text)
     * and returns their count, or -1 when it is not a well-formed literal.
     */
    static int unescapeBytesLiteral(byte[] b, int offset, int length) {
        byte quote = b[offset + 1];
        int end = offset + length - 1;
        if (b[end] != quote) {
            return -1;
        }
        int out = offset;
        for (int i = offset + 2; i < end; i++) {
            byte c = b[i];
            if (c != '\\') {
                b[out++] = c;
                continue;
            }
            if (++i >= end) {
                return -1;
            }
            switch (b[i]) {
                case 'x' -> {
                    if (i + 2 >= end) {
                        return -1; // two hex digits must come before the closing quote
                    }
                    int hi = Character.digit(b[i + 1], 16);
                    int lo = Character.digit(b[i + 2], 16);
                    if (hi < 0 || lo < 0) {
                        return -1;
                    }
                    b[out++] = (byte) (hi << 4 | lo);
                    i += 2;
                }
                case 'n' -> b[out++] = '\n';
                case 'r' -> b[out++] = '\r';
                case 't' -> b[out++] = '\t';
                case '\\', '\'', '"' -> b[out++] = b[i];
                default -> {
                    return -1;
                }
            }
        }
        return out - offset;
    }

    private static boolean isGzip(byte[] b, int offset, int length) {
        return length >= 18 && (b[offset] & 0xff) == 0x1f && (b[offset + 1] & 0xff) == 0x8b;
    }

    /** The message a gzip frame inflates to, or null when it does not. */
    private static byte[] gunzip(byte[] b, int offset, int length) {
        try (java.util.zip.GZIPInputStream in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(b, offset, length))) {
            return in.readAllBytes();
        } catch (IOException e) {
            return null;
        }
    }

    private static boolean parseLine(byte[] b, int start, int end, int n, CaptureKind[] kinds, long[] times,
                                     int[] offsets, int[] lengths, String[] urls) {
        byte first = b[start];
        if (first >= '0' && first <= '9') {
            int colon = indexOf(b, start, end, (byte) ':');
            long t = colon < 0 ? -1 : TimeText.epochSeconds(b, start, colon - start);
            if (t < 0 || colon + 2 > end || b[colon + 1] != ' ') {
                return false;
            }
            kinds[n] = CaptureKind.RECEIVED;
            times[n] = t;
            offsets[n] = colon + 2;
            lengths[n] = end - colon - 2;
            return true;
        }
        int at;
        if ((at = find(b, start, end, CONNECT)) >= 0) {
            long t = TimeText.epochSeconds(b, at + CONNECT.length, end - at - CONNECT.length);
            if (t < 0) {
                return false;
            }
            kinds[n] = CaptureKind.CONNECT;
            times[n] = t;
            offsets[n] = end;
            lengths[n] = 0;
            urls[n] = new String(b, start, at - start, java.nio.charset.StandardCharsets.ISO_8859_1);
            return true;
        }
        CaptureKind kind;
        int sep;
        if ((at = find(b, start, end, SENT)) >= 0) {
            kind = CaptureKind.SENT;
            sep = SENT.length;
        } else if ((at = find(b, start, end, REST)) >= 0) {
            kind = CaptureKind.REST;
            sep = REST.length;
        } else {
            return false;
        }
        int timeStart = at + sep;
        int colon = indexOf(b, timeStart, end, (byte) ':');
        long t = colon < 0 ? -1 : TimeText.epochSeconds(b, timeStart, colon - timeStart);
        if (t < 0 || colon + 2 > end) {
            return false;
        }
        kinds[n] = kind;
        times[n] = t;
        offsets[n] = colon + 2;
        lengths[n] = end - colon - 2;
        urls[n] = new String(b, start, at - start, java.nio.charset.StandardCharsets.ISO_8859_1);
        return true;
    }

    private static int indexOf(byte[] b, int start, int end, byte c) {
        for (int i = start; i < end; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }

    private static int find(byte[] b, int start, int end, byte[] pattern) {
        // The separator follows the URL, which has no spaces; stop at the first space.
        for (int i = start; i + pattern.length <= end; i++) {
            if (b[i] == ' ') {
                for (int j = 0; j < pattern.length; j++) {
                    if (b[i + j] != pattern[j]) {
                        return -1;
                    }
                }
                return i;
            }
        }
        return -1;
    }

    private static boolean startsWith(byte[] b, int start, int end, String prefix) {
        if (end - start < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (b[start + i] != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
