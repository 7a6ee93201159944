package io.dpp.bus;

import static org.assertj.core.api.Assertions.assertThat;

import io.dpp.core.decimal.Decimal64;
import io.dpp.core.instrument.Instrument;
import io.dpp.core.instrument.InstrumentType;
import io.dpp.core.model.MarketEvent;
import io.dpp.core.model.Side;
import io.dpp.core.model.Trade;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Kafka bus against a real broker started in the test JVM (KRaft, one combined node):
 * delivery in order per instrument, offsets committed only once the consumer reports durability,
 * and re-delivery of what was not durable.
 */
class KafkaBusTest {

    private static KafkaTestBroker kafka;

    @BeforeAll
    static void startBroker() throws Exception {
        kafka = KafkaTestBroker.start();
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (kafka != null) {
            kafka.close();
        }
    }

    static BusConfig.Kafka config(String bootstrap, String prefix) {
        return new BusConfig.Kafka() {
            public String bootstrapServers() {
                return bootstrap;
            }

            public String topicPrefix() {
                return prefix;
            }

            public String groupPrefix() {
                return prefix + "group-";
            }

            public int partitions() {
                return 3;
            }

            public int replicationFactor() {
                return 1;
            }

            public Duration poll() {
                return Duration.ofMillis(50);
            }

            public Map<String, String> client() {
                return Map.of();
            }

            public BusConfig.HotHot hotHot() {
                return BusConfig.HotHot.of(8192, Duration.ofSeconds(2));
            }

            public Duration sendStall() {
                return Duration.ofSeconds(5);
            }

            public Duration deliveryTimeout() {
                return Duration.ofHours(1);
            }
        };
    }

    /** Collects trade ids per symbol; answers "durable" as told. */
    static final class Collector implements BusConsumer {
        final Map<String, List<String>> ids = Collections.synchronizedMap(new HashMap<>());
        volatile boolean durable;
        volatile int count;
        final java.util.Set<Integer> started = java.util.concurrent.ConcurrentHashMap.newKeySet();

        @Override
        public void onPartitionStart(int partition, long next) {
            started.add(partition);
            wake();
        }

        @Override
        public void onEvent(MarketEvent event) {
            Trade t = (Trade) event;
            ids.computeIfAbsent(t.instrument().nativeSymbol(), k -> Collections.synchronizedList(new ArrayList<>()))
                    .add(t.id().toString());
            count++;
            wake();
        }

        /** Called after every poll of the subscription (records or none): what waits on it looks again. */
        @Override
        public boolean endOfBatch(boolean idle) {
            wake();
            return durable;
        }

        private synchronized void wake() {
            notifyAll();
        }

        /** Waits until {@code condition} holds, looking again at each event, partition start and batch end. */
        synchronized boolean until(java.util.function.BooleanSupplier condition, Duration timeout) throws InterruptedException {
            long end = System.nanoTime() + timeout.toNanos();
            while (!condition.getAsBoolean()) {
                long left = end - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(this, left);
            }
            return true;
        }

        /** Like the recorder after a failed commit: returns normally, but reports nothing durable. */
        @Override
        public boolean flush() {
            return durable;
        }

        @Override
        public boolean onClose() {
            return durable;
        }

        boolean await(int n, Duration timeout) throws InterruptedException {
            return until(() -> count >= n, timeout);
        }
    }

