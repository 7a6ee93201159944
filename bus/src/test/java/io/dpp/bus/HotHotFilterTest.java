package io.dpp.bus;

import static org.assertj.core.api.Assertions.assertThat;

import io.dpp.core.decimal.Decimal64;
import io.dpp.core.instrument.Instrument;
import io.dpp.core.instrument.InstrumentType;
import io.dpp.core.model.BookChange;
import io.dpp.core.model.BookSide;
import io.dpp.core.model.EventType;
import io.dpp.core.model.FeedState;
import io.dpp.core.model.FeedStatus;
import io.dpp.core.model.MarketEvent;
import io.dpp.core.model.Quote;
import io.dpp.core.model.Side;
import io.dpp.core.model.Trade;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The hot-hot filter on records encoded as the bus writes them, two feeds apart by their receive times. */
class HotHotFilterTest {

    private static final long A = 11;
    private static final long B = 22;
    private static final Instrument BTC = Instrument.builder("okx", "BTC-USDT").assets("BTC", "USDT").type(InstrumentType.SPOT).build();

    private final EventCodec codec = new EventCodec();
    private final EventSlot slot = new EventSlot();
    private long offset;

    private static Trade trade(long id, long exchangeTime, long receiveTime) {
        Trade t = new Trade();
        t.instrument(BTC);
        t.times(exchangeTime, receiveTime);
        t.id().set(id);
        t.set(Decimal64.of(50_000, 0), Decimal64.of(1, 2), Side.SELL);
        return t;
    }

    private static BookChange book(boolean snapshot, long sequence, long price, long receiveTime) {
        BookChange b = new BookChange();
        b.instrument(BTC);
        b.times(sequence * 1_000, receiveTime); // the venue time follows the message, the receive time the feed
        b.begin(snapshot, sequence);
        b.addLevel(BookSide.BID, Decimal64.of(price, 0), Decimal64.of(3, 0));
        return b;
    }

    private int decide(HotHotFilter f, long source, MarketEvent e) {
        byte[] value = codec.encode(e);
        MarketEvent decoded = codec.decode(value, slot);
        return f.decide(offset++, source, value, codec.receiveTimeOffset(), codec.identityEnd(), decoded);
    }

    @Test
    void theSecondFeedsCopyIsADuplicateWhicheverComesFirst() {
        HotHotFilter f = new HotHotFilter(1024, 2_000_000);
        assertThat(decide(f, A, trade(1, 1_000, 2_000))).isEqualTo(HotHotFilter.NEW);
        assertThat(decide(f, B, trade(2, 1_100, 2_050))).isEqualTo(HotHotFilter.NEW); // B ahead on trade 2
        assertThat(decide(f, B, trade(1, 1_000, 2_090))).isEqualTo(HotHotFilter.DUPLICATE);
        assertThat(decide(f, A, trade(2, 1_100, 2_100))).isEqualTo(HotHotFilter.DUPLICATE);
        // Another field than the receive time makes another event.
        assertThat(decide(f, A, trade(1, 1_001, 2_000))).isEqualTo(HotHotFilter.NEW);
    }

    @Test
    void equalEventsOfOneFeedAreEachKeptAndMatchedOneForOne() {
        HotHotFilter f = new HotHotFilter(1024, 2_000_000);
        // A venue without trade ids sends two equal trades in one message: both are events.
        assertThat(decide(f, A, trade(0, 5_000, 6_000))).isEqualTo(HotHotFilter.NEW);
        assertThat(decide(f, A, trade(0, 5_000, 6_000))).isEqualTo(HotHotFilter.NEW);
        assertThat(decide(f, B, trade(0, 5_000, 6_070))).isEqualTo(HotHotFilter.DUPLICATE);
        assertThat(decide(f, B, trade(0, 5_000, 6_070))).isEqualTo(HotHotFilter.DUPLICATE);
        // B's third is one A has not sent (yet).
        assertThat(decide(f, B, trade(0, 5_000, 6_070))).isEqualTo(HotHotFilter.NEW);
        assertThat(decide(f, A, trade(0, 5_000, 6_000))).isEqualTo(HotHotFilter.DUPLICATE);
    }

    @Test
    void aSecondFeedJoiningFindsWhatTheFirstSentAloneAndTheFirstAloneAgainPassesEverything() {
        HotHotFilter f = new HotHotFilter(8, 2_000_000);
        for (int i = 1; i <= 5; i++) {
            assertThat(decide(f, A, trade(i, 1_000 + i, 2_000 + i))).isEqualTo(HotHotFilter.NEW);
        }
        // B starts behind A: its copies of 3-5 were sent by A while A was alone.
        for (int i = 3; i <= 5; i++) {
            assertThat(decide(f, B, trade(i, 1_000 + i, 2_100 + i))).as("B's trade %d", i).isEqualTo(HotHotFilter.DUPLICATE);
        }
        assertThat(decide(f, B, trade(6, 1_006, 2_106))).isEqualTo(HotHotFilter.NEW);
        assertThat(decide(f, A, trade(6, 1_006, 2_006))).isEqualTo(HotHotFilter.DUPLICATE);
        // B dies; once A's records alone fill the window, each passes with no table kept, and an
        // event A sends twice is two events.
        for (int i = 7; i <= 20; i++) {
            assertThat(decide(f, A, trade(i, 1_000 + i, 2_000 + i))).isEqualTo(HotHotFilter.NEW);
        }
        assertThat(decide(f, A, trade(20, 1_020, 2_020))).isEqualTo(HotHotFilter.NEW);
    }

