package io.dpp.book;

import static org.assertj.core.api.Assertions.assertThat;

import io.dpp.core.decimal.Decimal64;
import io.dpp.core.model.BookChange;
import io.dpp.core.model.BookSide;
import java.util.Comparator;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The book in tick ladders answers exactly as a sorted map of the same levels would, through
 * snapshots, changes anywhere in depth, walks down the book, growth, levels too far away on a
 * side's worse end (kept beside the ladder) and the fall back to sorted arrays (a price off the
 * tick grid, a price too far away on the better end); so does the book without a tick size.
 */
class LadderBookTest {

    private static final long TICK = Decimal64.parse("0.5");

    /** The reference: price key to size, bids best first (descending), asks best first (ascending). */
    private final TreeMap<Long, Long> bids = new TreeMap<>(Comparator.reverseOrder());
    private final TreeMap<Long, Long> asks = new TreeMap<>();

    private static long price(long halfTicks) {
        return Decimal64.of(halfTicks * 5, 1); // halfTicks x 0.5
    }

    private void check(LadderBook book) {
        for (boolean bid : new boolean[] {true, false}) {
            TreeMap<Long, Long> ref = bid ? bids : asks;
            assertThat(book.depth(bid)).isEqualTo(ref.size());
            assertThat(book.bestKey(bid)).isEqualTo(ref.isEmpty() ? LadderBook.NONE : ref.firstKey());
            int d = 0;
            for (Map.Entry<Long, Long> e : ref.entrySet()) {
                // priced and sized depth by depth, as the venue walks the book
                assertThat(book.keyAt(bid, d)).as("depth %d", d).isEqualTo(e.getKey());
                assertThat(Decimal64.equalValue(book.size(bid, d), e.getValue())).isTrue();
                assertThat(Decimal64.equalValue(book.sizeAtKey(bid, e.getKey()), e.getValue())).isTrue();
                d++;
                if (d > 12) {
                    break;
                }
            }
            assertThat(book.keyAt(bid, ref.size())).isEqualTo(LadderBook.NONE);
            if (!ref.isEmpty()) {
                // the worst level, where levels beside the ladder are
                assertThat(book.keyAt(bid, ref.size() - 1)).isEqualTo(ref.lastKey());
                assertThat(Decimal64.equalValue(book.size(bid, ref.size() - 1), ref.lastEntry().getValue())).isTrue();
                assertThat(Decimal64.equalValue(book.sizeAtKey(bid, ref.lastKey()), ref.lastEntry().getValue())).isTrue();
            }
            if (ref.size() > 3) {
                // out of order: deep first, then the best again
                assertThat(book.keyAt(bid, 3)).isEqualTo(ref.keySet().stream().skip(3).findFirst().orElseThrow());
                assertThat(book.keyAt(bid, 0)).isEqualTo(ref.firstKey());
            }
        }
    }

    private void set(LadderBook book, boolean bid, long decimalPrice, long size) {
        book.apply(new BookChange().begin(false, BookChange.NO_SEQUENCE).addLevel(bid ? BookSide.BID : BookSide.ASK, decimalPrice, size));
        long key = book.key(decimalPrice);
        TreeMap<Long, Long> ref = bid ? bids : asks;
        if (Decimal64.signum(size) == 0) {
            ref.remove(key);
        } else {
            ref.put(key, size);
        }
    }

    /** What a run adds to the random changes around the top. */
    private enum Far {
        /** Nothing far from the top. */
        NONE,
        /** At step 5000, a level millions of ticks away on each side's worse end. */
        WORSE,
        /** The snapshot lists such levels first, as BitMEX's full book does (asks worst first). */
        SNAPSHOT,
        /** As WORSE, then at step 10 000 a bid millions of ticks above the book (its better end). */
        BETTER
    }

