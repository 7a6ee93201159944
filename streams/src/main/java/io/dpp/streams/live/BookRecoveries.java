package io.dpp.streams.live;

import io.dpp.streams.feed.InstrumentBook;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * When a connection asks for its books again: a stale book is rebuilt at once and then, until it
 * is back in sync, again after a backoff; a venue whose messages carry no sequence number or
 * checksum has its books rebuilt one at a time every {@code rebuildEvery} in sync, the longest in
 * sync first, since nothing else would show a lost message.
 *
 * <p>Only the bookkeeping: the connection sends the requests. Time comes from the caller in
 * nanoseconds of a monotonic ticker, so tests move it instead of waiting. Used on the connection's
 * event loop only.
 */
final class BookRecoveries {

    private final Supplier<Backoff> backoffs;
    /** 0 when the venue's messages show a loss and no periodic rebuild is needed. */
    private final long rebuildEvery;
    // Books have identity equality; linked maps keep the asks in the order the books went stale.
    private final Map<InstrumentBook, Backoff> backoff = new LinkedHashMap<>();
    private final Map<InstrumentBook, Long> retryAt = new LinkedHashMap<>();
    private final Map<InstrumentBook, Long> syncedAt = new LinkedHashMap<>();

    /**
     * @param backoffs a new backoff for each book that goes stale
     * @param rebuildEvery how long a book stays in sync before it is rebuilt; zero for never
     */
    BookRecoveries(Supplier<Backoff> backoffs, Duration rebuildEvery) {
        this.backoffs = backoffs;
        this.rebuildEvery = rebuildEvery.toNanos();
    }

    /**
     * The backoff of one book's asks: from {@code recoveryTimeout} up to five times
     * {@code reconnectMax}, and never below the first wait (a fast-reconnecting configuration, say
     * reconnect-max 2s with recovery-timeout 15s, keeps asking every 15 s).
     */
    static Backoff askBackoff(Duration recoveryTimeout, Duration reconnectMax, java.util.random.RandomGenerator random) {
        Duration longest = reconnectMax.multipliedBy(5);
        return new Backoff(recoveryTimeout, longest.compareTo(recoveryTimeout) < 0 ? recoveryTimeout : longest, random);
    }

    /**
     * {@code book} went stale at {@code now}. Returns true when it was not being rebuilt yet: the
     * caller asks for it now (the next ask is due after the first backoff).
     */
    boolean stale(InstrumentBook book, long now) {
        if (backoff.containsKey(book)) {
            return false;
        }
        backoff.put(book, backoffs.get());
        asked(book, now);
        return true;
    }

    /** {@code book} is in sync again at {@code now}. */
    void synced(InstrumentBook book, long now) {
        backoff.remove(book);
        retryAt.remove(book);
        syncedAt.put(book, now);
    }

    /** The books being rebuilt whose next ask is due at {@code now}; each counts as asked. */
    List<InstrumentBook> due(long now) {
        List<InstrumentBook> due = new ArrayList<>(0);
        for (Map.Entry<InstrumentBook, Long> e : retryAt.entrySet()) {
            if (now >= e.getValue() && !e.getKey().inSync()) {
                due.add(e.getKey());
            }
        }
        for (InstrumentBook b : due) {
            asked(b, now);
        }
        return due;
    }

    /**
     * The book to rebuild on purpose at {@code now}, or null: only when nothing is being rebuilt,
     * only the one in sync the longest, and only once it has been for {@code rebuildEvery}.
     */
    InstrumentBook periodicRebuild(long now) {
        if (rebuildEvery <= 0 || !backoff.isEmpty()) {
            return null;
        }
        InstrumentBook oldest = null;
        long oldestAt = Long.MAX_VALUE;
        for (Map.Entry<InstrumentBook, Long> e : syncedAt.entrySet()) {
            if (e.getKey().inSync() && e.getValue() < oldestAt) {
                oldest = e.getKey();
                oldestAt = e.getValue();
            }
        }
        if (oldest == null || now - oldestAt < rebuildEvery) {
            return null;
        }
        syncedAt.remove(oldest);
        return oldest;
    }

    /** Whether {@code book} is being rebuilt. */
    boolean recovering(InstrumentBook book) {
        return backoff.containsKey(book);
    }

    /** The connection is gone: its reconnect rebuilds every book. */
    void clear() {
        backoff.clear();
        retryAt.clear();
        syncedAt.clear();
    }

    private void asked(InstrumentBook book, long now) {
        retryAt.put(book, now + backoff.get(book).next().toNanos());
    }
}