    @Test
    void copiesFurtherApartThanTheWindowBothPass() {
        HotHotFilter f = new HotHotFilter(4, 2_000_000);
        assertThat(decide(f, A, trade(1, 1_000, 2_000))).isEqualTo(HotHotFilter.NEW);
        for (int i = 2; i <= 4; i++) {
            assertThat(decide(f, A, trade(i, 1_000 + i, 2_000 + i))).isEqualTo(HotHotFilter.NEW);
        }
        assertThat(decide(f, B, trade(1, 1_000, 2_500))).as("trade 1 is the 5th record back").isEqualTo(HotHotFilter.NEW);
        assertThat(decide(f, B, trade(3, 1_003, 2_503))).as("trade 3 is in the window").isEqualTo(HotHotFilter.DUPLICATE);
    }

    @Test
    void aBookFollowsOneFeedAndAnotherFeedsSnapshotTakesItOnlyAfterTheHandover() {
        HotHotFilter f = new HotHotFilter(1024, 2_000_000);
        long t = 10_000_000;
        assertThat(decide(f, A, book(true, 100, 500, t))).isEqualTo(HotHotFilter.NEW);
        // B's own snapshot, at another moment: dropped while A publishes.
        assertThat(decide(f, B, book(true, 90, 499, t + 10))).isEqualTo(HotHotFilter.OTHER_SNAPSHOT);
        assertThat(decide(f, A, book(false, 101, 501, t + 100))).isEqualTo(HotHotFilter.NEW);
        assertThat(decide(f, B, book(false, 101, 501, t + 120))).isEqualTo(HotHotFilter.DUPLICATE);
        // A dies; B's next changes are new and carry the book on at once.
        assertThat(decide(f, B, book(false, 102, 502, t + 200))).isEqualTo(HotHotFilter.NEW);
        assertThat(decide(f, B, book(false, 103, 503, t + 1_000_000))).isEqualTo(HotHotFilter.NEW);
        // A restarted (another producer id) sends a snapshot: the book is B's now, dropped.
        long restarted = 33;
        assertThat(decide(f, restarted, book(true, 103, 503, t + 1_500_000))).isEqualTo(HotHotFilter.OTHER_SNAPSHOT);
        // After B is silent longer than the handover, a snapshot of the restarted feed takes the book.
        assertThat(decide(f, restarted, book(true, 110, 510, t + 3_100_000))).isEqualTo(HotHotFilter.NEW);
        assertThat(decide(f, B, book(true, 111, 511, t + 3_200_000))).isEqualTo(HotHotFilter.OTHER_SNAPSHOT);
    }

    @Test
    void aCopyWithAVenueTimeIsOneHoweverLate() {
        HotHotFilter f = new HotHotFilter(1024, 2_000_000);
        assertThat(decide(f, A, trade(9, 1_000, 1_000_000))).isEqualTo(HotHotFilter.NEW);
        // A feed that has just started lags 8 s behind: its copy is still a copy.
        assertThat(decide(f, B, trade(9, 1_000, 9_000_000))).isEqualTo(HotHotFilter.DUPLICATE);
    }

    @Test
    void everyCopyOfAnEventWithoutAVenueTimePasses() {
        HotHotFilter f = new HotHotFilter(1024, 2_000_000);
        long noTime = Long.MIN_VALUE;
        // Recurring words without a venue time: no copy can be told from another event, so none is dropped.
        assertThat(decide(f, A, trade(9, noTime, 1_000_000))).isEqualTo(HotHotFilter.NEW);
        assertThat(decide(f, B, trade(9, noTime, 1_200_000))).isEqualTo(HotHotFilter.NEW);
        assertThat(decide(f, A, trade(9, noTime, 11_000_000))).isEqualTo(HotHotFilter.NEW);
        // A timed event between them is still matched.
        assertThat(decide(f, A, trade(10, 5_000, 11_050_000))).isEqualTo(HotHotFilter.NEW);
        assertThat(decide(f, B, trade(10, 5_000, 11_060_000))).isEqualTo(HotHotFilter.DUPLICATE);
    }

    @Test
    void feedStatusIsEachFeedsOwnAndAlwaysPasses() {
        HotHotFilter f = new HotHotFilter(1024, 2_000_000);
        FeedStatus s = new FeedStatus();
        s.set(BTC, FeedState.CONNECTED);
        s.times(1_000, 2_000);
        assertThat(decide(f, A, s)).isEqualTo(HotHotFilter.NEW);
        assertThat(decide(f, B, s)).isEqualTo(HotHotFilter.NEW);
        assertThat(codec.decode(codec.encode(s), slot).type()).isEqualTo(EventType.FEED_STATUS);
    }