    private void run(LadderBook book, long seed, Far far, boolean offGrid) {
        Random random = new Random(seed);
        BookChange snapshot = new BookChange().begin(true, BookChange.NO_SEQUENCE);
        if (far == Far.SNAPSHOT) {
            snapshot.addLevel(BookSide.ASK, price(10_000_000), Decimal64.of(7, 0));
            snapshot.addLevel(BookSide.ASK, price(3_000_000), Decimal64.of(3, 0));
            for (int i = 400; i >= 1; i--) {
                snapshot.addLevel(BookSide.ASK, price(120_000 + i), Decimal64.of(random.nextInt(1000) + 1, 3));
            }
            for (int i = 1; i <= 400; i++) {
                snapshot.addLevel(BookSide.BID, price(120_000 - i), Decimal64.of(random.nextInt(1000) + 1, 3));
            }
            snapshot.addLevel(BookSide.BID, price(2), Decimal64.of(9, 0));
        } else {
            for (int i = 1; i <= 400; i++) {
                snapshot.addLevel(BookSide.BID, price(120_000 - i), Decimal64.of(random.nextInt(1000) + 1, 3));
                snapshot.addLevel(BookSide.ASK, price(120_000 + i), Decimal64.of(random.nextInt(1000) + 1, 3));
            }
        }
        book.apply(snapshot);
        bids.clear();
        asks.clear();
        for (int i = 0; i < snapshot.levelCount(); i++) {
            (snapshot.isBid(i) ? bids : asks).put(book.key(snapshot.price(i)), snapshot.size(i));
        }
        check(book);
        long mid = 120_000;
        for (int step = 0; step < 20_000; step++) {
            mid += random.nextInt(3) - 1;
            boolean bid = random.nextBoolean();
            long p = bid ? mid - 1 - random.nextInt(500) : mid + 1 + random.nextInt(500);
            // sizes with varied scales, one change in four a removal (zero written with a scale)
            long size = random.nextInt(4) == 0 ? Decimal64.of(0, 2) : Decimal64.of(random.nextInt(5000) + 1, random.nextInt(4));
            // never cross the other side's best: venues do not, and the reference would not know which wins
            TreeMap<Long, Long> other = bid ? asks : bids;
            long key = book.key(price(p));
            if (!other.isEmpty() && (bid ? key >= other.firstKey() : key <= other.firstKey())) {
                continue;
            }
            set(book, bid, price(p), size);
            if (step % 97 == 0) {
                check(book);
            }
            if ((far == Far.WORSE || far == Far.BETTER) && step == 5_000) {
                set(book, false, price(5_000_000), Decimal64.of(1, 0)); // an ask at 2.5M: millions of ticks away
                set(book, false, price(4_000_000), Decimal64.of(2, 0));
                set(book, true, price(4), Decimal64.of(1, 0)); // a bid at 2
            }
            if ((far == Far.WORSE || far == Far.SNAPSHOT) && step == 15_000) {
                set(book, false, price(4_000_000), Decimal64.of(0, 0)); // far levels change and go too
                set(book, false, price(3_000_000), Decimal64.of(5, 1));
                set(book, true, price(2), Decimal64.of(0, 0));
            }
            if (far == Far.BETTER && step == 10_000) {
                set(book, true, price(5_000_000), Decimal64.of(1, 0)); // a bid millions of ticks above the book
            }
            if (offGrid && step == 10_000) {
                set(book, true, Decimal64.parse("59999.3"), Decimal64.of(1, 0)); // between ticks of 0.5
            }
        }
        check(book);
    }

    @Test
    void theLadderMatchesASortedMapThroughDeepChanges() {
        LadderBook book = new LadderBook(TICK);
        run(book, 1, Far.NONE, false);
        assertThat(book.laddered()).isTrue();
    }

    @Test
    void farPricesOnTheWorseEndAreKeptBesideTheLadder() {
        LadderBook book = new LadderBook(TICK);
        run(book, 2, Far.WORSE, false);
        assertThat(book.laddered()).isTrue();
    }

    @Test
    void aSnapshotListingItsFarLevelsFirstKeepsItsTopInTheLadder() {
        LadderBook book = new LadderBook(TICK);
        run(book, 5, Far.SNAPSHOT, false);
        assertThat(book.laddered()).isTrue();
    }

    @Test
    void aFarPriceOnTheBetterEndTurnsTheLadderIntoArraysWithNothingLost() {
        LadderBook book = new LadderBook(TICK);
        run(book, 6, Far.BETTER, false);
        assertThat(book.laddered()).isFalse();
    }

    @Test
    void aLadderFollowsABookThatMovesAwayWithinItsArrays() {
        LadderBook book = new LadderBook(TICK);
        // A book of 100 levels a side moving far beyond the ladder's first length, then back: its
        // span stays small, so the ladder re-bases within its arrays again and again, each way.
        int top = 100_000;
        for (int i = 0; i < 40_000; i++) {
            int step = i < 20_000 ? 1 : -1;
            top += step;
            int dropped = top - 100 * step;
            set(book, false, price(top), Decimal64.of(1 + i % 7, 0));
            set(book, true, price(top - 20_000), Decimal64.of(1 + i % 5, 0));
            set(book, false, price(dropped), Decimal64.ZERO);
            set(book, true, price(dropped - 20_000), Decimal64.ZERO);
            if (i % 997 == 0) {
                check(book);
            }
        }
        assertThat(book.laddered()).isTrue();
        check(book);
    }

    @Test
    void snapshotsOfADeepBookReuseTheLaddersWhereverTheyLie() {
        LadderBook book = new LadderBook(TICK);
        Random random = new Random(8);
        // Deep books (levels 50 ticks apart down to 25 000 ticks from the top, asks listed worst
        // first), one after the other around tops far apart: each is placed in the ladders grown
        // by the ones before, which move their levels within their arrays.
        for (int mid : new int[] {120_000, 160_000, 118_000, 200_000, 121_000}) {
            BookChange snapshot = new BookChange().begin(true, BookChange.NO_SEQUENCE);
            bids.clear();
            asks.clear();
            for (int d = 25_000; d >= 1; d -= 50) {
                long size = Decimal64.of(1 + random.nextInt(99), 0);
                snapshot.addLevel(BookSide.ASK, price(mid + d), size);
                asks.put(book.key(price(mid + d)), size);
            }
            for (int d = 1; d <= 25_000; d += 50) {
                long size = Decimal64.of(1 + random.nextInt(99), 0);
                snapshot.addLevel(BookSide.BID, price(mid - d), size);
                bids.put(book.key(price(mid - d)), size);
            }
            book.apply(snapshot);
            check(book);
            for (int i = 0; i < 2_000; i++) {
                boolean bid = random.nextBoolean();
                int p = bid ? mid - 1 - random.nextInt(30_000) : mid + 1 + random.nextInt(30_000);
                set(book, bid, price(p), random.nextInt(3) == 0 ? Decimal64.ZERO : Decimal64.of(1 + random.nextInt(9), 0));
            }
            check(book);
            assertThat(book.laddered()).isTrue();
        }
    }

