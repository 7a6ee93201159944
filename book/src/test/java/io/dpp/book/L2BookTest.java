package io.dpp.book;

import static org.assertj.core.api.Assertions.assertThat;

import io.dpp.core.decimal.Decimal64;
import io.dpp.core.model.BookChange;
import io.dpp.core.model.BookSide;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every representation behind {@link L2Book} answers as a sorted map of the same levels would:
 * random snapshots (best first and worst first) and changes, prices written with different
 * scales for one level, removals of absent levels, crossed books, refused levels; and
 * {@link ListenedBook} reports exactly the changes that moved the top.
 */
class L2BookTest {

    private static final long TICK = Decimal64.parse("0.01");

    static List<Object[]> books() {
        return List.of(
                new Object[] {"sorted", (Supplier<L2Book>) SortedBook::new},
                new Object[] {"ladder", (Supplier<L2Book>) () -> new LadderBook(TICK)},
                new Object[] {"ladder without tick size", (Supplier<L2Book>) () -> new LadderBook(Decimal64.NULL)});
    }

    /** Prices on a 0.01 grid around 100, written with 2 or 3 decimals ("100.25" or "100.250"). */
    private static long price(int cents, boolean longForm) {
        return longForm ? Decimal64.of(cents * 10L, 3) : Decimal64.of(cents, 2);
    }

    private static BigDecimal value(long d) {
        return Decimal64.toBigDecimal(d).stripTrailingZeros();
    }

