package io.dpp.streams.capture;

import java.util.ArrayList;
import java.util.List;

/**
 * A capture held in memory: the file's bytes and, per line, its kind, receive time (epoch
 * microseconds) and where its payload lies. Replaying reads payloads in place, so a loop over a
 * capture allocates nothing.
 */
public final class Capture {

    private final String name;
    private final byte[] bytes;
    private final CaptureKind[] kinds;
    private final long[] times;
    private final int[] offsets;
    private final int[] lengths;
    private final String[] urls;
    private final int size;
    private final List<String> malformed;

    Capture(String name, byte[] bytes, CaptureKind[] kinds, long[] times, int[] offsets, int[] lengths,
            String[] urls, int size, List<String> malformed) {
        this.name = name;
        this.bytes = bytes;
        this.kinds = kinds;
        this.times = times;
        this.offsets = offsets;
        this.lengths = lengths;
        this.urls = urls;
        this.size = size;
        this.malformed = List.copyOf(malformed);
    }

    /** A REST response held in memory: its URL, receive time (epoch micros) and body. */
    public record RestResponse(String url, long time, byte[] body) {
    }

    /** A capture of REST responses fetched live (an instrument listing), in the order given. */
    public static Capture ofRest(String name, List<RestResponse> responses) {
        int total = 0;
        for (RestResponse r : responses) {
            total += r.body().length;
        }
        byte[] bytes = new byte[total];
        int n = responses.size();
        CaptureKind[] kinds = new CaptureKind[n];
        long[] times = new long[n];
        int[] offsets = new int[n];
        int[] lengths = new int[n];
        String[] urls = new String[n];
        int at = 0;
        for (int i = 0; i < n; i++) {
            RestResponse r = responses.get(i);
            System.arraycopy(r.body(), 0, bytes, at, r.body().length);
            kinds[i] = CaptureKind.REST;
            times[i] = r.time();
            offsets[i] = at;
            lengths[i] = r.body().length;
            urls[i] = r.url();
            at += r.body().length;
        }
        return new Capture(name, bytes, kinds, times, offsets, lengths, urls, n, List.of());
    }

    /** Where it was read from. */
    public String name() {
        return name;
    }

    /** Number of entries. */
    public int size() {
        return size;
    }

    /** The bytes every payload points into. */
    public byte[] bytes() {
        return bytes;
    }

    public CaptureKind kind(int i) {
        return kinds[i];
    }

    /** Local time of entry {@code i}, epoch microseconds (the capture's t). */
    public long time(int i) {
        return times[i];
    }

    /** Offset of entry {@code i}'s JSON payload in {@link #bytes()} (0 length for CONNECT). */
    public int offset(int i) {
        return offsets[i];
    }

    public int length(int i) {
        return lengths[i];
    }

    /** The URL the capture's first connection went to, or null when it holds no connection. */
    public String connectUrl() {
        for (int i = 0; i < size; i++) {
            if (kinds[i] == CaptureKind.CONNECT) {
                return urls[i];
            }
        }
        return null;
    }

    /** The URL of a CONNECT, SENT or REST entry; null for RECEIVED. */
    public String url(int i) {
        return urls[i];
    }

    /** Lines that matched no known shape, with their line numbers. */
    public List<String> malformedLines() {
        return malformed;
    }

    /** Total payload bytes of RECEIVED entries. */
    public long receivedBytes() {
        long total = 0;
        for (int i = 0; i < size; i++) {
            if (kinds[i] == CaptureKind.RECEIVED) {
                total += lengths[i];
            }
        }
        return total;
    }

    /** Number of RECEIVED entries. */
    public int receivedCount() {
        int n = 0;
        for (int i = 0; i < size; i++) {
            if (kinds[i] == CaptureKind.RECEIVED) {
                n++;
            }
        }
        return n;
    }

    /** Indexes of the REST entries whose URL contains {@code fragment} (cold path). */
    public List<Integer> restEntries(String fragment) {
        List<Integer> found = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            if (kinds[i] == CaptureKind.REST && urls[i].contains(fragment)) {
                found.add(i);
            }
        }
        return found;
    }
}
