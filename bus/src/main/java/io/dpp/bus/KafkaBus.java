package io.dpp.bus;

import io.dpp.core.model.EventType;
import io.dpp.core.model.MarketEvent;
import io.dpp.core.time.Timestamps;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bus of split mode: Apache Kafka. One topic per event type ({@code <prefix>trades},
 * {@code <prefix>book_changes}, ...), records keyed by {@code venue:symbol} so that each
 * instrument stays in one partition and in order, values in {@link EventCodec}'s binary form.
 *
 * <p>The producer is idempotent ({@code enable.idempotence}, {@code acks=all}), so retries never
 * duplicate a record. Each subscription is a consumer group ({@code <group-prefix><name>}) that
 * commits its offsets only when its {@link BusConsumer} reports everything delivered durable (at
 * batch ends, asynchronously, each commit carrying every partition's durable offset; before giving
 * partitions away in a rebalance and at shutdown, synchronously; a report of not durable leaves the
 * offsets where they were): after a crash the group resumes from the last durable point and
 * re-delivers the rest, which the store's deduplication absorbs. A consumer that gets a partition
 * back after a rebalance (the broker restarted) resumes after what it made durable itself, even if
 * the commit of that was lost with the broker.
 *
 * <p>Each record carries its publisher's id (in the event, {@link EventCodec}; random per process), so
 * that the consumers can keep one copy of each event of hot-hot feeds ({@link HotHotFilter}, one
 * per partition). A consumer that starts a partition anywhere but at its beginning first reads the
 * filter's window before that point without delivering it, so that it decides as the consumers
 * that read those records did.
 */
