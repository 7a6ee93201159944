package io.dpp.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.dpp.bus.EventCodec;
import io.dpp.bus.EventSlot;
import io.dpp.client.DppClient;
import io.dpp.core.model.EventType;
import io.dpp.core.model.MarketEvent;
import io.dpp.core.json.EventJsonWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.regex.Matcher;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Java clients' subscriptions in the split-mode tests that restart or kill processes under load:
 * what each subscription received, and where on the bus each event came from.
 */
final class StreamClients {

    /** A resumable event as the stream sends it: its envelope, body and bus position. */
    static final Pattern ENVELOPE = Pattern.compile("^\\{\"sub\":\\d+,\"seq\":\\d+,(.*),\"pos\":\\[(\\d+),(\\d+)]}$");

    private StreamClients() {
    }

    /** One subscription's messages as they arrived. */
    record Stream(String channel, DppClient.Subscription subscription, ConcurrentLinkedQueue<String> messages) {
    }

    /** Subscribes {@code client} to {@code channel} of every venue and instrument. */
    static Stream subscribe(DppClient client, String channel) throws Exception {
        ConcurrentLinkedQueue<String> messages = new ConcurrentLinkedQueue<>();
        DppClient.Subscription s = client.subscribe(DppClient.Request.of(channel, "*", "*"), e -> messages.add(e.json()));
        s.awaitSubscribed(Duration.ofSeconds(10));
        return new Stream(channel, s, messages);
    }

    /** Waits until every subscription has received something new. */
    static void awaitProgress(List<Stream> streams, List<String> errors) throws Exception {
        Map<Stream, Integer> before = new HashMap<>();
        for (Stream s : streams) {
            before.put(s, s.messages().size());
        }
        for (Stream s : streams) {
            StreamApiTest.eventually(Duration.ofSeconds(30), () -> {
                assertThat(s.messages().size()).as(s.channel() + " events arriving; client errors: " + errors)
                        .isGreaterThan(before.get(s));
                return null;
            });
        }
    }

    /** The Kafka partition of a bus position's partition number, on topics named with {@code prefix}. */
    static TopicPartition topicPartition(String prefix, long partition) {
        EventType type = EventType.values()[(int) (partition >>> 16)];
        return new TopicPartition(prefix + type.name().toLowerCase(Locale.ROOT), (int) (partition & 0xFFFF));
    }

    /** The last position each Kafka partition delivered to {@code s}. */
    static Map<TopicPartition, Long> lastPositions(String prefix, Stream s) {
        Map<TopicPartition, Long> last = new HashMap<>();
        for (String m : s.messages()) {
            Matcher x = ENVELOPE.matcher(m);
            if (x.matches()) {
                last.merge(topicPartition(prefix, Long.parseLong(x.group(2))), Long.parseLong(x.group(3)), Math::max);
            }
        }
        return last;
    }

    /**
     * A record read back from the bus: where it is, its publisher (feed process), the event, its
     * JSON as the stream writes it, and whether a consumer that read the partition from its
     * beginning delivers it (the hot-hot filter's verdict).
     */
    interface PublishedRecord {
        void accept(TopicPartition partition, long offset, long publisher, MarketEvent event, String json, boolean delivered)
                throws Exception;
    }

    /** The partitions of the bus topics {@code prefix + type} ("trade", "quote", ...) and where each ends now. */
    static Map<TopicPartition, Long> endOffsets(String servers, String prefix, String... types) {
        try (KafkaConsumer<byte[], byte[]> kafka = reader(servers)) {
            List<TopicPartition> all = new ArrayList<>();
            for (String type : types) {
                String topic = prefix + type;
                kafka.partitionsFor(topic, Duration.ofSeconds(10)).forEach(p -> all.add(new TopicPartition(topic, p.partition())));
            }
            return new HashMap<>(kafka.endOffsets(all, Duration.ofSeconds(10)));
        }
    }

    /**
     * Reads every record of the partitions in {@code ends} from their beginning to their end offset,
     * in order per partition, and hands each to {@code visitor} (the event is valid during the call
     * only). Fails unless every record is read within a minute.
     */
    static void readPublished(String servers, Map<TopicPartition, Long> ends, PublishedRecord visitor) throws Exception {
        EventCodec codec = new EventCodec();
        EventSlot slot = new EventSlot();
        EventJsonWriter json = new EventJsonWriter();
        Map<TopicPartition, io.dpp.bus.HotHotVerdicts> verdicts = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> kafka = reader(servers)) {
            List<TopicPartition> all = new ArrayList<>(ends.keySet());
            kafka.assign(all);
            kafka.seekToBeginning(all);
            long wanted = ends.values().stream().mapToLong(Long::longValue).sum();
            long read = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (read < wanted && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : kafka.poll(Duration.ofMillis(500))) {
                    TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                    if (r.offset() >= ends.get(tp)) {
                        continue;
                    }
                    read++;
                    MarketEvent e = codec.decode(r.value(), slot);
                    boolean delivered = verdicts.computeIfAbsent(tp, k -> new io.dpp.bus.HotHotVerdicts())
                            .delivers(r.offset(), codec, r.value(), e);
                    json.reset().write(e);
                    visitor.accept(tp, r.offset(), codec.source(), e,
                            new String(json.buffer(), 0, json.length(), StandardCharsets.UTF_8).stripTrailing(), delivered);
                }
            }
            assertThat(read).as("every record of %s read back from Kafka", ends.keySet()).isEqualTo(wanted);
        }
    }

    private static KafkaConsumer<byte[], byte[]> reader(String servers) {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false, ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000);
        return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
}
