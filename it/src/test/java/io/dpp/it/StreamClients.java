package io.dpp.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.dpp.client.DppClient;
import io.dpp.core.model.EventType;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.TopicPartition;

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
}