    @Test
    void aThinBookWhoseLevelsLieFarApartIsWalkedAndEmptiedFromTheTop() {
        LadderBook book = new LadderBook(TICK);
        Random random = new Random(9);
        for (int round = 0; round < 3; round++) {
            // Levels thousands of ticks apart: the next level after the best lies words and
            // summary words of bits away.
            for (int k = 0; k < 40; k++) {
                set(book, false, price(300_000 + k * (1_000 + random.nextInt(9_000))), Decimal64.of(1 + k, 0));
                set(book, true, price(280_000 - k * (1_000 + random.nextInt(9_000))), Decimal64.of(1 + k, 0));
            }
            check(book);
            // Take the best away, level by level, on both sides.
            while (!asks.isEmpty() || !bids.isEmpty()) {
                if (!asks.isEmpty()) {
                    set(book, false, Decimal64.of(asks.firstKey(), 9), Decimal64.ZERO);
                }
                if (!bids.isEmpty()) {
                    set(book, true, Decimal64.of(bids.firstKey(), 9), Decimal64.ZERO);
                }
                check(book);
            }
        }
        assertThat(book.laddered()).isTrue();
    }

    @Test
    void levelsJustBeyondTheLadderJoinItAndFarOnesStayBesideIt() {
        LadderBook book = new LadderBook(TICK);
        set(book, false, price(1_000), Decimal64.of(1, 0));
        set(book, false, price(1_000 + (1 << 20)), Decimal64.of(2, 0)); // beyond the span: beside the ladder
        set(book, false, price(1_600), Decimal64.of(3, 0)); // just beyond its worse end: the ladder grows to it
        assertThat(book.laddered()).isTrue();
        check(book);
        set(book, false, price(400), Decimal64.of(4, 0)); // a better ask beyond its better end: it grows again
        check(book);
        set(book, false, price(1_600), Decimal64.of(0, 0));
        set(book, false, price(1_000 + (1 << 20)), Decimal64.of(5, 0));
        check(book);
        assertThat(book.laddered()).isTrue();
    }

    @Test
    void aPriceOffTheGridTurnsTheLadderIntoArraysWithNothingLost() {
        LadderBook book = new LadderBook(TICK);
        run(book, 3, Far.NONE, true);
        assertThat(book.laddered()).isFalse();
    }

    @Test
    void withoutATickSizeTheBookIsInArrays() {
        LadderBook book = new LadderBook(Decimal64.NULL);
        assertThat(book.laddered()).isFalse();
        run(book, 4, Far.NONE, false);
    }

    @Test
    void aSnapshotInAnyOrderIsSortedAndItsLastSizeForAPriceWins() {
        for (long tick : new long[] {Decimal64.NULL, TICK}) {
            LadderBook book = new LadderBook(tick);
            bids.clear();
            asks.clear();
            // neither best first nor worst first, a price listed twice on each side, one level off
            // the grid (for the ladder: it turns the book into arrays before the snapshot loads)
            BookChange snapshot = new BookChange().begin(true, 1);
            long[][] levels = {{1, 40, 1}, {1, 44, 2}, {1, 40, 3}, {1, 42, 4}, {0, 50, 5}, {0, 46, 6}, {0, 50, 7},
                {0, 48, 8}};
            for (long[] l : levels) {
                snapshot.addLevel(l[0] == 1 ? BookSide.BID : BookSide.ASK, price(l[1]), Decimal64.of(l[2], 0));
                (l[0] == 1 ? bids : asks).put(book.key(price(l[1])), Decimal64.of(l[2], 0));
            }
            snapshot.addLevel(BookSide.ASK, Decimal64.parse("26.25"), Decimal64.of(9, 0));
            asks.put(book.key(Decimal64.parse("26.25")), Decimal64.of(9, 0));
            book.apply(snapshot);
            assertThat(book.laddered()).isFalse();
            check(book);
            assertThat(Decimal64.toString(book.sizeAtKey(true, book.key(price(40))))).isEqualTo("3");
            assertThat(Decimal64.toString(book.sizeAtKey(false, book.key(price(50))))).isEqualTo("7");
        }
    }

    @Test
    void aLadderGrowsForPricesThatDriftAway() {
        LadderBook book = new LadderBook(TICK);
        for (int i = 0; i < 50_000; i++) {
            set(book, false, price(100_000 + i * 3), Decimal64.of(1, 0));
        }
        assertThat(book.laddered()).isTrue();
        check(book);
    }
}