    /** Sets the broker's produce quota for {@code clientId} to {@code bytesPerSecond}. */
    private static void throttle(String bootstrap, String clientId, double bytesPerSecond) throws Exception {
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(
                Map.of(org.apache.kafka.clients.admin.AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            var entity = new org.apache.kafka.common.quota.ClientQuotaEntity(
                    Map.of(org.apache.kafka.common.quota.ClientQuotaEntity.CLIENT_ID, clientId));
            var op = new org.apache.kafka.common.quota.ClientQuotaAlteration.Op("producer_byte_rate", bytesPerSecond);
            admin.alterClientQuotas(List.of(new org.apache.kafka.common.quota.ClientQuotaAlteration(entity, List.of(op))))
                    .all().get(30, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    private static void publish(Bus bus, int from, int to) {
        publish(bus, from, to, 0);
    }

    /** Trades {@code from} to {@code to}, received {@code later} microseconds after the first feed's copy. */
    private static void publish(Bus bus, int from, int to, long later) {
        Trade t = new Trade();
        for (int i = from; i < to; i++) {
            bus.publish(trade(t, i, later));
        }
    }

    /** {@code t} made trade {@code i} of SYM(i % 3)USDT, received {@code later} microseconds after the first feed's copy. */
    private static Trade trade(Trade t, int i, long later) {
        t.instrument(Instrument.builder("binance", "SYM" + (i % 3) + "USDT").assets("SYM" + (i % 3), "USDT")
                .type(InstrumentType.SPOT).build());
        t.times(1_700_000_000_000_000L + i, 1_700_000_000_000_100L + i + later);
        t.id().set(i);
        t.set(Decimal64.of(100 + i, 2), Decimal64.of(1, 0), Side.BUY);
        return t;
    }

    @Test
    void aRebalanceAcknowledgesNothingTheConsumerDidNotMakeDurable() throws Exception {
        KafkaBus bus = new KafkaBus(config(kafka.bootstrapServers(), "t2."));
        try {
            publish(bus, 0, 600);
            Collector failing = new Collector(); // its commits fail: nothing it received is durable
            BusSubscription first = bus.subscribe("recorder", failing);
            assertThat(failing.await(600, Duration.ofSeconds(60))).as("first delivery").isTrue();
            // A second process joins the group: the first gives up partitions (flush, not durable),
            // then leaves altogether (close, not durable). Nothing may have been acknowledged, so the
            // second is delivered every event once.
            Collector healthy = new Collector();
            healthy.durable = true;
            BusSubscription second = bus.subscribe("recorder", healthy);
            healthy.await(1, Duration.ofSeconds(60));
            first.close(Duration.ofSeconds(10));
            assertThat(healthy.await(600, Duration.ofSeconds(60))).as("every event again, after the rebalances").isTrue();
            second.close(Duration.ofSeconds(10));
            assertThat(healthy.count).isEqualTo(600);
            assertThat(((java.util.List<?>) bus.subscriptions())).isEmpty();
        } finally {
            bus.close(Duration.ofSeconds(10));
        }
    }

    /**
     * A process stopping while its broker is away must still stop within its budget: the
     * consumer's closing commit, its leaving the group and the producer's unsent events each wait
     * only for what is left of it (a commit alone would otherwise wait a minute, a flush forever).
     */
    @Test
    @org.junit.jupiter.api.Timeout(120) // the close before budgets hung in the producer's flush
    void aCloseWhileTheBrokerIsAwayEndsWithinItsBudget() throws Exception {
        KafkaTestBroker own = KafkaTestBroker.start();
        KafkaBus bus = new KafkaBus(config(own.bootstrapServers(), "t5."));
        boolean closed = false;
        try {
            publish(bus, 0, 30);
            Collector durable = new Collector();
            durable.durable = true;
            BusSubscription s = bus.subscribe("closing", durable);
            assertThat(durable.await(30, Duration.ofSeconds(60))).as("delivery before the broker goes").isTrue();
            // A broker gone refuses every offer at once (the producer has no leader to send to), so
            // the events to fail at the close are taken first, while the broker throttles the
            // producer to a byte a second and so leaves them unacknowledged; then the broker goes.
            // Once the broker applies the quota it answers a send with a throttle time of seconds,
            // during which the producer sends it nothing more: a round of offers that is still
            // unacknowledged a second after it was taken is held by the throttle.
            throttle(own.bootstrapServers(), "dpp-producer", 1.0);
            Trade t = new Trade();
            int taken = 0;
            long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            for (int i = 30; ; ) {
                assertThat(System.nanoTime() - end).as("the broker throttles the producer within 30 s").isNegative();
                taken = 0;
                for (int k = 0; k < 10; k++) {
                    taken += bus.offer(trade(t, i++, 0)) ? 1 : 0;
                }
                java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofSeconds(1).toNanos());
                if (bus.inFlight() > 0) {
                    break;
                }
            }
            assertThat(taken).as("offers the throttled producer took").isPositive();
            own.close();
            Duration budget = Duration.ofSeconds(2);
            long t0 = System.nanoTime();
            s.close(budget);
            bus.close(budget);
            closed = true;
            long took = System.nanoTime() - t0;
            // Two budgets, one after the other, plus what returning takes on a loaded machine.
            assertThat(Duration.ofNanos(took)).as("the subscription's and the bus's close").isLessThan(Duration.ofSeconds(6));
            // The consumer's thread ended too (its closing commit waits only for what is left of the
            // budget), rather than being abandoned in a commit that waits a minute for the broker.
            for (Thread th : Thread.getAllStackTraces().keySet()) {
                if (th.getName().equals("bus-closing")) {
                    th.join(1_000);
                    assertThat(th.isAlive()).as("the consumer's thread after its close, at %s",
                            java.util.Arrays.toString(th.getStackTrace())).isFalse();
                }
            }
            // What the producer took and could not send before the close is counted, not lost unseen.
            assertThat(bus.sendErrors()).isEqualTo(taken);
            assertThat(bus.inFlight()).as("a failed send is no longer in flight").isZero();
        } finally {
            if (!closed) {
                bus.close(Duration.ofSeconds(10));
                own.close();
            }
        }
    }

    /**
     * A real producer that withholds the records of the instruments whose key ends in {@code suffix},
     * as a producer that keeps a partition's records unsent after its broker came back: it neither
     * sends them nor answers for them until it is closed, when it gives them up (as Kafka's forced
     * close does). Counts what it withheld in {@code withheld}.
     */
    @SuppressWarnings("unchecked")
    private static org.apache.kafka.clients.producer.Producer<byte[], byte[]> withholding(Map<String, Object> properties,
            String suffix, java.util.concurrent.atomic.AtomicInteger withheld) {
        var real = new org.apache.kafka.clients.producer.KafkaProducer<>(properties,
                new org.apache.kafka.common.serialization.ByteArraySerializer(),
                new org.apache.kafka.common.serialization.ByteArraySerializer());
        List<org.apache.kafka.clients.producer.Callback> held = Collections.synchronizedList(new ArrayList<>());
        java.lang.reflect.InvocationHandler handler = (proxy, method, args) -> {
            if (method.getName().equals("send") && args.length == 2
                    && new String(((org.apache.kafka.clients.producer.ProducerRecord<byte[], byte[]>) args[0]).key(),
                            java.nio.charset.StandardCharsets.UTF_8).endsWith(suffix)) {
                held.add((org.apache.kafka.clients.producer.Callback) args[1]);
                withheld.incrementAndGet();
                return new java.util.concurrent.CompletableFuture<>();
            }
            if (method.getName().equals("close")) {
                synchronized (held) {
                    for (var callback : held) {
                        callback.onCompletion(null, new org.apache.kafka.common.KafkaException("Producer is closed forcefully."));
                    }
                    held.clear();
                }
            }
            try {
                return method.invoke(real, args);
            } catch (java.lang.reflect.InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return (org.apache.kafka.clients.producer.Producer<byte[], byte[]>) java.lang.reflect.Proxy.newProxyInstance(
                KafkaBusTest.class.getClassLoader(), new Class<?>[] {org.apache.kafka.clients.producer.Producer.class}, handler);
    }

    /**
     * Records the producer keeps unsent while the broker answers are not left to the delivery
     * timeout (then lost): past stuck-after the bus replaces the producer and sends them again
     * through the new one, in order, each once, and goes on publishing through it.
     */
    @Test
    void recordsTheProducerWithholdsWhileTheBrokerAnswersAreSentAgainThroughANewProducer() throws Exception {
        java.util.concurrent.atomic.AtomicInteger withheld = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger made = new java.util.concurrent.atomic.AtomicInteger();
        KafkaBus bus = new KafkaBus(config(kafka.bootstrapServers(), "t6."), Duration.ofSeconds(2),
                p -> made.getAndIncrement() == 0 ? withholding(p, "SYM1USDT", withheld)
                        : new org.apache.kafka.clients.producer.KafkaProducer<>(p,
                                new org.apache.kafka.common.serialization.ByteArraySerializer(),
                                new org.apache.kafka.common.serialization.ByteArraySerializer()));
        try {
            Collector c = new Collector();
            c.durable = true;
            BusSubscription s = bus.subscribe("recorder", c);
            publish(bus, 0, 300);
            assertThat(withheld.get()).as("records of SYM1USDT the first producer withheld").isEqualTo(100);
            assertThat(c.await(300, Duration.ofSeconds(60))).as("every event, the withheld ones sent again").isTrue();
            assertThat(bus.producerReplacements()).isEqualTo(1);
            List<String> ids = c.ids.get("SYM1USDT");
            assertThat(ids).hasSize(100);
            for (int k = 0; k < ids.size(); k++) {
                assertThat(ids.get(k)).as("in the order published").isEqualTo(Integer.toString(1 + 3 * k));
            }
            assertThat(c.until(() -> bus.inFlight() == 0, Duration.ofSeconds(30))).as("acknowledged: %d bytes in flight",
                    bus.inFlight()).isTrue();
            assertThat(bus.sendErrors()).isZero();
            // The new producer takes what follows.
            publish(bus, 300, 330);
            assertThat(c.await(330, Duration.ofSeconds(60))).as("events after the replacement").isTrue();
            assertThat(c.until(() -> bus.inFlight() == 0, Duration.ofSeconds(30))).isTrue();
            s.close(Duration.ofSeconds(10));
            assertThat(c.count).as("each event once").isEqualTo(330);
            assertThat(bus.producerReplacements()).as("no replacement while nothing is stuck").isEqualTo(1);
            assertThat(withheld.get()).isEqualTo(100);
        } finally {
            bus.close(Duration.ofSeconds(10));
        }
    }

    @Test
    void offsetsAreCommittedOnlyOnceTheConsumerReportsDurability() throws Exception {
        KafkaBus bus = new KafkaBus(config(kafka.bootstrapServers(), "t1."));
        try {
            publish(bus, 0, 900);
            Collector notDurable = new Collector();
            BusSubscription first = bus.subscribe("recorder", notDurable);
            assertThat(notDurable.await(900, Duration.ofSeconds(60))).as("first delivery").isTrue();
            first.close(Duration.ofSeconds(10));
            for (int s = 0; s < 3; s++) {
                List<String> ids = notDurable.ids.get("SYM" + s + "USDT");
                assertThat(ids).hasSize(300);
                for (int k = 1; k < ids.size(); k++) {
                    assertThat(Integer.parseInt(ids.get(k))).as("order per instrument").isGreaterThan(Integer.parseInt(ids.get(k - 1)));
                }
            }
            // Nothing was acknowledged: the same group gets every event again, and now acknowledges.
            Collector durable = new Collector();
            durable.durable = true;
            BusSubscription second = bus.subscribe("recorder", durable);
            assertThat(durable.await(900, Duration.ofSeconds(60))).as("re-delivery of what was not durable").isTrue();
            second.close(Duration.ofSeconds(10));
            assertThat(durable.count).isEqualTo(900);
            // Everything was acknowledged: only new events arrive.
            Collector third = new Collector();
            third.durable = true;
            BusSubscription s3 = bus.subscribe("recorder", third);
            publish(bus, 900, 910);
            // The new events share the old ones' keys, so partitions: an old event delivered again
            // would have come before them, and the count would exceed 10 by now.
            assertThat(third.await(10, Duration.ofSeconds(60))).isTrue();
            s3.close(Duration.ofSeconds(10));
            assertThat(third.count).isEqualTo(10);
            assertThat(bus.sendErrors()).isZero();
            assertThat(bus.inFlight()).as("every event delivered was acknowledged first").isZero();
            assertThat(bus.published(io.dpp.core.model.EventType.TRADE)).isEqualTo(910);
        } finally {
            bus.close(Duration.ofSeconds(10));
        }
    }

    @Test
    void hotHotFeedsAreDeliveredOnceEvenToAConsumerThatStartsBetweenTheCopies() throws Exception {
        KafkaBus feedA = new KafkaBus(config(kafka.bootstrapServers(), "t3."));
        KafkaBus feedB = new KafkaBus(config(kafka.bootstrapServers(), "t3."));
        try {
            // Feed A publishes trades 0-149, then feed B, behind it, 0-199 (A died at 150).
            publish(feedA, 0, 150);
            feedA.close(Duration.ofSeconds(10));
            Collector early = new Collector();
            early.durable = true;
            BusSubscription first = feedB.subscribe("recorder", early);
            assertThat(early.await(150, Duration.ofSeconds(60))).as("feed A's trades").isTrue();
            first.close(Duration.ofSeconds(10)); // acknowledges A's 150: B's copies come after that point
            publish(feedB, 0, 200, 40);
            // The group resumes after A's trades; its filter reads them first (without delivering
            // them), so B's copies of them are duplicates and only 150-199 are new.
            Collector late = new Collector();
            late.durable = true;
            BusSubscription second = feedB.subscribe("recorder", late);
            assertThat(late.await(50, Duration.ofSeconds(60))).as("B's new trades").isTrue();
            late.until(() -> second.dropped(HotHotFilter.DUPLICATE) >= 150, Duration.ofSeconds(60));
            assertThat(second.dropped(HotHotFilter.DUPLICATE)).as("B's copies of A's trades").isEqualTo(150);
            second.close(Duration.ofSeconds(10));
            assertThat(late.count).isEqualTo(50);
            for (int s = 0; s < 3; s++) {
                List<String> ids = late.ids.get("SYM" + s + "USDT");
                for (int k = 0; k < ids.size(); k++) {
                    assertThat(Integer.parseInt(ids.get(k))).isGreaterThanOrEqualTo(150);
                }
            }
            // A broadcast consumer joining now, as a stream API replica does, and a restarted A
            // (another producer id) that publishes B's next trades again.
            Collector live = new Collector();
            BusSubscription broadcast = feedB.subscribe("fanout", live, Bus.Delivery.BROADCAST);
            awaitAssigned(live);
            KafkaBus restartedA = new KafkaBus(config(kafka.bootstrapServers(), "t3."));
            try {
                publish(feedB, 200, 230, 40);
                publish(restartedA, 200, 230);
                assertThat(live.await(30, Duration.ofSeconds(60))).isTrue();
                live.until(() -> broadcast.dropped(HotHotFilter.DUPLICATE) >= 30, Duration.ofSeconds(60));
                assertThat(broadcast.dropped(HotHotFilter.DUPLICATE)).isEqualTo(30);
                assertThat(live.count).isEqualTo(30);
            } finally {
                broadcast.close(Duration.ofSeconds(10));
                restartedA.close(Duration.ofSeconds(10));
            }
        } finally {
            feedB.close(Duration.ofSeconds(10));
        }
    }

    /** Waits until a broadcast subscription has every partition (it starts at their end). */
    private static void awaitAssigned(Collector c) throws InterruptedException {
        c.until(() -> c.started.size() >= io.dpp.core.model.EventType.values().length * 3, Duration.ofSeconds(60));
        assertThat(c.started).hasSize(io.dpp.core.model.EventType.values().length * 3);
    }
}
