package io.dpp.bus;

import io.dpp.runtime.events.UserEvents;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The users' private events across processes in split deployments: what the EMS publishes
 * ({@link UserEvents#publish}) goes to the topic {@code <topic-prefix>user-events} (keyed by user),
 * and every process reads that topic from its end, with no consumer group (each process sees every
 * event), and delivers what others published to its own subscribers. A process that publishes
 * itself (the EMS's) delivers its events directly and skips their relayed copies. Events are
 * notifications of what the EMS journaled; a client that missed some reads the REST API.
 */
final class KafkaUserEvents {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaUserEvents.class);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final KafkaProducer<byte[], byte[]> producer;
    private final Thread thread;
    private volatile boolean running = true;
    /** How long the relay's consumer may take to close: set by {@link #close}. */
    private volatile Duration closeBudget = Duration.ofSeconds(5);

    /** Relays through {@code producer}, which it closes at {@link #close}. */
    KafkaUserEvents(String topic, Map<String, Object> common, KafkaProducer<byte[], byte[]> producer, UserEvents events) {
        this.producer = producer;
        events.forwardTo((user, channel, json) -> {
            byte[] c = channel.getBytes(StandardCharsets.UTF_8);
            byte[] value = new byte[c.length + 1 + json.length];
            System.arraycopy(c, 0, value, 0, c.length);
            value[c.length] = '\n';
            System.arraycopy(json, 0, value, c.length + 1, json.length);
            producer.send(new ProducerRecord<>(topic, user.getBytes(StandardCharsets.UTF_8), value), (meta, error) -> {
                if (error != null) {
                    LOG.warn("a private event of {} could not be relayed to other processes: {}", user, error.toString());
                }
            });
        });
        Map<String, Object> p = new HashMap<>(common);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "dpp-user-events");
        consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (PartitionInfo info : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
            partitions.add(new TopicPartition(topic, info.partition()));
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position); // the end as of now: what is published from here on is delivered
        events.relayed();
        thread = new Thread(() -> run(events), "user-events-relay");
        thread.setDaemon(true);
        thread.start();
    }

    private void run(UserEvents events) {
        try {
            while (running) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (events.producedHere() || r.key() == null) {
                        continue; // this process's own events were delivered when published
                    }
                    byte[] v = r.value();
                    int nl = 0;
                    while (nl < v.length && v[nl] != '\n') {
                        nl++;
                    }
                    if (nl == v.length) {
                        continue;
                    }
                    byte[] json = new byte[v.length - nl - 1];
                    System.arraycopy(v, nl + 1, json, 0, json.length);
                    events.deliver(new String(r.key(), StandardCharsets.UTF_8), new String(v, 0, nl, StandardCharsets.UTF_8), json);
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.error("the relay of private events from other processes stopped", e);
        } finally {
            consumer.close(closeBudget);
        }
    }

    /** Stops relaying in at most {@code budget}: half for the consumer's thread, the rest for the producer's sends. */
    void close(Duration budget) throws InterruptedException {
        long end = System.nanoTime() + budget.toNanos();
        closeBudget = Duration.ofMillis(Math.max(1, budget.toMillis() / 2 - 50));
        running = false;
        consumer.wakeup();
        thread.join(Math.max(1, budget.toMillis() / 2));
        producer.close(Duration.ofNanos(Math.max(0, end - System.nanoTime())));
    }
}
