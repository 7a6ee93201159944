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
 * snapshots, changes anywhere in depth, walks down the book, growth and the fall back to sorted
 * arrays (a price off the tick grid, a price too far away); so does the book without a tick size.
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

    private void run(LadderBook book, long seed, boolean far, boolean offGrid) {
        Random random = new Random(seed);
        BookChange snapshot = new BookChange().begin(true, BookChange.NO_SEQUENCE);
        for (int i = 1; i <= 400; i++) {
            snapshot.addLevel(BookSide.BID, price(120_000 - i), Decimal64.of(random.nextInt(1000) + 1, 3));
            snapshot.addLevel(BookSide.ASK, price(120_000 + i), Decimal64.of(random.nextInt(1000) + 1, 3));
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
            if (far && step == 10_000) {
                set(book, false, price(5_000_000), Decimal64.of(1, 0)); // an ask at 2.5M: millions of ticks away
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
        run(book, 1, false, false);
        assertThat(book.laddered()).isTrue();
    }

    @Test
    void aFarPriceTurnsTheLadderIntoArraysWithNothingLost() {
        LadderBook book = new LadderBook(TICK);
        run(book, 2, true, false);
        assertThat(book.laddered()).isFalse();
    }

    @Test
    void aPriceOffTheGridTurnsTheLadderIntoArraysWithNothingLost() {
        LadderBook book = new LadderBook(TICK);
        run(book, 3, false, true);
        assertThat(book.laddered()).isFalse();
    }

    @Test
    void withoutATickSizeTheBookIsInArrays() {
        LadderBook book = new LadderBook(Decimal64.NULL);
        assertThat(book.laddered()).isFalse();
        run(book, 4, false, false);
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