    private static void check(L2Book book, TreeMap<BigDecimal, BigDecimal> bids, TreeMap<BigDecimal, BigDecimal> asks,
                              String when) {
        for (boolean bid : new boolean[] {true, false}) {
            TreeMap<BigDecimal, BigDecimal> ref = bid ? bids : asks;
            assertThat(book.depth(bid)).as(when).isEqualTo(ref.size());
            int i = 0;
            for (Map.Entry<BigDecimal, BigDecimal> e : ref.entrySet()) {
                assertThat(value(book.price(bid, i))).as("%s: %s level %d", when, bid ? "bid" : "ask", i)
                        .isEqualByComparingTo(e.getKey());
                assertThat(value(book.size(bid, i))).as("%s: size at %s", when, e.getKey())
                        .isEqualByComparingTo(e.getValue());
                i++;
            }
        }
        if (bids.isEmpty()) {
            assertThat(book.bestBid()).isEqualTo(Decimal64.NULL);
        } else {
            assertThat(value(book.bestBid())).isEqualByComparingTo(bids.firstKey());
        }
        if (asks.isEmpty()) {
            assertThat(book.bestAsk()).isEqualTo(Decimal64.NULL);
        } else {
            assertThat(value(book.bestAsk())).isEqualByComparingTo(asks.firstKey());
        }
        boolean crossed = !bids.isEmpty() && !asks.isEmpty() && bids.firstKey().compareTo(asks.firstKey()) >= 0;
        assertThat(book.crossed()).as(when).isEqualTo(crossed);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("books")
    void answersAsASortedMapOfTheSameLevels(String name, Supplier<L2Book> make) {
        L2Book book = make.get();
        TreeMap<BigDecimal, BigDecimal> bids = new TreeMap<>(Comparator.reverseOrder());
        TreeMap<BigDecimal, BigDecimal> asks = new TreeMap<>();
        Random random = new Random(7);
        BookChange c = new BookChange();
        for (int step = 0; step < 5_000; step++) {
            if (step % 1000 == 0) {
                // A snapshot, listed best first or worst first as venues do.
                bids.clear();
                asks.clear();
                c.begin(true, step);
                boolean bestFirst = random.nextBoolean();
                for (int k = 0; k < 40; k++) {
                    int d = bestFirst ? k : 39 - k;
                    c.addLevel(BookSide.BID, price(9_999 - d, false), Decimal64.of(1 + d, 0));
                    c.addLevel(BookSide.ASK, price(10_001 + d, false), Decimal64.of(1 + d, 0));
                    bids.put(value(price(9_999 - d, false)), BigDecimal.valueOf(1 + d));
                    asks.put(value(price(10_001 + d, false)), BigDecimal.valueOf(1 + d));
                }
            } else {
                c.begin(false, step);
                for (int k = random.nextInt(4); k >= 0; k--) {
                    boolean bid = random.nextBoolean();
                    // Mostly near the top, sometimes deep, sometimes crossing the other side.
                    int cents = bid ? 10_000 - 1 - (int) Math.abs(random.nextGaussian() * 20) + (random.nextInt(50) == 0 ? 3 : 0)
                            : 10_000 + 1 + (int) Math.abs(random.nextGaussian() * 20) - (random.nextInt(50) == 0 ? 3 : 0);
                    long size = random.nextInt(4) == 0 ? Decimal64.of(0, random.nextInt(3)) : Decimal64.of(1 + random.nextInt(500), 1);
                    c.addLevel(bid ? BookSide.BID : BookSide.ASK, price(cents, random.nextBoolean()), size);
                    TreeMap<BigDecimal, BigDecimal> side = bid ? bids : asks;
                    if (Decimal64.signum(size) == 0) {
                        side.remove(value(price(cents, false)));
                    } else {
                        side.put(value(price(cents, false)), value(size));
                    }
                }
            }
            assertThat(book.apply(c)).isTrue();
            check(book, bids, asks, name + " step " + step);
        }
        book.clear();
        check(book, new TreeMap<>(Comparator.reverseOrder()), new TreeMap<>(), name + " cleared");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("books")
    void refusesWhatItCannotHoldAndStaysUnchanged(String name, Supplier<L2Book> make) {
        L2Book book = make.get();
        assertThat(book.set(true, Decimal64.parse("100.25"), Decimal64.parse("1"))).isTrue();
        assertThat(book.set(true, Decimal64.parse("100.24"), Decimal64.parse("-1"))).as("negative size").isFalse();
        assertThat(book.set(true, Decimal64.NULL, Decimal64.parse("1"))).as("no price").isFalse();
        assertThat(book.set(false, Decimal64.parse("-5"), Decimal64.parse("1"))).as("negative price").isFalse();
        assertThat(book.set(false, Decimal64.parse("100.30"), Decimal64.INVALID)).as("invalid size").isFalse();
        assertThat(book.depth(true)).isEqualTo(1);
        assertThat(book.depth(false)).isZero();
        assertThat(book.set(true, Decimal64.parse("100.9"), Decimal64.ZERO)).as("removing an absent level").isTrue();
        assertThat(book.depth(true)).isEqualTo(1);
        assertThat(Decimal64.equalValue(book.size(true, 0), Decimal64.parse("1"))).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("books")
    void aListenedBookReportsWhenTheTopMoved(String name, Supplier<L2Book> make) {
        List<String> heard = new ArrayList<>();
        ListenedBook book = new ListenedBook(make.get(), (b, top) -> heard.add(top ? "top" : "deep"));
        BookChange c = new BookChange().begin(true, 1)
                .addLevel(BookSide.BID, Decimal64.parse("100.00"), Decimal64.parse("1"))
                .addLevel(BookSide.BID, Decimal64.parse("99.00"), Decimal64.parse("1"))
                .addLevel(BookSide.ASK, Decimal64.parse("101.00"), Decimal64.parse("1"));
        book.apply(c);
        book.set(true, Decimal64.parse("99.00"), Decimal64.parse("5")); // below the best bid
        book.set(true, Decimal64.parse("100.0"), Decimal64.parse("1.0")); // the same best level, rewritten equal
        book.set(false, Decimal64.parse("101.00"), Decimal64.parse("2")); // the best ask's size
        book.set(true, Decimal64.parse("100.50"), Decimal64.parse("1")); // a better bid
        book.set(true, Decimal64.parse("100.50"), Decimal64.ZERO); // and gone again
        book.set(true, Decimal64.parse("98.00"), Decimal64.ZERO); // an absent level
        book.clear();
        assertThat(heard).containsExactly("top", "deep", "deep", "top", "top", "top", "deep", "top");
        assertThat(book.depth(true)).isZero();
    }
}
