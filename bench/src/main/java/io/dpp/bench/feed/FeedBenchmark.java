package io.dpp.bench.feed;

import io.dpp.streams.replay.CaptureReplay;
import io.dpp.core.model.MarketEventListener;
import io.dpp.streams.capture.Capture;
import io.dpp.streams.capture.CaptureKind;
import io.dpp.streams.feed.FeedOutput;
import io.dpp.streams.feed.FeedStats;
import io.dpp.streams.venue.InstrumentCatalog;
import io.dpp.streams.venue.Venue;
import io.dpp.streams.venue.VenueDecoder;
import java.lang.management.ManagementFactory;
import java.util.List;

/**
 * {@code dpp bench feed}: the whole feed pipeline (parse from bytes, normalize, apply to books,
 * checksums and sequence checks on) run over a capture in a loop on one thread, the capture held
 * in memory so that only the pipeline is measured. One decoder is reused across loops, as a live
 * connection is: each loop's snapshots rebuild its books. Allocation is read from the JVM's
 * per-thread allocation counter.
 */
public final class FeedBenchmark {

    /**
     * What the measured loops checked: checksums verified and failed, sequence gaps, crossed
     * books, undecodable messages, books rebuilt; and the books' states at the end. A figure is
     * worth printing only when the pipeline did its whole work: {@link #failed} says when not.
     */
    public record Checks(long checksumsVerified, long checksumFailures, long sequenceGaps, long crossedBooks, long decodeErrors,
                         long resyncs, int booksInSync, int booksStale, double eventsPerLoop) {

        /** True when a check failed in the measured loops or a book ended out of sync. */
        public boolean failed() {
            return checksumFailures > 0 || sequenceGaps > 0 || crossedBooks > 0 || decodeErrors > 0 || booksStale > 0;
        }
    }

    /** Throughput and allocation of one run. */
    public record Result(String venue, long messages, double seconds, long payloadBytes, long allocatedBytes,
                         FeedStats lastLoop, Checks checks) {

        public double messagesPerSecond() {
            return messages / seconds;
        }

        public double megabytesPerSecond() {
            return payloadBytes / seconds / 1e6;
        }

        public double allocatedBytesPerMessage() {
            return (double) allocatedBytes / messages;
        }

        /** The line {@code dpp bench feed} prints. */
        public String json() {
            return String.format(java.util.Locale.ROOT,
                    "{\"venue\":\"%s\",\"messages_per_sec\":%.0f,\"mb_per_sec\":%.1f,\"allocated_bytes_per_message\":%.2f,"
                            + "\"messages\":%d,\"seconds\":%.2f,\"checksums_verified\":%d,\"checksum_failures\":%d,"
                            + "\"sequence_gaps\":%d,\"crossed_books\":%d,\"decode_errors\":%d,\"resyncs\":%d,\"books_in_sync\":%d,"
                            + "\"books_stale\":%d,\"events_per_loop\":%.0f,\"ok\":%b}",
                    venue, messagesPerSecond(), megabytesPerSecond(), allocatedBytesPerMessage(), messages, seconds,
                    checks.checksumsVerified(), checks.checksumFailures(), checks.sequenceGaps(), checks.crossedBooks(),
                    checks.decodeErrors(), checks.resyncs(), checks.booksInSync(), checks.booksStale(), checks.eventsPerLoop(),
                    !checks.failed());
        }
    }

    private FeedBenchmark() {
    }

    /** Warms up for {@code warmupSeconds}, then measures for at least {@code seconds}. */
    public static Result run(Venue venue, InstrumentCatalog instruments, Capture ws, List<Capture> rest,
                             double warmupSeconds, double seconds) {
        FeedStats stats = new FeedStats();
        VenueDecoder decoder = venue.newDecoder(instruments, new FeedOutput(venue.id(), stats, new MarketEventListener() { }));
        Loop loop = new Loop(ws, rest);
        long warmupEnd = System.nanoTime() + (long) (warmupSeconds * 1e9);
        while (System.nanoTime() < warmupEnd) {
            loop.once(decoder);
        }
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().threadId();
        long messages = 0;
        long bytes = 0;
        long allocatedBefore = threads.getThreadAllocatedBytes(thread);
        long[] before = counters(stats);
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        long loops = 0;
        do {
            loop.once(decoder);
            messages += loop.messages;
            bytes += loop.bytes;
            loops++;
        } while (System.nanoTime() < end);
        long elapsed = System.nanoTime() - start;
        long allocated = threads.getThreadAllocatedBytes(thread) - allocatedBefore;
        long[] after = counters(stats);
        int inSync = 0;
        int stale = 0;
        for (io.dpp.streams.feed.InstrumentBook b : decoder.books()) {
            if (b.inSync()) {
                inSync++;
            } else if (b.state() == io.dpp.streams.feed.BookState.STALE) {
                stale++;
            }
        }
        Checks checks = new Checks(after[0] - before[0], after[1] - before[1], after[2] - before[2], after[3] - before[3],
                after[4] - before[4], after[5] - before[5], inSync, stale, (double) (after[6] - before[6]) / loops);
        return new Result(venue.id(), messages, elapsed / 1e9, bytes, allocated, stats, checks);
    }

    /**
     * Runs the capture once through the venue's decoder (the same pipeline as {@link #run}) into
     * {@code out}: the normalized events of a capture, for benchmarks of what comes after the feed.
     */
    public static void normalize(Venue venue, InstrumentCatalog instruments, Capture ws, List<Capture> rest,
                                 MarketEventListener out) {
        VenueDecoder decoder = venue.newDecoder(instruments, new FeedOutput(venue.id(), new FeedStats(), out));
        new Loop(ws, rest).once(decoder);
    }

    private static long[] counters(FeedStats s) {
        return new long[] {s.checksumsVerified(), s.checksumFailures(), s.sequenceGaps(), s.crossedBooks(), s.decodeErrors(),
            s.resyncs(), s.events()};
    }

    /** One pass over the capture, in time order with its REST responses, as {@link CaptureReplay} does. */
    private static final class Loop {
        private final Capture ws;
        private final List<Capture> rest;
        private final int[] next;
        final long messages;
        final long bytes;

        Loop(Capture ws, List<Capture> rest) {
            this.ws = ws;
            this.rest = rest;
            this.next = new int[rest.size()];
            this.messages = ws.receivedCount();
            this.bytes = ws.receivedBytes();
        }

        void once(VenueDecoder decoder) {
            java.util.Arrays.fill(next, 0);
            for (int i = 0; i < ws.size(); i++) {
                // A response at a connection's own time follows it, as CaptureReplay orders them.
                long t = ws.kind(i) == CaptureKind.CONNECT ? ws.time(i) - 1 : ws.time(i);
                for (int f = 0; f < rest.size(); f++) {
                    Capture c = rest.get(f);
                    while (next[f] < c.size() && c.time(next[f]) <= t) {
                        if (c.kind(next[f]) == CaptureKind.REST) {
                            CaptureReplay.deliver(c, next[f], decoder);
                        }
                        next[f]++;
                    }
                }
                CaptureReplay.deliver(ws, i, decoder);
            }
        }
    }
}
