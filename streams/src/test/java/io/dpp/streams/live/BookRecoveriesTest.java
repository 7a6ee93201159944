package io.dpp.streams.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dpp.core.instrument.Instrument;
import io.dpp.core.model.MarketEventListener;
import io.dpp.streams.feed.FeedOutput;
import io.dpp.streams.feed.FeedStats;
import io.dpp.streams.feed.InstrumentBook;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** When books are asked for again, on a clock the test moves. */
class BookRecoveriesTest {

    private static final long S = 1_000_000_000L;
    private final FeedOutput output = new FeedOutput("test", new FeedStats(), new MarketEventListener() { });
    private final InstrumentBook btc = book("BTCUSD");
    private final InstrumentBook eth = book("ETHUSD");

    private static InstrumentBook book(String symbol) {
        return new InstrumentBook(Instrument.builder("test", symbol).assets(symbol.substring(0, 3), "USD").build());
    }

    /** Brings {@code b} in sync the way a decoder does: an (empty) snapshot through the feed output. */
    private void snapshot(InstrumentBook b) {
        output.snapshot(b, output.bookChange().begin(true, 1));
        assertTrue(b.inSync());
    }

    /** Backoffs of 1 s doubling to 8 s; a fixed seed keeps the jitter repeatable. */
    private static BookRecoveries recoveries(Duration rebuildEvery) {
        SplittableRandom random = new SplittableRandom(7);
        return new BookRecoveries(() -> new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(8), random), rebuildEvery);
    }

    @Test
    void aStaleBookIsAskedForAtOnceThenAgainAfterABackoffUntilItIsBack() {
        BookRecoveries r = recoveries(Duration.ZERO);
        assertTrue(r.stale(btc, 0), "asked at once");
        assertFalse(r.stale(btc, S / 10), "a second stale report asks nothing more");
        assertTrue(r.recovering(btc));
        assertEquals(List.of(), r.due(S / 2 - 1), "the first backoff is at least half its 1 s ceiling");
        List<Long> asks = new java.util.ArrayList<>();
        for (long t = 0; t <= 60 * S; t += S / 100) {
            if (!r.due(t).isEmpty()) {
                asks.add(t);
            }
        }
        assertTrue(asks.size() >= 7 && asks.size() <= 16, "asks in a minute with backoffs up to 8 s: " + asks);
        for (int i = 1; i < asks.size(); i++) {
            assertTrue(asks.get(i) - asks.get(i - 1) <= 8 * S + S / 100, "never more than the longest backoff apart: " + asks);
        }
        snapshot(btc);
        r.synced(btc, 61 * S);
        assertFalse(r.recovering(btc));
        assertEquals(List.of(), r.due(600 * S), "back in sync: asked no more");
    }

    @Test
    void onlyBooksNotInSyncAreDueAndInTheOrderTheyWentStale() {
        BookRecoveries r = recoveries(Duration.ZERO);
        r.stale(eth, 0);
        r.stale(btc, S / 100);
        assertEquals(List.of(eth, btc), r.due(10 * S));
        snapshot(eth); // synced, but not reported yet: still not asked again
        assertEquals(List.of(btc), r.due(100 * S));
    }

    @Test
    void booksWithoutLossDetectionAreRebuiltOneAtATimeTheLongestInSyncFirst() {
        BookRecoveries r = recoveries(Duration.ofMinutes(10));
        snapshot(btc);
        r.synced(btc, 0);
        snapshot(eth);
        r.synced(eth, 60 * S);
        assertNull(r.periodicRebuild(600 * S - 1));
        assertSame(btc, r.periodicRebuild(600 * S));
        // The connection marks it stale, which starts its rebuild; nothing else is rebuilt meanwhile.
        assertTrue(r.stale(btc, 600 * S));
        assertNull(r.periodicRebuild(3600 * S), "one at a time");
        r.synced(btc, 3601 * S);
        assertSame(eth, r.periodicRebuild(3601 * S));
    }

    @Test
    void venuesThatShowLossAreNeverRebuiltOnPurposeAndALostConnectionForgetsAll() {
        BookRecoveries r = recoveries(Duration.ZERO);
        snapshot(btc);
        r.synced(btc, 0);
        assertNull(r.periodicRebuild(Long.MAX_VALUE / 2));
        r.stale(eth, 0);
        r.clear();
        assertFalse(r.recovering(eth));
        assertEquals(List.of(), r.due(Long.MAX_VALUE / 2));
    }

    /** A reconnect-max far below the recovery timeout (a storm test's 2 s against 15 s) is a valid setting. */
    @Test
    void askBackoffNeverWaitsLessThanTheRecoveryTimeoutNorFailsOnAShortReconnectMax() {
        SplittableRandom random = new SplittableRandom(7);
        Backoff short15 = BookRecoveries.askBackoff(Duration.ofSeconds(15), Duration.ofSeconds(2), random);
        for (int i = 0; i < 10; i++) {
            Duration d = short15.next();
            assertTrue(d.compareTo(Duration.ofMillis(7_500)) >= 0 && d.compareTo(Duration.ofSeconds(15)) <= 0, d.toString());
        }
        Backoff growing = BookRecoveries.askBackoff(Duration.ofSeconds(15), Duration.ofSeconds(60), random);
        Duration last = Duration.ZERO;
        for (int i = 0; i < 10; i++) {
            last = growing.next();
        }
        assertTrue(last.compareTo(Duration.ofSeconds(150)) >= 0 && last.compareTo(Duration.ofSeconds(300)) <= 0, last.toString());
    }
}
