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
                n++;
            } else if (end > start && !startsWith(bytes, start, end, "configuration: ")) {
                malformed.add("line " + lineNo + ": " + new String(bytes, start, Math.min(end - start, 120),
                        java.nio.charset.StandardCharsets.ISO_8859_1));
            }
            start = eol + 1;
        }
        return new Capture(name, bytes, kinds, times, offsets, lengths, urls, n, malformed);
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
