package io.dpp.bus;

import static org.assertj.core.api.Assertions.assertThat;

import io.dpp.core.decimal.Decimal64;
import io.dpp.core.instrument.Instrument;
import io.dpp.core.instrument.InstrumentType;
import io.dpp.core.model.EventType;
import io.dpp.core.model.MarketEvent;
import io.dpp.core.model.Side;
import io.dpp.core.model.Trade;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The default bus: every consumer sees every event published after it subscribed, in each
 * publisher's order, as the publisher's values at the time (publishers reuse their event
 * objects); a consumer's failure on one event is counted and skipped; idle consumers are woken for
 * time-based commits; closing delivers everything published before, then closes the consumer.
 */
class InProcessBusTest {

    private static final Instrument BTC = Instrument.builder("okx", "BTC-USDT").assets("BTC", "USDT")
            .type(InstrumentType.SPOT).build();

    /** Keeps what it received as text, on the subscription's thread. */
    private static final class Recording implements BusConsumer {
        final List<String> events = Collections.synchronizedList(new ArrayList<>());
        final CountDownLatch closed = new CountDownLatch(1);
        volatile int eventsAtClose = -1;
        final AtomicInteger idle = new AtomicInteger();
        volatile CountDownLatch idleCalls = new CountDownLatch(0);

        @Override
        public void onEvent(MarketEvent event) {
            Trade t = (Trade) event;
            events.add(t.id() + " " + Decimal64.toString(t.price()) + " " + t.demo());
        }

        @Override
        public boolean endOfBatch(boolean isIdle) {
            if (isIdle) {
                idle.incrementAndGet();
                idleCalls.countDown();
            }
            return true;
        }

        @Override
        public boolean onClose() {
            eventsAtClose = events.size();
            closed.countDown();
            return true;
        }
    }

    @Test
    void everyConsumerGetsEveryEventInEachPublishersOrderAsPublished() throws Exception {
        int publishers = 3;
        int perPublisher = 20_000;
        try (InProcessBus bus = new InProcessBus(1024, Duration.ofMillis(20))) {
            Recording a = new Recording();
            Recording b = new Recording();
            BusSubscription sa = bus.subscribe("a", a, Bus.Delivery.BROADCAST);
            BusSubscription sb = bus.subscribe("b", b, Bus.Delivery.DURABLE);
            List<Thread> threads = new ArrayList<>();
            for (int p = 0; p < publishers; p++) {
                int publisher = p;
                threads.add(Thread.ofPlatform().start(() -> {
                    Trade t = new Trade(); // one object, reused for every event as the feeds do
                    t.instrument(BTC);
                    for (int i = 0; i < perPublisher; i++) {
                        t.times(i, i);
                        t.id().set("p" + publisher + "-" + i);
                        t.demo(i % 2 == 0);
                        t.set(Decimal64.of(100_000 + i, 2), Decimal64.of(1, 0), Side.BUY);
                        bus.publish(t);
                    }
                }));
            }
            for (Thread t : threads) {
                t.join();
            }
            sa.close(Duration.ofSeconds(10));
            sb.close(Duration.ofSeconds(10));
            assertThat(bus.published(EventType.TRADE)).isEqualTo((long) publishers * perPublisher);
            for (Recording r : List.of(a, b)) {
                assertThat(r.closed.await(10, TimeUnit.SECONDS)).isTrue();
                assertThat(r.eventsAtClose).as("closed after the last event").isEqualTo(publishers * perPublisher);
                int[] next = new int[publishers];
                for (String e : r.events) {
                    String[] f = e.split("[- ]");
                    int publisher = Integer.parseInt(f[0].substring(1));
                    int i = Integer.parseInt(f[1]);
                    assertThat(i).as("publisher %d's order", publisher).isEqualTo(next[publisher]++);
                    assertThat(f[2]).isEqualTo(Decimal64.toString(Decimal64.of(100_000 + i, 2)));
                    assertThat(f[3]).isEqualTo(Boolean.toString(i % 2 == 0));
                }
                assertThat(next).containsOnly(perPublisher);
            }
        }
    }

    @Test
    void aLateConsumerSeesWhatFollowsAndAFailureSkipsOneEventOnly() throws Exception {
        try (InProcessBus bus = new InProcessBus(64, Duration.ofMillis(20))) {
            Recording early = new Recording();
            BusSubscription se = bus.subscribe("early", early);
            Trade t = new Trade();
            t.instrument(BTC);
            t.set(Decimal64.of(1, 0), Decimal64.of(1, 0), Side.SELL);
            t.id().set("before");
            bus.publish(t);
            Recording late = new Recording();
            BusSubscription sl = bus.subscribe("late", new BusConsumer() {
                @Override
                public void onEvent(MarketEvent event) {
                    if (((Trade) event).id().toString().equals("bad")) {
                        throw new IllegalStateException("this consumer cannot take it");
                    }
                    late.onEvent(event);
                }

                @Override
                public boolean onClose() {
                    return late.onClose();
                }
            });
            for (String id : List.of("one", "bad", "two")) {
                t.id().set(id);
                bus.publish(t);
            }
            se.close(Duration.ofSeconds(10));
            sl.close(Duration.ofSeconds(10));
            assertThat(early.events).extracting(e -> e.split(" ")[0]).containsExactly("before", "one", "bad", "two");
            assertThat(late.events).extracting(e -> e.split(" ")[0]).containsExactly("one", "two");
            assertThat(sl.errors()).isEqualTo(1);
            assertThat(se.errors()).isZero();
        }
    }

    @Test
    void anIdleConsumerIsWokenForTimeBasedCommits() throws Exception {
        try (InProcessBus bus = new InProcessBus(64, Duration.ofMillis(5))) {
            Recording r = new Recording();
            r.idleCalls = new CountDownLatch(3);
            BusSubscription s = bus.subscribe("idle", r);
            assertThat(r.idleCalls.await(10, TimeUnit.SECONDS)).as("woken while nothing is published").isTrue();
            assertThat(s.lag()).isZero();
            s.close(Duration.ofSeconds(5));
            assertThat(r.events).isEmpty();
        }
    }
}
