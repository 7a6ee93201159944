package io.dpp.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./dpp kafka}, the single-node broker for split mode on one machine, as a process of its
 * own: it serves, keeps its records across a restart, and carries {@code dpp bench bus}, whose
 * turns must each deliver every event.
 */
class KafkaBrokerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void brokerKeepsItsRecordsAcrossARestartAndCarriesTheBusBenchmark() throws Exception {
        int port = DppProcess.freePort();
        int controller = DppProcess.freePort();
        Path data = tmp.resolve("kafka");
        String servers = "127.0.0.1:" + port;
        List<String> sent = new ArrayList<>();
        try (DppProcess broker = startBroker(data, port, controller)) {
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers))) {
                admin.createTopics(List.of(new NewTopic("kept", 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
            }
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers", servers),
                    new StringSerializer(), new StringSerializer())) {
                for (int i = 0; i < 100; i++) {
                    sent.add("record " + i);
                    producer.send(new ProducerRecord<>("kept", "k", "record " + i));
                }
                producer.flush();
            }

            // The bus against a plain producer and consumer, through this broker.
            DppProcess bench = DppProcess.run(Map.of(), "bench", "bus", "--bootstrap-servers", servers, "--venue", "bitmex",
                    "--synthetic", "3", "--events", "20000", "--rounds", "1");
            assertThat(bench.exitCode()).as(bench.output()).isZero();
            JsonNode r = JSON.readTree(bench.stdout().stream().filter(l -> l.startsWith("{")).reduce((a, b) -> b).orElseThrow());
            assertThat(r.get("ok").asBoolean()).as(r.toString()).isTrue();
            assertThat(r.get("every_event_delivered").asBoolean()).isTrue();
            assertThat(r.get("send_errors").asLong()).isZero();
            assertThat(r.get("consumer_errors").asLong()).isZero();
            assertThat(r.get("turns")).hasSize(3);
            long valueBytes = r.get("turns").get(0).get("value_bytes").asLong();
            for (JsonNode turn : r.get("turns")) {
                assertThat(turn.get("events").asLong()).isEqualTo(20_000);
                // Every kind carried the same records.
                assertThat(turn.get("value_bytes").asLong()).isEqualTo(valueBytes);
                assertThat(turn.get("events_per_sec").asDouble()).isPositive();
            }
            assertThat(valueBytes).isGreaterThan(20_000L * 40);
            assertThat(r.get("ratio").asDouble()).isPositive();
            // One round: its own ratio is the figure.
            assertThat(r.get("round_ratios")).hasSize(1);
            assertThat(r.get("round_ratios").get(0).asDouble()).isEqualTo(r.get("ratio").asDouble());

            broker.sigterm();
            assertThat(broker.awaitExit(Duration.ofSeconds(60))).as(broker.exitReport()).isNotEqualTo(137);
        }
        // The same data directory: the topic and its records are still there.
        try (DppProcess broker = startBroker(data, port, controller)) {
            Map<String, Object> c = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers, ConsumerConfig.GROUP_ID_CONFIG,
                    "after-restart", ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            List<String> read = new ArrayList<>();
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(c, new StringDeserializer(), new StringDeserializer())) {
                consumer.subscribe(List.of("kept"));
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (read.size() < sent.size() && System.nanoTime() < deadline) {
                    for (ConsumerRecord<String, String> rec : consumer.poll(Duration.ofMillis(500))) {
                        read.add(rec.value());
                    }
                }
            }
            assertThat(read).containsExactlyElementsOf(sent);
        }
    }

    @Test
    void brokerRefusesBadPortsWithAClearMessage() throws Exception {
        DppProcess bad = DppProcess.run(Map.of(), "kafka", "--data-dir", tmp.resolve("k").toString(), "--port", "70000");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.stderrText()).contains("--port and --controller-port must be two different ports in 1..65535");
    }

    /** {@code ./dpp kafka} on the given ports; returns once a client can list its topics. */
    static DppProcess startBroker(Path data, int port, int controller) throws Exception {
        DppProcess broker = DppProcess.start(Map.of(), "kafka", "--data-dir", data.toString(), "--port", Integer.toString(port),
                "--controller-port", Integer.toString(controller));
        Map<String, Object> p = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + port,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        try (Admin admin = Admin.create(p)) {
            while (true) {
                try {
                    admin.listTopics().names().get(10, TimeUnit.SECONDS);
                    return broker;
                } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                    if (!broker.isAlive() || System.nanoTime() > deadline) {
                        broker.close();
                        throw new AssertionError("the broker did not serve: " + e + "\n" + broker.output());
                    }
                    // The client itself waits between attempts (reconnect backoff): ask again.
                }
            }
        }
    }
}
