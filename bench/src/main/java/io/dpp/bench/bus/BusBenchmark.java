package io.dpp.bench.bus;

import io.dpp.bus.Bus;
import io.dpp.bus.BusConfig;
import io.dpp.bus.BusConsumer;
import io.dpp.bus.BusSubscription;
import io.dpp.bus.EventCodec;
import io.dpp.bus.KafkaBus;
import io.dpp.core.model.BookChange;
import io.dpp.core.model.Candle;
import io.dpp.core.model.DerivativeTicker;
import io.dpp.core.model.EventType;
import io.dpp.core.model.FeedStatus;
import io.dpp.core.model.Liquidation;
import io.dpp.core.model.MarketEvent;
import io.dpp.core.model.Quote;
import io.dpp.core.model.Trade;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * {@code dpp bench bus}: how many events a second the Kafka bus of split mode carries from a
 * publisher to a subscriber through a real broker, against what the same broker carries for a plain
 * Kafka producer and consumer of the same records (same keys, same encoded values, same topics and
 * partitions), measured in turns in one run.
 *
 * <p>Each turn starts on fresh topics, with the consumer's group joined and assigned before the
 * clock starts; the clock stops when the consumer has received every event. The DPP turn publishes
 * event objects through {@link KafkaBus#publish} (encoding each with {@link EventCodec}) and
 * receives them through a durable subscription (decoding each, committing per batch: the
 * recorder's path). The plain turns send the already-encoded bytes and count the records a consumer
 * polls without decoding them (Kafka's default auto-commit): once with the bus's producer settings,
 * once with Kafka's defaults.
 *
 * <p>The ratio is the median of the rounds' own ratios, each the DPP turn against the faster plain
 * turn of the same round; a round's turns run in the reverse order of the round before. On a
 * shared machine the same turn can run at a third of its pace a minute later (other processes,
 * the broker's log cleaning, the page cache): a round compares turns that ran next to each other,
 * and alternating the order cancels a drift across the round. The medians of each kind over all
 * rounds, and their ratio, are printed too.
 */
public final class BusBenchmark {

    /** One timed turn. */
    public record Turn(int round, String kind, long events, long valueBytes, double seconds, double sendSeconds) {

        public double eventsPerSecond() {
            return events / seconds;
        }
    }

    /** The figures and the counters that prove the work was done. */
    public record Result(int partitions, long eventsPerTurn, int distinctEvents, double averageValueBytes, List<Turn> turns,
                         long sendErrors, long consumerErrors, boolean complete, int hotHotWindow, long hotHotDropped) {

        /** Median events/s of the turns of {@code kind}. */
        public double median(String kind) {
            return medianOf(turns.stream().filter(t -> t.kind().equals(kind)).mapToDouble(Turn::eventsPerSecond).toArray());
        }

        /** DPP's median against the better plain median, over all rounds. */
        public double ratioOfMedians() {
            double plain = Math.max(median(PLAIN_TUNED), median(PLAIN_DEFAULTS));
            return plain == 0 ? 0 : median(DPP) / plain;
        }

        /** Each round's DPP turn against its faster plain turn, in round order. */
        public double[] roundRatios() {
            int rounds = turns.stream().mapToInt(Turn::round).max().orElse(-1) + 1;
            double[] dpp = new double[rounds];
            double[] plain = new double[rounds];
            for (Turn t : turns) {
                if (t.kind().equals(DPP)) {
                    dpp[t.round()] = t.eventsPerSecond();
                } else {
                    plain[t.round()] = Math.max(plain[t.round()], t.eventsPerSecond());
                }
            }
            double[] ratios = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                ratios[r] = plain[r] == 0 ? 0 : dpp[r] / plain[r];
            }
            return ratios;
        }

        /** The median of the rounds' ratios: the benchmark's figure. */
        public double ratio() {
            return medianOf(roundRatios());
        }

        /** True when every turn delivered every event and nothing failed. */
        public boolean ok() {
            return complete && sendErrors == 0 && consumerErrors == 0;
        }

        public String json() {
            StringBuilder runs = new StringBuilder();
            for (Turn t : turns) {
                runs.append(runs.isEmpty() ? "" : ",").append(String.format(Locale.ROOT,
                        "{\"round\":%d,\"kind\":\"%s\",\"events\":%d,\"value_bytes\":%d,\"seconds\":%.3f,\"send_seconds\":%.3f,"
                        + "\"events_per_sec\":%.0f}", t.round(), t.kind(), t.events(), t.valueBytes(), t.seconds(), t.sendSeconds(),
                        t.eventsPerSecond()));
            }
            return String.format(Locale.ROOT, "{\"partitions\":%d,\"hot_hot_window\":%d,\"hot_hot_dropped\":%d,"
                    + "\"events_per_turn\":%d,\"distinct_events\":%d,"
                    + "\"average_value_bytes\":%.1f,\"dpp_events_per_sec\":%.0f,\"dpp_mb_per_sec\":%.1f,"
                    + "\"plain_events_per_sec\":%.0f,\"plain_defaults_events_per_sec\":%.0f,\"ratio\":%.3f,"
                    + "\"round_ratios\":%s,\"ratio_of_medians\":%.3f,"
                    + "\"send_errors\":%d,\"consumer_errors\":%d,\"every_event_delivered\":%b,\"ok\":%b,\"turns\":[%s]}",
                    partitions, hotHotWindow, hotHotDropped, eventsPerTurn, distinctEvents, averageValueBytes, median(DPP),
                    median(DPP) * averageValueBytes / 1e6, median(PLAIN_TUNED), median(PLAIN_DEFAULTS), ratio(),
                    Arrays.toString(Arrays.stream(roundRatios()).mapToObj(x -> String.format(Locale.ROOT, "%.3f", x)).toArray()),
                    ratioOfMedians(), sendErrors, consumerErrors, complete, ok(), runs);
        }
    }

    private static double medianOf(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v.length == 0 ? 0 : v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /** Turn kinds. */
    public static final String DPP = "dpp";
    public static final String PLAIN_TUNED = "plain";
    public static final String PLAIN_DEFAULTS = "plain_defaults";

    /** Longest wait for one turn's consumer to receive everything. */
    private static final Duration TURN_TIMEOUT = Duration.ofMinutes(5);

    private final String bootstrap;
    private final Map<String, String> client;
    /** The bus's hot-hot filtering, as configured (bus.kafka.hot-hot; window 0 turns it off). */
    private final BusConfig.HotHot hotHot;
    private final int partitions;
    private final List<MarketEvent> events;
    private final byte[][] keys;
    private final byte[][] values;
    private final EventType[] types;
    private final String run = Long.toString(System.currentTimeMillis(), 36);
    private long sendErrors;
    private long consumerErrors;
    private long hotHotDropped;
    private boolean complete = true;

    private BusBenchmark(String bootstrap, Map<String, String> client, BusConfig.HotHot hotHot, int partitions,
                         List<MarketEvent> events) {
        this.bootstrap = bootstrap;
        this.client = client;
        this.hotHot = hotHot;
        this.partitions = partitions;
        this.events = events;
        this.keys = new byte[events.size()][];
        this.values = new byte[events.size()][];
        this.types = new EventType[events.size()];
        EventCodec codec = new EventCodec();
        for (int i = 0; i < events.size(); i++) {
            MarketEvent e = events.get(i);
            keys[i] = key(e).getBytes(StandardCharsets.UTF_8);
            values[i] = codec.encode(e);
            types[i] = e.type();
        }
    }

    /**
     * Runs {@code rounds} rounds of the three turns, each turn carrying {@code eventsPerTurn} events
     * cycled from {@code events}.
     */
    public static Result run(String bootstrap, Map<String, String> client, BusConfig.HotHot hotHot, int partitions,
                             List<MarketEvent> events, long eventsPerTurn, int rounds) throws Exception {
        if (events.isEmpty()) {
            throw new IllegalArgumentException("no events to publish");
        }
        BusBenchmark b = new BusBenchmark(bootstrap, client, hotHot, partitions, events);
        long totalBytes = 0;
        for (byte[] v : b.values) {
            totalBytes += v.length;
        }
        // Untimed rounds of every kind warm the JIT, the broker's page cache and the clients: with
        // 200k events of two kinds, the timed turns still sped up threefold over the first rounds.
        long warm = Math.min(eventsPerTurn, 1_000_000);
        for (int r = 0; r < 2; r++) {
            b.dpp(-1, warm, "warm" + r);
            b.plain(-1, warm, true, "warm" + r);
            b.plain(-1, warm, false, "warm" + r);
        }
        List<Turn> turns = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            if (r % 2 == 0) {
                turns.add(b.dpp(r, eventsPerTurn, "r" + r));
                turns.add(b.plain(r, eventsPerTurn, true, "r" + r));
                turns.add(b.plain(r, eventsPerTurn, false, "r" + r));
            } else {
                turns.add(b.plain(r, eventsPerTurn, false, "r" + r));
                turns.add(b.plain(r, eventsPerTurn, true, "r" + r));
                turns.add(b.dpp(r, eventsPerTurn, "r" + r));
            }
        }
        return new Result(partitions, eventsPerTurn, events.size(), (double) totalBytes / events.size(), turns, b.sendErrors,
                b.consumerErrors, b.complete, hotHot.window(), b.hotHotDropped);
    }

    /** The bus's key of an event: venue and native symbol, as {@link KafkaBus} writes it. */
    private static String key(MarketEvent e) {
        return e.instrument() == null ? e.venue() : e.venue() + ":" + e.instrument().nativeSymbol();
    }

    /** A copy of a (reused) event that the benchmark can keep. */
    public static MarketEvent copyOf(MarketEvent e) {
        return switch (e.type()) {
            case TRADE -> new Trade().copyFrom((Trade) e);
            case BOOK_CHANGE -> new BookChange().copyFrom((BookChange) e);
            case QUOTE -> new Quote().copyFrom((Quote) e);
            case CANDLE -> new Candle().copyFrom((Candle) e);
            case DERIVATIVE_TICKER -> new DerivativeTicker().copyFrom((DerivativeTicker) e);
            case LIQUIDATION -> new Liquidation().copyFrom((Liquidation) e);
            case FEED_STATUS -> new FeedStatus().copyFrom((FeedStatus) e);
        };
    }

    private Turn dpp(int roundNumber, long count, String round) throws Exception {
        String prefix = "bench-" + run + "-" + round + "-dpp.";
        KafkaBus bus = new KafkaBus(config(prefix));
        Counter counter = new Counter(count);
        long valueBytes = 0;
        long start;
        long sent;
        try {
            BusSubscription sub = bus.subscribe("bench", counter, Bus.Delivery.DURABLE);
            awaitAssigned(prefix + "bench");
            start = System.nanoTime();
            for (long i = 0; i < count; i++) {
                int k = (int) (i % events.size());
                bus.publish(events.get(k));
                valueBytes += values[k].length;
            }
            sent = System.nanoTime();
            awaitDone(counter.done, "the bus's subscriber");
            sendErrors += bus.sendErrors();
            consumerErrors += sub.errors();
            // One producer: the filter must pass every record (it still does all its work on each).
            hotHotDropped += sub.dropped(BusSubscription.DUPLICATE) + sub.dropped(BusSubscription.OTHER_SNAPSHOT);
        } finally {
            bus.close(Duration.ofSeconds(10));
            deleteTopics(prefix);
        }
        complete &= counter.received.get() == count;
        return new Turn(roundNumber, DPP, count, valueBytes, (counter.end - start) / 1e9, (sent - start) / 1e9);
    }

    private Turn plain(int roundNumber, long count, boolean tuned, String round) throws Exception {
        String prefix = "bench-" + run + "-" + round + (tuned ? "-plain." : "-plaind.");
        String[] topics = new String[EventType.values().length];
        try (Admin admin = Admin.create(adminProps())) {
            List<NewTopic> create = new ArrayList<>();
            for (EventType t : EventType.values()) {
                topics[t.ordinal()] = prefix + t.name().toLowerCase(Locale.ROOT);
                create.add(new NewTopic(topics[t.ordinal()], partitions, (short) 1));
            }
            admin.createTopics(create).all().get(30, TimeUnit.SECONDS);
            KafkaBus.awaitServed(admin, Arrays.asList(topics), partitions);
        }
        Map<String, Object> p = adminProps();
        if (tuned) {
            p.putAll(KafkaBus.producerTuning());
            p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 64L << 20);
        }
        Map<String, Object> c = adminProps();
        String group = prefix + "consumer";
        c.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000);
        AtomicLong received = new AtomicLong();
        long[] end = new long[1];
        CountDownLatch done = new CountDownLatch(1);
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        Thread consumer = new Thread(() -> {
            try (KafkaConsumer<byte[], byte[]> k = new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
                k.subscribe(Arrays.asList(topics));
                while (done.getCount() > 0 && !stop.get()) {
                    for (ConsumerRecord<byte[], byte[]> r : k.poll(Duration.ofMillis(100))) {
                        if (r.value() != null && received.incrementAndGet() == count) {
                            end[0] = System.nanoTime();
                            done.countDown();
                        }
                    }
                }
            } catch (RuntimeException e) {
                consumerErrors++;
                done.countDown();
            }
        }, "bench-plain-consumer");
        consumer.setDaemon(true);
        consumer.start();
        long valueBytes = 0;
        long start;
        long sent;
        AtomicLong failed = new AtomicLong();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            awaitAssigned(group);
            start = System.nanoTime();
            for (long i = 0; i < count; i++) {
                int k = (int) (i % events.size());
                producer.send(new ProducerRecord<>(topics[types[k].ordinal()], keys[k], values[k]), (m, e) -> {
                    if (e != null) {
                        failed.incrementAndGet();
                    }
                });
                valueBytes += values[k].length;
            }
            sent = System.nanoTime();
            awaitDone(done, "the plain consumer");
        } finally {
            stop.set(true);
            consumer.join(10_000);
            deleteTopics(prefix);
        }
        sendErrors += failed.get();
        complete &= received.get() == count;
        return new Turn(roundNumber, tuned ? PLAIN_TUNED : PLAIN_DEFAULTS, count, valueBytes, (end[0] - start) / 1e9, (sent - start) / 1e9);
    }

    /** Counts what a subscription receives and notes when the last one came. */
    private static final class Counter implements BusConsumer {
        final long expected;
        final AtomicLong received = new AtomicLong();
        final CountDownLatch done = new CountDownLatch(1);
        volatile long end;

        Counter(long expected) {
            this.expected = expected;
        }

        @Override
        public void onEvent(MarketEvent event) {
            if (received.incrementAndGet() == expected) {
                end = System.nanoTime();
                done.countDown();
            }
        }
    }

    private static void awaitDone(CountDownLatch done, String who) throws InterruptedException {
        if (!done.await(TURN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException(who + " did not receive every event within " + TURN_TIMEOUT.toMinutes() + " minutes");
        }
    }

    /** Waits until {@code group} is stable with partitions assigned, so that joining is not timed. */
    private void awaitAssigned(String group) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        try (Admin admin = Admin.create(adminProps())) {
            while (System.nanoTime() < deadline) {
                ConsumerGroupDescription d = admin.describeConsumerGroups(List.of(group)).all().get(10, TimeUnit.SECONDS).get(group);
                if (d != null && d.groupState() == GroupState.STABLE && d.members().stream()
                        .anyMatch(m -> !m.assignment().topicPartitions().isEmpty())) {
                    return;
                }
                // The admin API has no wait for a group's state: ask again shortly.
                TimeUnit.MILLISECONDS.sleep(50);
            }
        }
        throw new TimeoutException("consumer group " + group + " was not assigned its partitions within 60 s");
    }

    private void deleteTopics(String prefix) {
        try (Admin admin = Admin.create(adminProps())) {
            List<String> names = admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
                    .filter(n -> n.startsWith(prefix)).toList();
            if (!names.isEmpty()) {
                admin.deleteTopics(names).all().get(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // Left behind on the broker: the next turns use topics of their own.
            System.err.println("dpp bench bus: could not delete the topics " + prefix + "*: " + e.getCause());
        }
    }

    private Map<String, Object> adminProps() {
        Map<String, Object> p = new HashMap<>(client);
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        return p;
    }

    private BusConfig.Kafka config(String prefix) {
        Map<String, String> clientProps = Map.copyOf(client);
        int parts = partitions;
        String servers = bootstrap;
        BusConfig.HotHot filtering = hotHot;
        return new BusConfig.Kafka() {
            @Override
            public String bootstrapServers() {
                return servers;
            }

            @Override
            public String topicPrefix() {
                return prefix;
            }

            @Override
            public String groupPrefix() {
                return prefix;
            }

            @Override
            public int partitions() {
                return parts;
            }

            @Override
            public int replicationFactor() {
                return 1;
            }

            @Override
            public Duration poll() {
                return Duration.ofMillis(100);
            }

            @Override
            public Map<String, String> client() {
                return clientProps;
            }

            @Override
            public BusConfig.HotHot hotHot() {
                return filtering;
            }

            @Override
            public Duration sendStall() {
                return Duration.ofSeconds(5);
            }

            @Override
            public Duration deliveryTimeout() {
                return Duration.ofHours(1);
            }
        };
    }
}