public final class KafkaBus implements Bus {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaBus.class);
    /** What a consumer's close keeps of its budget for the closing thread to see the loop end. */
    private static final long CLOSE_MARGIN_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    /** How long a rebalance's commit waits for the broker: the client's default API timeout. */
    private static final Duration REBALANCE_COMMIT_TIMEOUT = Duration.ofSeconds(60);
    /** How long a broadcast (not durable) consumer waits at most to leave its group at close. */
    private static final Duration BROADCAST_LEAVE = Duration.ofSeconds(1);

    private final BusConfig.Kafka config;
    /** The topic of each event type, by its ordinal. */
    private final String[] topicOf = new String[EventType.values().length];
    /** The producer sends go to; replaced when it holds records the broker would take ({@link #watch}). */
    private volatile Producer<byte[], byte[]> producer;
    /** Makes a producer from its properties: a {@link KafkaProducer}, or in a test one that withholds records. */
    private final java.util.function.Function<Map<String, Object>, Producer<byte[], byte[]>> producers;
    /** The properties of every producer of the bus. */
    private final Map<String, Object> producerProperties;
    /**
     * This process's id, written into every event it publishes ({@link EventCodec}): random, so a
     * restarted feed counts as another feed.
     */
    private final long source = sourceId();
    /** Every thread that has published: its codec and its counts of records handed over, by generation. */
    private final List<Publisher> publishers = new CopyOnWriteArrayList<>();
    private final java.util.concurrent.atomic.AtomicInteger publisherCount = new java.util.concurrent.atomic.AtomicInteger();
    private final ThreadLocal<Publisher> publisher = ThreadLocal.withInitial(() -> {
        Publisher p = new Publisher(new EventCodec(source), publisherCount.getAndIncrement());
        publishers.add(p);
        return p;
    });
    private final LongAdder[] published = new LongAdder[EventType.values().length];
    private final LongAdder sendErrors = new LongAdder();
    private final LongAdder rejected = new LongAdder();
    /**
     * Bytes of records handed to the producer ({@link #SUBMITTED}) and of those acknowledged or
     * failed ({@link #SETTLED}): their difference is what is in flight. Two counters 128 bytes apart
     * in one array rather than one counter moved both ways or two adjacent objects, so that the
     * publishing threads and the producer's I/O thread, which settles, never write the same cache
     * line ({@code dpp bench bus} measured the shared line as a fifth of the bus's throughput).
     */
    private final java.util.concurrent.atomic.AtomicLongArray bytes = new java.util.concurrent.atomic.AtomicLongArray(48);
    private static final int SUBMITTED = 16;
    private static final int SETTLED = 32;
    /**
     * Most bytes in flight before {@link #offer} refuses (back-pressure instead of a send that
     * blocks on a full producer buffer, which is four times this).
     */
    static final long MAX_IN_FLIGHT_BYTES = 16L << 20;
    /** What {@link #hasRoom} counts per event to come. */
    private static final long ROOM_PER_EVENT = 1024;
    private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();
    /** The event type of each topic, for numbering partitions ({@link Bus#partition}). */
    private final Map<String, EventType> typeOfTopic = new HashMap<>();
    private String identity;

    private static long sourceId() {
        long id;
        do {
            id = new java.security.SecureRandom().nextLong();
        } while (id == 0); // 0 is "no source"
        return id;
    }

    /** Connects, creates missing topics and starts the producer. */
    public KafkaBus(BusConfig.Kafka config) {
        this(config, STUCK_AFTER, p -> new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer()));
    }

    /**
     * As {@link #KafkaBus(BusConfig.Kafka)}, with records unacknowledged for {@code stuckAfter} while
     * the broker answers taken from the producer and sent again ({@link #watch}), and producers made
     * by {@code producers}.
     */
    KafkaBus(BusConfig.Kafka config, Duration stuckAfter,
            java.util.function.Function<Map<String, Object>, Producer<byte[], byte[]>> producers) {
        this.config = config;
        this.producers = producers;
        this.stuckGenerations = (int) Math.max(1, stuckAfter.toNanos() / GENERATION_NANOS);
        this.reachableGrace = Math.min(REACHABLE_GRACE_NANOS, stuckAfter.toNanos() / 2);
        this.stallNanos = config.sendStall().toNanos();
        for (EventType t : EventType.values()) {
            topicOf[t.ordinal()] = config.topicPrefix() + t.name().toLowerCase(Locale.ROOT);
            typeOfTopic.put(topicOf[t.ordinal()], t);
            published[t.ordinal()] = new LongAdder();
        }
        ensureTopics();
        Map<String, Object> p = common();
        p.putAll(producerTuning());
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "dpp-producer");
        // The feeds' event loops stop offering once MAX_IN_FLIGHT_BYTES are unacknowledged, well
        // before the producer's buffer is full, so a slow broker shows as back-pressure, not as a
        // send waiting for buffer space. A send can also lack its topic's metadata: after the broker
        // was lost (a broker that restarts answers for a moment as if its topics did not exist, and
        // the producer forgets them), or for a topic not yet written to. A send then waits for
        // max.block.ms; a wait of 5 s lost an event when the broker restarted under load, a wait
        // with the broker blocked a feed's event loop for as long as the broker was away (its
        // sockets unread, its timers late, its venue connections dropped: InfrastructureRestartTest).
        // So a send never waits: with max.block.ms 0 the producer refuses at once what it cannot
        // take, and offer() answers false as when the bus is full; the event stays with the feed,
        // which holds it and stops reading until the bus takes it (decision 034).
        p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 4 * MAX_IN_FLIGHT_BYTES);
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 0);
        // Keeps every topic's metadata however long an event type stays unpublished (5 minutes by
        // default, then the next send of the type would be refused until metadata came again).
        p.put(ProducerConfig.METADATA_MAX_IDLE_CONFIG, TimeUnit.DAYS.toMillis(1));
        // What the producer took waits for the broker this long, not Kafka's 2 minutes: a broker
        // away (restarted, its node replaced) for longer would otherwise lose what the feeds had
        // handed over, while the feeds themselves hold the rest and lose nothing.
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) config.deliveryTimeout().toMillis());
        producerProperties = Map.copyOf(p);
        producer = producers.apply(producerProperties);
        awaitMetadata();
        watcher = new Thread(this::watchLoop, "dpp-bus-watch");
        watcher.setDaemon(true);
        watcher.start();
    }

    /**
     * Fetches every topic's metadata before anything is published, so that the first event of a
     * type is not refused for the lack of it. The producer waits for nothing (max.block.ms 0), so
     * this asks again until it has them all, for at most 30 s.
     */
    private void awaitMetadata() {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        for (String missing = missingMetadata(producer); missing != null; missing = missingMetadata(producer)) {
            if (System.nanoTime() > end) {
                throw new IllegalStateException("Kafka gave no metadata for topic " + missing + " within 30 s");
            }
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }

    /**
     * How the bus's producer writes: idempotent with {@code acks=all} (retries never duplicate),
     * lz4 batches of up to 256 KB gathered for 5 ms, one produce request in flight per broker.
     * {@code dpp bench bus} gives its plain reference producer the same.
     * <p>
     * One request in flight, not Kafka's 5: with several, a request that fails when the broker
     * goes away (its sequence numbers unwritten) can be overtaken by a later one the broker takes,
     * and the retried request is then refused as out of order, again and again, for as long as the
     * delivery timeout (KAFKA-14359; seen in CI after a broker restart: {@code OUT_OF_ORDER_SEQUENCE_NUMBER}
     * on one partition, retried every second). With one, a partition's batches reach the broker in
     * sequence order whatever fails; the next request carries every batch that gathered meanwhile.
     */
    public static Map<String, Object> producerTuning() {
        return Map.of(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true, ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 5, ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4", ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
    }

    @Override
    public String identity() {
        return identity;
    }

    /** The topic of {@code type}. */
    public String topic(EventType type) {
        return topicOf[type.ordinal()];
    }

    @Override
    public boolean offer(MarketEvent event) {
        if (inFlight() >= MAX_IN_FLIGHT_BYTES || !send(event)) {
            rejected.increment();
            return false;
        }
        return true;
    }

    /** Bytes handed to the producer and not yet acknowledged or failed: 0 once the broker has everything published. */
    public long inFlight() {
        // Settled first: a record settled between the two reads then counts as still in flight,
        // never as less than nothing.
        long settled = bytes.get(SETTLED);
        return bytes.get(SUBMITTED) - settled;
    }

    /** The settled bytes at the latest check of {@link #accepting}, and since when they have not moved with bytes in flight (0: they did). */
    private long checkedSettled = -1;
    private final long stallNanos;
    private long stalledSince;

    /**
     * Whether the broker takes what this process publishes: false once sends have been in flight
     * for {@code bus.kafka.send-stall} without any of them settling (acknowledged or failed). Decided from what
     * successive calls (readiness probes) observe, so the send path pays nothing for it.
     */
    @Override
    public synchronized boolean accepting() {
        long refusing = refusingSince;
        if (refusing != 0 && System.nanoTime() - refusing >= stallNanos) {
            if (!warnedStalled) {
                LOG.warn("bus: Kafka has taken no event for {} s (the broker away?): not ready until it does", stallNanos / 1e9);
            }
            warnedStalled = true;
            stalledSince = refusing;
            return false;
        }
        long settled = bytes.get(SETTLED);
        long submitted = bytes.get(SUBMITTED);
        long now = System.nanoTime();
        if (settled != checkedSettled || submitted == settled) {
            if (stalledSince != 0 && now - stalledSince >= stallNanos) {
                LOG.info("bus: Kafka acknowledges again after {} ms: ready", (now - stalledSince) / 1_000_000);
            }
            checkedSettled = settled;
            stalledSince = 0;
            return true;
        }
        if (stalledSince == 0) {
            stalledSince = now;
        }
        boolean stalled = now - stalledSince >= stallNanos;
        if (stalled && !warnedStalled) {
            LOG.warn("bus: {} bytes sent to Kafka unacknowledged for {} s (the broker away?): not ready until it takes them",
                    submitted - settled, stallNanos / 1e9);
        }
        warnedStalled = stalled;
        return !stalled;
    }

    private boolean warnedStalled;

    @Override
    public boolean hasRoom(int events) {
        return inFlight() + events * ROOM_PER_EVENT <= MAX_IN_FLIGHT_BYTES;
    }

    @Override
    public long rejected() {
        return rejected.sum();
    }

    /**
     * Waits while the producer cannot take the event (its buffer full, or the broker away and the
     * topic's metadata unknown), for at most {@link #PUBLISH_WAIT_NANOS}; past that the event is
     * counted as a send error and lost, as a record the producer gave up would be.
     */
    @Override
    public void publish(MarketEvent event) {
        long end = 0;
        while (!send(event)) {
            long now = System.nanoTime();
            if (end == 0) {
                end = now + PUBLISH_WAIT_NANOS;
            } else if (now - end > 0) {
                countSendError("the producer took no event of " + topicOf[event.type().ordinal()] + " for "
                        + TimeUnit.NANOSECONDS.toSeconds(PUBLISH_WAIT_NANOS) + " s");
                return;
            }
            java.util.concurrent.locks.LockSupport.parkNanos(PUBLISH_RETRY_NANOS);
        }
    }

    /** How long {@link #publish} waits for the producer to take an event (Kafka's default delivery timeout). */
    private static final long PUBLISH_WAIT_NANOS = TimeUnit.SECONDS.toNanos(120);
    private static final long PUBLISH_RETRY_NANOS = TimeUnit.MICROSECONDS.toNanos(200);
    /**
     * After the producer refused an event of a type for the lack of its topic's metadata, offers of
     * that type are refused without asking the producer for this long: each refusal costs it an
     * exception, and a paused feed retries every millisecond.
     */
    private static final long REFUSAL_HOLD_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    /** Per event type: until when (System.nanoTime) offers of it are refused without a try; 0 when not. */
    private final java.util.concurrent.atomic.AtomicLongArray refusedUntil =
            new java.util.concurrent.atomic.AtomicLongArray(EventType.values().length);
    /** Since when (System.nanoTime) the producer has refused every event offered; 0 while it takes them. */
    private volatile long refusingSince;
    private final LongAdder refusals = new LongAdder();

    /**
     * Hands {@code event} to the producer: false, with nothing sent, when the producer refused it
     * at once (it could not take it without waiting), else true (sent, or lost and counted).
     */
    private boolean send(MarketEvent event) {
        int type = event.type().ordinal();
        long hold = refusedUntil.get(type);
        if (hold != 0) {
            if (System.nanoTime() - hold < 0) {
                return false;
            }
            refusedUntil.set(type, 0);
        }
        Publisher me = publisher.get();
        // Announced before the pause is read, as recover() pauses before it reads the announcements:
        // a send either sees the pause or is waited for (both fields volatile).
        me.sending = true;
        Sent sent;
        try {
            if (paused) {
                return false; // the producer is being replaced: the publisher holds the event meanwhile
            }
            byte[] value = me.codec.encode(event);
            byte[] key = me.codec.key(event);
            int slot = generation & GENERATION_MASK;
            Producer<byte[], byte[]> to = producer;
            sent = new Sent(new ProducerRecord<>(topicOf[type], key, value), me, slot, to);
            bytes.getAndAdd(SUBMITTED, sent.size);
            try {
                to.send(sent.record, sent);
            } catch (RuntimeException e) {
                bytes.getAndAdd(SETTLED, sent.size);
                throw e;
            }
            if (!sent.refused) {
                me.submitted.setRelease(slot, me.submitted.getPlain(slot) + 1); // this thread alone writes it
            }
        } finally {
            me.sending = false;
        }
        if (sent.refused) {
            refusals.increment();
            long now = System.nanoTime();
            refusedUntil.set(type, now + REFUSAL_HOLD_NANOS);
            if (refusingSince == 0) {
                refusingSince = now;
            }
            return false;
        }
        if (refusingSince != 0) {
            refusingSince = 0;
        }
        published[type].increment();
        return true;
    }

    /**
     * One record handed to the producer and the producer's answer to it. It keeps the record until
     * then, so that a replaced producer's records can be sent again ({@link #recover}).
     */
    private final class Sent implements org.apache.kafka.clients.producer.Callback {
        final ProducerRecord<byte[], byte[]> record;
        final long size;
        /** The thread that sends: an answer on it, during the send, is a refusal (nothing sent). */
        private final Thread sender = Thread.currentThread();
        final Publisher publisher;
        /** Its place among its publisher's records, which {@link #recover} sends again in order. */
        final long sequence;
        /** The generation slot it was handed over in. */
        final int slot;
        /**
         * The producer it was handed to. A plain field: it is written before the record is handed to
         * that producer, whose own synchronisation carries it to the thread that answers.
         */
        Producer<byte[], byte[]> owner;
        /** Set during the send when the producer could not take the record without waiting. */
        boolean refused;

        Sent(ProducerRecord<byte[], byte[]> record, Publisher publisher, int slot, Producer<byte[], byte[]> owner) {
            this.record = record;
            this.size = record.value().length;
            this.publisher = publisher;
            this.sequence = publisher.sequence++;
            this.slot = slot;
            this.owner = owner;
        }

        @Override
        public void onCompletion(org.apache.kafka.clients.producer.RecordMetadata metadata, Exception error) {
            if (error == null) {
                settle();
                return;
            }
            // The producer answers on the sending thread only from inside send(), when it did not
            // take the record; a TimeoutException there means it would have had to wait (for a
            // topic's metadata, for buffer space). Every other answer comes from its I/O thread.
            if (error instanceof org.apache.kafka.common.errors.TimeoutException && Thread.currentThread() == sender) {
                bytes.getAndAdd(SETTLED, size);
                refused = true;
                return;
            }
            if (owner == retiring) {
                // Given up by a producer being replaced: recover() sends it again.
                orphans.add(this);
                return;
            }
            settle();
            countSendError(error.toString());
        }

        void settle() {
            bytes.getAndAdd(SETTLED, size);
            settledBySlot.getAndIncrement(slot);
        }
    }

    /** What one publishing thread needs: its codec, and how many records it handed over in each generation. */
    private static final class Publisher {
        final EventCodec codec;
        /** Its position in {@link #publishers}: orders the records of several publishers sent again. */
        final int index;
        final java.util.concurrent.atomic.AtomicLongArray submitted = new java.util.concurrent.atomic.AtomicLongArray(GENERATIONS);
        /** The sequence of its next record; written by the publishing thread only. */
        long sequence;
        /** True while the thread is inside a send. */
        volatile boolean sending;

        Publisher(EventCodec codec, int index) {
            this.codec = codec;
            this.index = index;
        }
    }

    // How records that the producer holds for too long are found: each is counted in the generation
    // (a second, GENERATION_NANOS) it was handed over in, by its publisher when handed over and by
    // the producer's I/O thread when settled, in a ring of GENERATIONS slots whose counts only grow.
    // A slot at least stuckGenerations old with more handed over than settled holds a record that old.
    /** How long a generation lasts. */
    private static final long GENERATION_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** Generations in the ring: more than the default stuck-after, in seconds. */
    private static final int GENERATIONS = 256;
    private static final int GENERATION_MASK = GENERATIONS - 1;
    /** How long a record may stay unacknowledged while the broker answers before the producer is replaced. */
    static final Duration STUCK_AFTER = Duration.ofMinutes(2);
    /**
     * How long the broker must have answered a new producer, while records stayed stuck, before the
     * producer is replaced: the old one has as long to deliver them itself once the broker is back
     * (its requests time out after 30 s).
     */
    private static final long REACHABLE_GRACE_NANOS = TimeUnit.SECONDS.toNanos(30);
    /** A new producer that got no metadata for this long is closed, and another made later. */
    private static final long CANDIDATE_TTL_NANOS = TimeUnit.SECONDS.toNanos(60);
    private final java.util.concurrent.atomic.AtomicLongArray settledBySlot = new java.util.concurrent.atomic.AtomicLongArray(GENERATIONS);
    private volatile int generation;
    private final int stuckGenerations;
    private final long reachableGrace;
    private final Thread watcher;
    private volatile boolean closed;
    /** True while {@link #recover} replaces the producer: sends are refused meanwhile. */
    private volatile boolean paused;
    /** The producer being replaced, while it gives up its records. */
    private volatile Producer<byte[], byte[]> retiring;
    private final java.util.concurrent.ConcurrentLinkedQueue<Sent> orphans = new java.util.concurrent.ConcurrentLinkedQueue<>();
    /** The producer to replace the current one, made once records are stuck, while it learns the topics' metadata. */
    private Producer<byte[], byte[]> candidate;
    private long candidateSince;
    /** Since when (System.nanoTime) the candidate has had every topic's metadata; 0: it has not. */
    private long reachableSince;
    private final LongAdder replacements = new LongAdder();
    /** Held while the watcher checks or replaces the producer, and by close(). */
    private final Object watchLock = new Object();

    private void watchLoop() {
        while (!closed) {
            java.util.concurrent.locks.LockSupport.parkNanos(GENERATION_NANOS);
            generation++; // the watcher alone writes it
            try {
                watch(System.nanoTime());
            } catch (RuntimeException e) {
                LOG.warn("bus: checking the Kafka producer for stuck records failed", e);
            }
        }
    }

    /** Records handed over in generation slot {@code slot} and not settled (by any publisher). */
    private long outstanding(int slot) {
        long handed = 0;
        for (Publisher p : publishers) {
            handed += p.submitted.getAcquire(slot);
        }
        return handed - settledBySlot.get(slot);
    }

    /** Whether a record handed over at least stuckGenerations ago is neither acknowledged nor failed. */
    private boolean stuck() {
        int g = generation;
        for (int age = stuckGenerations; age < GENERATIONS; age++) {
            if (outstanding((g - age) & GENERATION_MASK) > 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * Replaces the producer when it holds records past stuck-after although the broker answers.
     * A producer can keep a partition's records unsent after its broker came back (seen in CI after
     * a broker restart: a few records of two partitions, never sent, while every other partition
     * flowed), where they would wait for the delivery timeout and then be lost. A record may also
     * wait that long legitimately, while the broker is away: so a new producer is made first, and
     * only once it has had every topic's metadata (the broker answers) for a grace period is the
     * old one closed and what it held sent again through the new one.
     */
    private void watch(long now) {
        synchronized (watchLock) {
            if (closed) {
                return;
            }
            if (!stuck()) {
                dropCandidate();
                return;
            }
            if (candidate == null) {
                candidate = producers.apply(producerProperties);
                candidateSince = now;
                reachableSince = 0;
            }
            if (missingMetadata(candidate) == null) {
                if (reachableSince == 0) {
                    reachableSince = now;
                } else if (now - reachableSince >= reachableGrace) {
                    Producer<byte[], byte[]> fresh = candidate;
                    candidate = null;
                    recover(fresh);
                }
            } else {
                reachableSince = 0;
                if (now - candidateSince > CANDIDATE_TTL_NANOS) {
                    dropCandidate();
                }
            }
        }
    }

    private void dropCandidate() {
        if (candidate != null) {
            candidate.close(Duration.ZERO);
            candidate = null;
        }
    }

    /**
     * A topic whose metadata {@code p} lacks, or null when it has every topic's; asks for each one
     * missing (without waiting).
     */
    private String missingMetadata(Producer<byte[], byte[]> p) {
        String missing = null;
        for (String topic : topicOf) {
            try {
                p.partitionsFor(topic);
            } catch (org.apache.kafka.common.errors.TimeoutException e) {
                missing = missing == null ? topic : missing;
            }
        }
        return missing;
    }

    /**
     * Sends go to {@code fresh} from now on; the current producer is closed at once, which gives up
     * every record it still holds, and those are sent again through {@code fresh}, each publisher's in
     * the order it published them. Publishers are refused meanwhile (they hold their events), so no
     * newer record of a partition overtakes an older one. A record the old producer had written
     * without hearing back is written twice; consumers keep one copy ({@link HotHotFilter}).
     */
    private void recover(Producer<byte[], byte[]> fresh) {
        paused = true;
        try {
            for (Publisher p : publishers) {
                while (p.sending) {
                    Thread.onSpinWait();
                }
            }
            Producer<byte[], byte[]> old = producer;
            long held = inFlight();
            retiring = old;
            producer = fresh;
            // A forced close from another thread returns once the old producer's I/O thread has run
            // every callback: what it held is then in orphans.
            old.close(Duration.ofMillis(1));
            retiring = null;
            List<Sent> again = new ArrayList<>(orphans);
            orphans.clear();
            again.sort(java.util.Comparator.<Sent>comparingInt(x -> x.publisher.index).thenComparingLong(x -> x.sequence));
            java.util.TreeSet<String> partitions = new java.util.TreeSet<>();
            for (Sent sent : again) {
                partitions.add(sent.record.topic() + "-" + org.apache.kafka.common.utils.Utils.toPositive(
                        org.apache.kafka.common.utils.Utils.murmur2(sent.record.key())) % config.partitions());
                sent.owner = fresh;
                try {
                    fresh.send(sent.record, sent);
                } catch (RuntimeException e) {
                    sent.settle();
                    countSendError(e.toString());
                }
            }
            replacements.increment();
            LOG.warn("bus: the Kafka producer held {} bytes, some for more than {} s, while the broker answered: replaced it"
                    + " and sent its {} unacknowledged records again (on {})", held, stuckGenerations, again.size(), partitions);
        } finally {
            paused = false;
        }
    }

    /** Times the producer was replaced because it held records the broker would have taken ({@link #watch}). */
    public long producerReplacements() {
        return replacements.sum();
    }

    private void countSendError(String why) {
        sendErrors.increment();
        long n = sendErrors.sum();
        if (n <= 10 || Long.bitCount(n) == 1) {
            LOG.error("bus: an event could not be written to Kafka ({} so far): {}", n, why);
        }
    }

    /** Events the producer refused at once for want of waiting (the broker away, its buffer full); the publisher kept them. */
    public long refusals() {
        return refusals.sum();
    }

    @Override
    public long published(EventType type) {
        return published[type.ordinal()].sum();
    }

    /** Events the producer failed to write after its retries (lost). */
    public long sendErrors() {
        return sendErrors.sum();
    }

    private volatile java.util.function.Function<String, java.util.function.LongConsumer> delays = name -> delay -> { };

    @Override
    public void delays(java.util.function.Function<String, java.util.function.LongConsumer> observer) {
        this.delays = observer;
    }

    @Override
    public BusSubscription subscribe(String name, BusConsumer consumer, Delivery delivery) {
        Subscription s = new Subscription(name, consumer, delivery);
        subscriptions.add(s);
        s.thread.start();
        return s;
    }

    @Override
    public List<? extends BusSubscription> subscriptions() {
        return List.copyOf(subscriptions);
    }

    @Override
    public void close(Duration budget) {
        long end = System.nanoTime() + budget.toNanos();
        for (Subscription s : subscriptions) {
            s.close(Duration.ofNanos(Math.max(0, end - System.nanoTime())));
        }
        if (relay != null) {
            try {
                relay.close(Duration.ofNanos(Math.max(0, end - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (watchLock) {
            closed = true; // the watcher replaces the producer no more
            dropCandidate();
        }
        watcher.interrupt();
        // Waits for what the producer still holds up to the budget's end, then fails the rest (each
        // counted as a send error): never longer, whatever state the broker is in.
        producer.close(Duration.ofNanos(Math.max(0, end - System.nanoTime())));
    }

    /** The topic of the users' private events (orders, fills, positions, balances) across processes. */
    String userEventsTopic() {
        return config.topicPrefix() + "user-events";
    }

    private KafkaUserEvents relay;

    /** Relays {@code events} between this process and the others on the broker ({@link KafkaUserEvents}). */
    void relay(io.dpp.runtime.events.UserEvents events) {
        // A producer of its own: the bus's producer refuses what it cannot take at once, which the
        // feeds hold and offer again, while a private event is published once by threads that may
        // wait (the EMS's), so this one waits for the broker up to its delivery timeout.
        Map<String, Object> p = common();
        p.putAll(producerTuning());
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "dpp-user-events-producer");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 120_000);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) config.deliveryTimeout().toMillis());
        relay = new KafkaUserEvents(userEventsTopic(), common(),
                new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer()), events);
    }

    private Map<String, Object> common() {
        Map<String, Object> p = new HashMap<>(config.client());
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        return p;
    }

    private void ensureTopics() {
        try (Admin admin = Admin.create(common())) {
            identity = "kafka-" + admin.describeCluster().clusterId().get(30, TimeUnit.SECONDS) + "-" + config.topicPrefix();
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            List<String> all = new ArrayList<>(List.of(topicOf));
            all.add(userEventsTopic());
            for (String t : all) {
                if (!existing.contains(t)) {
                    missing.add(new NewTopic(t, config.partitions(), (short) config.replicationFactor()));
                }
            }
            if (!missing.isEmpty()) {
                try {
                    admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
                    LOG.info("bus: created Kafka topics {}", missing.stream().map(NewTopic::name).toList());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
                awaitServed(admin, missing.stream().map(NewTopic::name).toList(), config.partitions());
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot reach Kafka at " + config.bootstrapServers()
                    + " (bus.kafka.bootstrap-servers): " + (e.getCause() == null ? e : e.getCause()).toString(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while connecting to Kafka", e);
        }
    }

    /**
     * Waits until every partition of the new {@code topics} is served by its leader. A new
     * partition is listed with its leader before that broker serves it: a produce in between is
     * refused (NOT_LEADER_OR_FOLLOWER), and an idempotent producer can then stall on out-of-order
     * sequence numbers. Listing the partitions' offsets is answered by their leaders, and retried
     * until they are ready.
     */
    public static void awaitServed(Admin admin, java.util.List<String> topics, int partitions)
            throws ExecutionException, TimeoutException, InterruptedException {
        Map<TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> all = new HashMap<>();
        for (String t : topics) {
            for (int i = 0; i < partitions; i++) {
                all.put(new TopicPartition(t, i), org.apache.kafka.clients.admin.OffsetSpec.latest());
            }
        }
        // Right after the creation the admin client's own metadata may not know the topic yet
        // (UnknownTopicOrPartition, a retriable error the call does not retry itself).
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try {
                admin.listOffsets(all).all().get(60, TimeUnit.SECONDS);
                return;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof org.apache.kafka.common.errors.RetriableException)
                        || System.nanoTime() > deadline) {
                    throw e;
                }
                LOG.debug("bus: new topics not served yet ({}), asking again", e.getCause().toString());
                TimeUnit.MILLISECONDS.sleep(100);
            }
        }
    }

    /** What a subscription keeps per partition: its numbers, hot-hot filter and warm-up end. */
    private static final class Part {
        final TopicPartition tp;
        final int busPartition;
        HotHotFilter filter;
        /** While reading records before the consumer's start to fill the filter's window: the start; else -1. */
        long warmUntil = -1;

        Part(TopicPartition tp, int busPartition) {
            this.tp = tp;
            this.busPartition = busPartition;
        }
    }

    /** A consumer group reading every topic on a thread of its own. */
    private final class Subscription implements BusSubscription, Runnable, ConsumerRebalanceListener {

        private final String name;
        private final BusConsumer consumer;
        private final Thread thread;
        private final KafkaConsumer<byte[], byte[]> kafka;
        private final EventCodec codec = new EventCodec();
        private final EventSlot slot = new EventSlot();
        /** Next offsets of what was delivered since the consumer last reported everything durable. */
        private final Map<TopicPartition, OffsetAndMetadata> pending = new HashMap<>();
        /**
         * Next offsets of everything the consumer reported durable, per partition held: what every
         * commit sends whole (so a failed asynchronous commit is made good by the next one), and
         * where this consumer resumes a partition it gets back after a rebalance.
         */
        private final Map<TopicPartition, OffsetAndMetadata> acknowledged = new HashMap<>();
        /** Durable offsets of the partitions a rebalance took from this consumer, until the next assignment. */
        private final Map<TopicPartition, OffsetAndMetadata> handedBack = new HashMap<>();
        private final AtomicLong errors = new AtomicLong();
        private final AtomicLong commitFailures = new AtomicLong();
        /** What this consumer keeps per partition read, by topic and partition number; kept across rebalances. */
        private final Map<String, Part[]> parts = new HashMap<>();
        private final LongAdder duplicates = new LongAdder();
        private final LongAdder otherSnapshots = new LongAdder();
        private final boolean durable;
        private volatile long lag;
        private volatile boolean running = true;
        /** When the loop must have ended, set by {@link #close}; while unset a close step may take 5 s. */
        private volatile long closeDeadline;
        private volatile boolean closing;
        private long lagCheckNanos;
        private final java.util.function.LongConsumer delay;
        private long lastReceived;

        private final int window = config.hotHot().window();
        private final long handoverMicros = config.hotHot().handover().toNanos() / 1_000;

        Subscription(String name, BusConsumer consumer, Delivery delivery) {
            this.name = name;
            this.consumer = consumer;
            this.delay = delays.apply(name);
            this.durable = delivery == Delivery.DURABLE;
            Map<String, Object> p = common();
            // A broadcast consumer has a group of its own, starts at the end and never commits.
            p.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupPrefix() + name
                    + (durable ? "" : "-" + java.util.UUID.randomUUID()));
            p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, durable ? "earliest" : "latest");
            p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000);
            p.put(ConsumerConfig.CLIENT_ID_CONFIG, "dpp-" + name);
            this.kafka = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
            this.thread = new Thread(this, "bus-" + name);
            this.thread.setDaemon(true);
        }

        @Override
        public void run() {
            try {
                kafka.subscribe(List.of(topicOf), this);
                Duration poll = config.poll();
                while (running) {
                    ConsumerRecords<byte[], byte[]> records;
                    try {
                        records = kafka.poll(poll);
                    } catch (WakeupException e) {
                        break;
                    }
                    for (ConsumerRecord<byte[], byte[]> r : records) {
                        Part part = part(r.topic(), r.partition());
                        if (deliver(r, part)) {
                            pending.put(part.tp, new OffsetAndMetadata(r.offset() + 1));
                        }
                    }
                    long since = records.isEmpty() ? -1 : Timestamps.sinceReceipt(lastReceived, Timestamps.now());
                    if (since >= 0) {
                        delay.accept(since);
                    }
                    boolean durable;
                    try {
                        durable = consumer.endOfBatch(records.isEmpty());
                    } catch (Exception e) {
                        failed("a batch end", e);
                        durable = false;
                    }
                    if (durable && !pending.isEmpty()) {
                        acknowledged.putAll(pending);
                        pending.clear();
                        if (this.durable) {
                            // Asynchronous while running: the consumer goes on delivering instead of
                            // waiting a round trip per batch. Each commit carries every partition's
                            // durable offset, so one that fails is made good by the next; rebalances
                            // and shutdown commit synchronously.
                            kafka.commitAsync(new HashMap<>(acknowledged), this::committed);
                        }
                    }
                    measureLag();
                }
            } catch (WakeupException e) {
                // closing
            } catch (RuntimeException e) {
                errors.incrementAndGet();
                LOG.error("bus consumer {} stopped: {}", name, e.toString(), e);
            } finally {
                try {
                    boolean stored = consumer.onClose();
                    if (durable && (!pending.isEmpty() || !acknowledged.isEmpty())) {
                        if (stored) {
                            acknowledged.putAll(pending);
                            commitClosing();
                        } else {
                            errors.incrementAndGet();
                            commitClosing();
                            LOG.error("bus consumer {} closed without making everything durable; nothing more is acknowledged,"
                                    + " so its last events will be delivered again", name);
                        }
                    }
                } catch (Exception e) {
                    errors.incrementAndGet();
                    LOG.error("bus consumer {} failed to close; its last events will be delivered again", name, e);
                }
                pending.clear(); // whatever happened, nothing more is acknowledged while leaving the group
                // A broadcast consumer is its group's only member: its leaving spares the broker a
                // session timeout and nothing more, so it waits a second for it at most, not the
                // whole budget the modules stopped after it need (the coordinator may be unknown
                // right after a broker restart).
                Duration left = closeTimeLeft();
                kafka.close(durable || left.compareTo(BROADCAST_LEAVE) < 0 ? left : BROADCAST_LEAVE);
            }
        }

        private void committed(Map<TopicPartition, OffsetAndMetadata> offsets, Exception error) {
            if (error != null) {
                long n = commitFailures.incrementAndGet();
                if (n <= 10 || Long.bitCount(n) == 1) {
                    LOG.warn("bus consumer {}: an offset commit failed ({} so far), the events after the last commit will be"
                            + " delivered again: {}", name, n, error.toString());
                }
            }
        }

        /**
         * Hands the record to the consumer unless it is a hot-hot duplicate; false for a record read
         * only to fill the filter's window (before the partition's start: not this consumer's to acknowledge).
         */
        private boolean deliver(ConsumerRecord<byte[], byte[]> r, Part part) {
            boolean warming = part.warmUntil > r.offset();
            if (warming && r.offset() + 1 >= part.warmUntil) {
                part.warmUntil = -1;
            }
            MarketEvent event;
            try {
                event = codec.decode(r.value(), slot);
            } catch (IllegalArgumentException e) {
                failed(r.topic() + "-" + r.partition() + "@" + r.offset() + " (skipped)", e);
                return !warming;
            }
            if (window > 0) {
                if (part.filter == null) {
                    part.filter = new HotHotFilter(window, handoverMicros);
                }
                int verdict = part.filter.decide(r.offset(), codec.source(), r.value(), codec.receiveTimeOffset(),
                        codec.identityEnd(), event);
                if (warming) {
                    return false; // the window before this consumer's start: decided as the others did, not delivered
                }
                if (verdict != HotHotFilter.NEW) {
                    (verdict == HotHotFilter.DUPLICATE ? duplicates : otherSnapshots).increment();
                    return true;
                }
            }
            lastReceived = event.receiveTime();
            try {
                consumer.onEvent(event, part.busPartition, r.offset());
            } catch (Exception e) {
                failed(event.toString(), e);
            }
            return true;
        }

        /** The state of a partition, made on its first record or assignment. */
        private Part part(String topic, int partition) {
            Part[] of = parts.get(topic);
            if (of == null || of.length <= partition) {
                Part[] grown = new Part[Math.max(partition + 1, of == null ? 0 : of.length)];
                if (of != null) {
                    System.arraycopy(of, 0, grown, 0, of.length);
                }
                of = grown;
                parts.put(topic, of);
            }
            Part p = of[partition];
            if (p == null) {
                EventType type = typeOfTopic.get(topic);
                p = new Part(new TopicPartition(topic, partition), type == null ? Bus.LOCAL_PARTITION : Bus.partition(type, partition));
                of[partition] = p;
            }
            return p;
        }

        @Override
        public long dropped(int reason) {
            return reason == HotHotFilter.DUPLICATE ? duplicates.sum() : reason == HotHotFilter.OTHER_SNAPSHOT ? otherSnapshots.sum() : 0;
        }

        private void failed(String what, Exception e) {
            long n = errors.incrementAndGet();
            if (n <= 10 || Long.bitCount(n) == 1) {
                LOG.error("bus consumer {} failed on {} (error {} so far)", name, what, n, e);
            }
        }

        private void measureLag() {
            long now = System.nanoTime();
            if (now - lagCheckNanos < TimeUnit.SECONDS.toNanos(1)) {
                return;
            }
            lagCheckNanos = now;
            long total = 0;
            for (Map.Entry<MetricName, ? extends Metric> m : kafka.metrics().entrySet()) {
                MetricName n = m.getKey();
                if (n.name().equals("records-lag") && n.group().equals("consumer-fetch-manager-metrics")) {
                    Object v = m.getValue().metricValue();
                    if (v instanceof Double d && !d.isNaN()) {
                        total += d.longValue();
                    }
                }
            }
            lag = total;
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            try {
                boolean stored = consumer.flush();
                if (stored) {
                    acknowledged.putAll(pending);
                } else if (!pending.isEmpty()) {
                    errors.incrementAndGet();
                    LOG.error("bus consumer {}: a rebalance found what was delivered not durable; nothing is acknowledged,"
                            + " so the partitions' next owner is delivered it again", name);
                }
                if (durable && !acknowledged.isEmpty()) {
                    // Closing, the consumer's leaving the group revokes its partitions: this commit
                    // then waits only for what is left of the close's budget.
                    kafka.commitSync(acknowledged, closing ? closeTimeLeft() : REBALANCE_COMMIT_TIMEOUT);
                }
            } catch (Exception e) {
                // The broker may be away (the rebalance can come from its restart): this consumer
                // still knows its durable offsets and resumes from them if it gets the partitions back.
                failed("a rebalance's commit", e);
            } finally {
                // What was not reported durable is never acknowledged later from here.
                pending.clear();
                // Kept aside: if the partitions come back, this consumer resumes after them.
                for (TopicPartition p : partitions) {
                    OffsetAndMetadata own = acknowledged.remove(p);
                    if (own != null) {
                        handedBack.put(p, own);
                    }
                }
            }
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            LOG.info("bus consumer {}: {} partition(s) assigned", name, partitions.size());
            Map<TopicPartition, OffsetAndMetadata> back = new HashMap<>();
            for (TopicPartition p : partitions) {
                OffsetAndMetadata own = handedBack.get(p);
                if (own != null) {
                    back.put(p, own);
                }
            }
            handedBack.clear();
            if (!durable) {
                // A broadcast consumer has no committed offsets: without this it would start a
                // partition it gets back (after the broker restarted) at the end, skipping what was
                // published meanwhile. It goes on where it was.
                for (Map.Entry<TopicPartition, OffsetAndMetadata> own : back.entrySet()) {
                    kafka.seek(own.getKey(), own.getValue());
                    acknowledged.put(own.getKey(), own.getValue());
                }
                started(partitions);
                return;
            }
            if (back.isEmpty()) {
                started(partitions);
                return;
            }
            // A partition this consumer held before: it resumes after what it made durable, not from
            // the group's committed offset, which a failed commit (the broker restarting) may have
            // left behind and would deliver again, unless another consumer has since moved it further.
            Map<TopicPartition, OffsetAndMetadata> committed;
            try {
                committed = kafka.committed(back.keySet(), Duration.ofSeconds(10));
            } catch (RuntimeException e) {
                LOG.warn("bus consumer {}: could not read the committed offsets ({}); resuming from its own", name, e.toString());
                committed = Map.of();
            }
            int resumed = 0;
            for (Map.Entry<TopicPartition, OffsetAndMetadata> own : back.entrySet()) {
                OffsetAndMetadata c = committed.get(own.getKey());
                if (c == null || c.offset() < own.getValue().offset()) {
                    kafka.seek(own.getKey(), own.getValue());
                    acknowledged.put(own.getKey(), own.getValue());
                    resumed++;
                }
            }
            if (resumed > 0) {
                LOG.info("bus consumer {}: {} partition(s) resumed after their last durable event, ahead of the group's"
                        + " committed offsets", name, resumed);
            }
            started(partitions);
        }

        /**
         * Tells the consumer where each assigned partition's delivery starts, and moves back the
         * partitions whose hot-hot filter does not go on from there to read its window first.
         */
        private void started(Collection<TopicPartition> partitions) {
            Map<TopicPartition, Long> starts = new HashMap<>();
            for (TopicPartition p : partitions) {
                EventType type = typeOfTopic.get(p.topic());
                if (type != null) {
                    long start = kafka.position(p);
                    starts.put(p, start);
                    consumer.onPartitionStart(Bus.partition(type, p.partition()), start);
                }
            }
            for (Part[] of : parts.values()) {
                for (Part p : of) {
                    if (p != null && !starts.containsKey(p.tp)) {
                        p.warmUntil = -1; // no longer this consumer's
                    }
                }
            }
            if (window == 0 || starts.isEmpty()) {
                return;
            }
            List<TopicPartition> back = new ArrayList<>();
            for (Map.Entry<TopicPartition, Long> e : starts.entrySet()) {
                HotHotFilter f = part(e.getKey().topic(), e.getKey().partition()).filter;
                if (e.getValue() > 0 && (f == null || f.next() != e.getValue())) {
                    back.add(e.getKey());
                }
            }
            if (back.isEmpty()) {
                return;
            }
            Map<TopicPartition, Long> beginnings;
            try {
                beginnings = kafka.beginningOffsets(back, Duration.ofSeconds(10));
            } catch (RuntimeException ex) {
                LOG.warn("bus consumer {}: could not read where partitions begin ({}); hot-hot filters start empty",
                        name, ex.toString());
                return;
            }
            for (TopicPartition p : back) {
                long start = starts.get(p);
                long from = Math.max(beginnings.getOrDefault(p, start), start - window);
                Part part = part(p.topic(), p.partition());
                part.filter = new HotHotFilter(window, handoverMicros);
                part.warmUntil = from < start ? start : -1;
                if (from < start) {
                    kafka.seek(p, from);
                }
            }
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public long lag() {
            return lag;
        }

        @Override
        public long errors() {
            return errors.get();
        }

        /**
         * The synchronous commit at close. The wakeup that asked the loop to stop is still pending
         * when it came while the loop was not polling (delivering a batch), and interrupts the first
         * try: the commit is then tried once more.
         */
        private void commitClosing() {
            try {
                kafka.commitSync(acknowledged, closeTimeLeft());
            } catch (WakeupException e) {
                kafka.commitSync(acknowledged, closeTimeLeft());
            }
        }

        /** What is left of the close's budget for one more step of it (at least a millisecond). */
        private Duration closeTimeLeft() {
            if (!closing) {
                return Duration.ofSeconds(5); // the loop ended by itself (an error): no one waits on it
            }
            return Duration.ofNanos(Math.max(TimeUnit.MILLISECONDS.toNanos(1), closeDeadline - System.nanoTime()));
        }

        @Override
        public void close(Duration budget) {
            if (!running) {
                return;
            }
            // The loop's last steps (the closing commit, leaving the group) share what is left of
            // the budget, less a margin for this thread to see it end.
            closeDeadline = System.nanoTime() + Math.max(0, budget.toNanos() - CLOSE_MARGIN_NANOS);
            closing = true;
            running = false;
            kafka.wakeup();
            try {
                thread.join(Math.max(1, budget.toMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            subscriptions.remove(this);
        }
    }
}