    /** A record of the partition as a feed published it. */
    private record Published(long source, byte[] value) {
    }

    /**
     * Two feeds on one market, one lagging the other by a few records and a few milliseconds, with
     * quotes that come back word for word (no venue time), trades (ids, venue times), book changes
     * and snapshots; the second feed dies and comes back as a new process twice, snapshotting its
     * books on each start.
     */
    private List<Published> market(long seed, int events) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Published> out = new ArrayList<>();
        List<Published> lagging = new ArrayList<>();
        long b = 22;
        long t = 1_000_000_000L;
        long sequence = 0;
        boolean bAlive = true;
        for (int k = 0; k < events; k++) {
            t += random.nextInt(1, 3_000); // microseconds between the venue's messages
            if (k == events / 4 || k == events / 2) {
                bAlive = false;
            } else if (!bAlive && (k == events / 4 + 400 || k == events / 2 + 900)) {
                bAlive = true;
                b++; // a new process
                lagging.add(new Published(b, codec.encode(book(true, sequence, 500 + random.nextInt(5), t + 5))));
            }
            MarketEvent e;
            int kind = random.nextInt(10);
            if (kind < 4) {
                Quote q = new Quote();
                q.instrument(BTC);
                q.times(Long.MIN_VALUE, t);
                q.set(Decimal64.of(100 + random.nextInt(3), 0), Decimal64.of(1, 0), Decimal64.of(104, 0), Decimal64.of(1, 0));
                e = q;
            } else if (kind < 7) {
                e = trade(k, t / 1000, t);
            } else {
                e = book(random.nextInt(50) == 0, ++sequence, 500 + random.nextInt(5), t);
            }
            out.add(new Published(A, codec.encode(e)));
            e.times(e.exchangeTime(), t + random.nextInt(200, 4_000)); // the lagging feed's receive time
            if (bAlive) {
                lagging.add(new Published(b, codec.encode(e)));
            }
            // The lagging feed's records land a few records behind.
            while (lagging.size() > random.nextInt(1, 6)) {
                out.add(lagging.remove(0));
            }
        }
        out.addAll(lagging);
        return out;
    }

    @Test
    void aConsumerStartingMidPartitionDecidesAsOneThatReadItAll() {
        int window = 512;
        for (long seed = 1; seed <= 5; seed++) {
            List<Published> records = market(seed, 12_000);
            HotHotFilter all = new HotHotFilter(window, 2_000);
            int[] verdicts = new int[records.size()];
            int duplicates = 0;
            for (int i = 0; i < records.size(); i++) {
                verdicts[i] = decide(all, records.get(i));
                duplicates += verdicts[i] == HotHotFilter.DUPLICATE ? 1 : 0;
            }
            assertThat(duplicates).as("seed %d: the second feed's copies dropped", seed).isGreaterThan(records.size() / 4);
            for (int start : new int[] {window + 17, records.size() / 4 + 100, records.size() / 2 + 300, records.size() - 2_000}) {
                HotHotFilter late = new HotHotFilter(window, 2_000);
                for (int i = start - window; i < start; i++) {
                    decide(late, records.get(i)); // the warm-up: the window before the start
                }
                for (int i = start; i < records.size(); i++) {
                    assertThat(decide(late, records.get(i))).as("seed %d, started at %d: record %d", seed, start, i)
                            .isEqualTo(verdicts[i]);
                }
            }
        }
    }

    private int decide(HotHotFilter f, Published p) {
        MarketEvent decoded = codec.decode(p.value(), slot);
        return f.decide(offset++, p.source(), p.value(), codec.receiveTimeOffset(), codec.identityEnd(), decoded);
    }

    @Test
    void theCountTableAgreesWithAMapUnderRandomUse() {
        HotHotFilter.LongIntMap map = new HotHotFilter.LongIntMap(256);
        Map<Long, Integer> reference = new HashMap<>();
        SplittableRandom random = new SplittableRandom(7);
        long[] keys = new long[100];
        for (int i = 0; i < keys.length; i++) {
            // Half the keys share their low bits, so that probe chains form and removals shift them.
            keys[i] = i % 2 == 0 ? random.nextLong() : ((long) i << 40) | 5;
        }
        for (int step = 0; step < 200_000; step++) {
            long k = keys[random.nextInt(keys.length)];
            int current = reference.getOrDefault(k, 0);
            int delta = current > 0 && random.nextBoolean() ? -1 : 1;
            int now = map.add(k, delta);
            if (current + delta <= 0) {
                reference.remove(k);
            } else {
                reference.put(k, current + delta);
            }
            assertThat(now).isEqualTo(reference.getOrDefault(k, 0));
        }
        for (long k : keys) {
            assertThat(map.get(k)).as("key %d", k).isEqualTo(reference.getOrDefault(k, 0));
        }
    }
}
