package io.dpp.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.dpp.bus.Bus;
import io.dpp.bus.BusConsumer;
import io.dpp.bus.BusSubscription;
import io.dpp.core.model.BookChange;
import io.dpp.core.model.EventType;
import io.dpp.core.model.MarketEvent;
import io.dpp.sim.FaultSpec;
import io.dpp.sim.SimServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A REST snapshot that arrives while the feed holds a received message back for a full bus is
 * applied after that message, never before it. Otherwise the message's change would reach the bus
 * after the snapshot stamped with an earlier time, and whatever rebuilds books by time (book at a
 * time, the recorder's checkpoints) would apply it before the snapshot that then hides it.
 *
 * <p>Each step is made to happen, not waited for: the simulator holds the snapshot's answer, the
 * bus turns full exactly at the next message the feed receives (so that message waits, undecoded),
 * the answer is released and received, and only then does the bus take events again.
 */
class SnapshotBehindHeldMessageTest {

    @TempDir
    Path dir;

    @Test
    void aSnapshotArrivingWhileAMessageWaitsForTheBusIsAppliedAfterIt() throws Exception {
        Path captures = oneBinanceBook(dir);
        CompletableFuture<Void> release = new CompletableFuture<>();
        // Five times the recorded pace: a diff every 40 ms or so, the 30 s of traffic in 6 s.
        SimServer sim = SimServer.start(captures, "127.0.0.1", 0, 5, FaultSpec.parse(null));
        sim.holdSnapshots(release);
        // The held answer must not count as a book that failed to recover (FAST gives it 2 s).
        try (SimulatedFeeds run = new SimulatedFeeds(sim, null, Map.of("DPP_STREAMS_CONNECTION_RECOVERY_TIMEOUT", "30s"))) {
            Bus bus = run.bus();
            TimeOrder order = new TimeOrder();
            BusSubscription subscription = bus.subscribe("time-order", order);
            GatedBus gate = new GatedBus(bus);
            run.feeds().sink().bus(gate);

            // 1. The feed asked for its book's snapshot; the simulator holds the answer.
            StreamApiTest.eventually(Duration.ofSeconds(30), () -> {
                assertThat(sim.status().getJsonArray("venues").getJsonObject(0).getLong("rest_snapshot_requests")).isPositive();
                return null;
            });
            // 2. Once the feed has decoded the first diff (the snapshot covers it: the recorded
            // snapshot was taken at its update id), the next message it receives finds the bus
            // full: it waits, undecoded, a change the snapshot does not hold.
            StreamApiTest.eventually(Duration.ofSeconds(30), () -> {
                assertThat(run.byVenue().get("binance").getJsonObject("counters").getLong("messages")).isPositive();
                return null;
            });
            gate.fullFromTheNextMessage();
            assertThat(gate.full.await(30, TimeUnit.SECONDS)).as("a message arrived after the snapshot request").isTrue();
            // 3. The snapshot arrives meanwhile.
            release.complete(null);
            Map<String, String> ok = Map.of("venue", "binance", "outcome", "ok");
            StreamApiTest.eventually(Duration.ofSeconds(30), () -> {
                assertThat(run.counter("dpp_feed_snapshot_requests", ok)).as("snapshots received").isEqualTo(1);
                return null;
            });
            // 4. The bus takes events again: the waiting message first, then the snapshot.
            gate.open();
            assertThat(run.awaitDone(Duration.ofSeconds(60))).as("the replay delivered and the book in sync").isTrue();
            subscription.close(Duration.ofSeconds(5));

            synchronized (order) {
                assertThat(order.snapshots).as("snapshots on the bus").isEqualTo(1);
                assertThat(order.changesAfterSnapshot).as("changes on the bus after the snapshot").isGreaterThan(100);
                assertThat(order.backwards).as("changes stamped before the change published before them").isEmpty();
            }
            assertThat(run.counter("dpp_feed_snapshot_requests", ok)).as("the book needed no second snapshot").isEqualTo(1);
            assertThat(run.byVenue().get("binance").getJsonObject("counters").getLong("sequence_gaps")).isZero();
        }
    }

    /**
     * A capture folder with one book of the recorded Binance traffic: the NKNUSDT depth diffs of
     * BINANCE.ws.1.0 (every message of the connection then changes that book), its REST snapshot
     * and the venue's listing.
     */
    private static Path oneBinanceBook(Path dir) throws Exception {
        Path source = ReplayCommandTest.fixtures().resolve("binance/cryptofeed");
        Path venue = Files.createDirectories(dir.resolve("binance"));
        List<String> lines = Files.readAllLines(source.resolve("BINANCE.ws.1.0"));
        List<String> kept = new ArrayList<>();
        kept.add(lines.get(0).replaceFirst("streams=\\S+", "streams=nknusdt@depth@100ms"));
        lines.stream().skip(1).filter(l -> l.contains("\"stream\":\"nknusdt@depth@100ms\"")).forEach(kept::add);
        assertThat(kept).hasSizeGreaterThan(100);
        Files.write(venue.resolve("BINANCE.ws.1.0"), kept);
        Files.write(venue.resolve("BINANCE.http.0.0"), Files.readAllLines(source.resolve("BINANCE.http.0.0")).stream()
                .filter(l -> l.contains("symbol=NKNUSDT&")).toList());
        Files.createSymbolicLink(venue.resolve("BINANCE.0"), source.resolve("BINANCE.0").toAbsolutePath());
        return dir;
    }

    /** Per book, in bus order: each change stamped before the one published just before it. */
    static final class TimeOrder implements BusConsumer {
        final Map<String, Long> last = new java.util.HashMap<>();
        final List<String> backwards = new ArrayList<>();
        int snapshots;
        int changesAfterSnapshot;

        @Override
        public synchronized void onEvent(MarketEvent event) {
            if (event.type() != EventType.BOOK_CHANGE) {
                return;
            }
            BookChange c = (BookChange) event;
            String book = c.instrument().nativeSymbol();
            Long before = last.put(book, c.receiveTime());
            if (before != null && c.receiveTime() < before) {
                backwards.add(book + " sequence " + c.sequence() + (c.snapshot() ? " (the snapshot)" : "") + " at "
                        + c.receiveTime() + " after " + before);
            }
            if (c.snapshot()) {
                snapshots++;
            } else if (snapshots > 0) {
                changesAfterSnapshot++;
            }
        }
    }

    /**
     * The feeds' bus, full on demand: from the first message a connection receives after
     * {@link #fullFromTheNextMessage} (the connection asks for room before each message, on its
     * event loop, so the bus turns full between two messages) until {@link #open}.
     */
    static final class GatedBus implements Bus {
        private final Bus bus;
        private volatile boolean armed;
        private volatile boolean closed;
        final CountDownLatch full = new CountDownLatch(1);

        GatedBus(Bus bus) {
            this.bus = bus;
        }

        void fullFromTheNextMessage() {
            armed = true;
        }

        void open() {
            closed = false;
        }

        @Override
        public boolean hasRoom(int events) {
            if (armed) {
                armed = false;
                closed = true;
                full.countDown();
            }
            return !closed && bus.hasRoom(events);
        }

        @Override
        public boolean offer(MarketEvent event) {
            return !closed && bus.offer(event);
        }

        @Override
        public void publish(MarketEvent event) {
            bus.publish(event);
        }

        @Override
        public long capacity() {
            return bus.capacity();
        }

        @Override
        public long rejected() {
            return bus.rejected();
        }

        @Override
        public BusSubscription subscribe(String name, BusConsumer consumer, Delivery delivery) {
            return bus.subscribe(name, consumer, delivery);
        }

        @Override
        public void delays(Function<String, LongConsumer> observer) {
            bus.delays(observer);
        }

        @Override
        public String identity() {
            return bus.identity();
        }

        @Override
        public long published(EventType type) {
            return bus.published(type);
        }

        @Override
        public List<? extends BusSubscription> subscriptions() {
            return bus.subscriptions();
        }

        @Override
        public void close(Duration budget) {
            bus.close(budget);
        }
    }
}
