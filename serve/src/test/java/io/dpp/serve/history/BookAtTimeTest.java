package io.dpp.serve.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.dpp.bus.BusSubscription;
import io.dpp.bus.InProcessBus;
import io.dpp.core.decimal.Decimal64;
import io.dpp.core.instrument.Instrument;
import io.dpp.core.instrument.InstrumentType;
import io.dpp.core.model.BookChange;
import io.dpp.core.model.BookSide;
import io.dpp.core.model.FeedState;
import io.dpp.core.model.FeedStatus;
import io.dpp.serve.history.BookAtTime;
import io.dpp.historical.recorder.Recorder;
import io.dpp.historical.recorder.RecorderStats;
import io.dpp.store.QueryArg;
import io.dpp.store.QuestDbStore;
import io.dpp.store.Schema;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Book at a time from snapshots, recorder checkpoints and changes, against the book built here by
 * applying every change in order. Checkpoints appear at the configured interval, stop after a gap
 * and resume after the next snapshot.
 */
class BookAtTimeTest {

    private static final Instrument ETH = Instrument.builder("binance", "ETHUSDT").assets("ETH", "USDT")
            .type(InstrumentType.SPOT).build();
    private static final long T0 = 1_700_000_000_000_000L;
    private static final long SECOND = 1_000_000L;

    @TempDir
    Path dir;

    @Test
    void theBookAtAnyTimeEqualsEveryChangeAppliedInOrder() throws Exception {
        QuestDbStore store = new QuestDbStore();
        store.open(dir.resolve("questdb"));
        List<long[]> changes = new ArrayList<>(); // {ts, snapshot?1:0, bid?1:0, price, size}
        try {
            try (InProcessBus bus = new InProcessBus(1024, Duration.ofMillis(20))) {
                BusSubscription s = bus.subscribe("recorder",
                        new Recorder(store, 1000, Duration.ofMillis(50), Duration.ofSeconds(60), new RecorderStats()));
                Random random = new Random(7);
                BookChange b = new BookChange();
                b.instrument(ETH);
                for (int sec = 0; sec <= 300; sec++) {
                    long ts = T0 + sec * SECOND;
                    boolean snapshot = sec == 0 || sec == 150;
                    b.times(ts - 5, ts);
                    b.begin(snapshot, sec);
                    int levels = snapshot ? 40 : 3;
                    for (int k = 0; k < levels; k++) {
                        boolean bid = snapshot ? k % 2 == 0 : random.nextBoolean();
                        long price = bid ? Decimal64.of(200_000 - 1 - random.nextInt(30), 2) : Decimal64.of(200_000 + random.nextInt(30), 2);
                        long size = snapshot || random.nextInt(4) > 0 ? Decimal64.of(1 + random.nextInt(1000), 3) : Decimal64.of(0, 3);
                        b.addLevel(bid ? BookSide.BID : BookSide.ASK, price, size);
                        changes.add(new long[] {ts, snapshot ? 1 : 0, bid ? 1 : 0, price, size});
                    }
                    bus.publish(b);
                    if (sec == 100) {
                        FeedStatus gap = new FeedStatus();
                        gap.times(ts, ts);
                        gap.set(ETH, FeedState.GAP_DETECTED);
                        bus.publish(gap);
                    }
                }
                s.close(Duration.ofSeconds(10));
            }
            for (String t : List.of(Schema.BOOK_CHANGES, Schema.BOOK_CHECKPOINTS)) {
                assertThat(store.awaitApplied(t, Duration.ofSeconds(20))).isTrue();
            }
            List<Long> checkpointTimes = new ArrayList<>();
            store.query("SELECT DISTINCT ts FROM book_checkpoints ORDER BY ts", List.of(), r -> {
                checkpointTimes.add((r.timestamp(0) - T0) / SECOND);
                return true;
            });
            // Every 60 s of changes from the first snapshot; none between the gap (100 s) and the
            // next snapshot (150 s); then again 60 s after that snapshot.
            assertThat(checkpointTimes).containsExactly(60L, 210L, 270L);
            for (long sec : new long[] {0, 1, 59, 60, 61, 99, 120, 149, 150, 151, 209, 210, 211, 299, 300}) {
                long at = T0 + sec * SECOND + 17;
                BookAtTime.Book book = BookAtTime.at(store, "binance", "ETHUSDT", at);
                TreeMap<Long, Long> bids = new TreeMap<>(java.util.Comparator.<Long>naturalOrder().reversed());
                TreeMap<Long, Long> asks = new TreeMap<>();
                for (long[] c : changes) {
                    if (c[0] > at) {
                        break;
                    }
                    if (c[1] == 1 && (c == changes.get(0) || changes.get(changes.indexOf(c) - 1)[0] != c[0])) {
                        bids.clear();
                        asks.clear();
                    }
                    TreeMap<Long, Long> side = c[2] == 1 ? bids : asks;
                    if (Decimal64.signum(c[4]) == 0) {
                        side.remove(c[3]);
                    } else {
                        side.put(c[3], c[4]);
                    }
                }
                assertThat(book.levels(true)).as("bids at +" + sec + " s from " + book.startedFrom()).containsExactlyEntriesOf(bids);
                assertThat(book.levels(false)).as("asks at +" + sec + " s from " + book.startedFrom()).containsExactlyEntriesOf(asks);
                assertThat(book.timestamp()).isEqualTo(T0 + sec * SECOND);
                if (sec == 61 || sec == 299) {
                    assertThat(book.startedFrom()).isEqualTo("checkpoint");
                }
            }
            long[] none = {0};
            store.query("SELECT count() FROM book_checkpoints WHERE venue = $1", List.of(QueryArg.text("nope")), r -> {
                none[0] = r.longValue(0);
                return false;
            });
            assertThat(none[0]).isZero();
            assertThat(BookAtTime.at(store, "binance", "ETHUSDT", T0 - 1)).isNull();
        } finally {
            store.stop(Duration.ofSeconds(5));
        }
    }
}
