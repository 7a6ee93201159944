package io.dpp.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.dpp.client.DppClient;
import io.dpp.it.StreamClients.Stream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rolling restart of the stream tier in split mode, as Kubernetes does it: a Kafka broker
 * ({@code ./dpp kafka}), a feed process on the synthetic market of every venue, two stream-API
 * replicas ({@code --target stream-api}) behind HAProxy (Debian's package) with health checks on
 * {@code /health/ready}, and Java clients ({@link DppClient}) streaming the trades and quotes of
 * every venue through HAProxy while REST requests go to the live API. Each replica in turn is
 * stopped with SIGTERM and started again.
 *
 * <p>Required: no REST request fails; every client resumes on the other replica with every event
 * exactly once and in order: in each Kafka partition its positions run without a gap or a
 * repeat from its first event to the partition's end, and each event is, byte for byte, what the
 * feed published there (read back from Kafka and written as JSON).
 */
@Tag("resilience") // the second test stage: ./dpp test --resilience
class StreamRollingRestartTest {

    private static final String PREFIX = "roll.";

    @TempDir
    Path tmp;

    @Test
    void streamClientsMissNothingWhileEveryReplicaRestartsBehindHaproxy() throws Exception {
        Path haproxy = haproxy();
        int kafkaPort = DppProcess.freePort();
        int controllerPort = DppProcess.freePort();
        String servers = "127.0.0.1:" + kafkaPort;
        List<AutoCloseable> cleanup = new ArrayList<>();
        DppProcess broker = KafkaBrokerTest.startBroker(tmp.resolve("kafka"), kafkaPort, controllerPort);
        cleanup.add(broker);
        try {
            int feedsPort = DppProcess.freePort();
            DppProcess feeds = DppProcess.start(env(feedsPort, "feeds", servers), "up", "--target", "feeds", "--demo",
                    "--rate", "40");
            cleanup.add(feeds);
            feeds.awaitReady(feedsPort, Duration.ofSeconds(90));

            int[] ports = {DppProcess.freePort(), DppProcess.freePort()};
            DppProcess[] replicas = new DppProcess[2];
            for (int i = 0; i < 2; i++) {
                replicas[i] = replica(ports[i], i, servers);
                cleanup.add(replicas[i]);
            }
            for (int i = 0; i < 2; i++) {
                replicas[i].awaitReady(ports[i], Duration.ofSeconds(90));
            }
            int front = DppProcess.freePort();
            int stats = DppProcess.freePort();
            Path config = tmp.resolve("haproxy.cfg");
            Files.writeString(config, haproxyConfig(front, stats, ports));
            Process proxy = new ProcessBuilder(haproxy.toString(), "-f", config.toString(), "-db")
                    .redirectErrorStream(true).redirectOutput(tmp.resolve("haproxy.log").toFile()).start();
            cleanup.add(proxy::destroy);
            awaitServers(stats, "UP", "UP");

            List<String> clientErrors = new java.util.concurrent.CopyOnWriteArrayList<>();
            List<DppClient> clients = new ArrayList<>();
            List<Stream> streams = new ArrayList<>();
            for (int c = 0; c < 3; c++) {
                DppClient client = DppClient.builder(URI.create("ws://127.0.0.1:" + front))
                        .reconnect(Duration.ofMillis(50), Duration.ofSeconds(1)).onError(clientErrors::add).build();
                clients.add(client);
                cleanup.add(client);
                for (String channel : List.of("trades", "quotes")) {
                    streams.add(StreamClients.subscribe(client, channel));
                }
            }
            StreamClients.awaitProgress(streams, clientErrors);

            // REST requests through HAProxy all along.
            AtomicBoolean polling = new AtomicBoolean(true);
            AtomicLong requests = new AtomicLong();
            List<String> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
            Thread poller = new Thread(() -> poll(front, polling, requests, failures), "rest-poller");
            poller.start();

            for (int i = 0; i < 2; i++) {
                try {
                    restart(replicas, ports, i, servers, stats, streams, clientErrors, cleanup);
                    System.out.println(state(clients, streams, ports));
                } catch (AssertionError e) {
                    throw new AssertionError(e.getMessage() + state(clients, streams, ports) + problems(replicas), e);
                }
            }
            polling.set(false);
            poller.join(10_000);

            // The feeds stop: every client must end with everything published.
            feeds.sigterm();
            assertThat(feeds.awaitExit(Duration.ofSeconds(30))).as(feeds.output()).isZero();
            Map<TopicPartition, Long> ends = StreamClients.endOffsets(servers, PREFIX, "trade", "quote");
            for (Stream s : streams) {
                StreamApiTest.eventually(Duration.ofSeconds(60), () -> {
                    Map<TopicPartition, Long> last = StreamClients.lastPositions(PREFIX, s);
                    for (Map.Entry<TopicPartition, Long> e : last.entrySet()) {
                        assertThat(e.getValue() + 1).as("%s %s: delivered up to the end", s.channel(), e.getKey())
                                .isEqualTo(ends.get(e.getKey()));
                    }
                    return null;
                });
            }
            Map<TopicPartition, Map<Long, String>> published = published(servers, ends);
            long events = 0;
            for (Stream s : streams) {
                events += verify(s, published, ends);
                assertThat(s.subscription().gaps()).as(s.channel() + " sequence gaps").isZero();
                assertThat(s.subscription().resumeFailures()).as(s.channel() + " resumes that were not exact: " + clientErrors)
                        .isZero();
            }
            long resumed = streams.stream().mapToLong(s -> s.subscription().resumed()).sum();
            System.out.printf("rolling restart: %d events checked over %d subscriptions, %d resumes, %d REST requests%n",
                    events, streams.size(), resumed, requests.get());
            assertThat(resumed).as("every client was on a replica that restarted, and resumed").isGreaterThanOrEqualTo(streams.size());
            assertThat(requests.get()).as("REST requests made").isPositive();
            assertThat(failures).as("REST requests that failed during the rolling restart").isEmpty();
            for (int i = 0; i < 2; i++) {
                String metrics = DppProcess.get(ports[i], "/metrics").body();
                assertThat(SplitModeTest.sum(metrics, "dpp_stream_resumes_total", "afresh")).as("replica %d: resumes afresh", i)
                        .isZero();
            }
        } finally {
            for (int i = cleanup.size() - 1; i >= 0; i--) {
                try {
                    cleanup.get(i).close();
                } catch (Exception e) {
                    // best effort
                }
            }
        }
    }

    /** Restarts replica {@code i} as a rolling update does, and waits until HAProxy and the clients are back to normal. */
    private void restart(DppProcess[] replicas, int[] ports, int i, String servers, int stats, List<Stream> streams,
                         List<String> clientErrors, List<AutoCloseable> cleanup) throws Exception {
        long t0 = System.nanoTime();
        replicas[i].sigterm();
        assertThat(replicas[i].awaitExit(Duration.ofSeconds(30))).as(replicas[i].output()).isZero();
        long stopped = System.nanoTime();
        replicas[i].close();
        replicas[i] = replica(ports[i], i, servers);
        cleanup.add(replicas[i]);
        replicas[i].awaitReady(ports[i], Duration.ofSeconds(90));
        awaitServers(stats, "UP", "UP");
        long back = System.nanoTime();
        StreamClients.awaitProgress(streams, clientErrors);
        System.out.printf("rolling restart: replica %d stopped in %.1f s, serving again %.1f s later; clients resumed %d"
                        + " times so far%n", i, (stopped - t0) / 1e9, (back - stopped) / 1e9,
                streams.stream().mapToLong(s -> s.subscription().resumed()).sum());
    }

    /** The clients' and replicas' view of the streams, for a failure's message. */
    private static String state(List<DppClient> clients, List<Stream> streams, int[] ports) {
        StringBuilder sb = new StringBuilder();
        for (DppClient c : clients) {
            sb.append("\nclient connected=").append(c.connected()).append(" reconnects=").append(c.reconnects());
        }
        for (Stream s : streams) {
            sb.append("\n").append(s.channel()).append(" received=").append(s.subscription().received()).append(" resumed=")
                    .append(s.subscription().resumed()).append(" failures=").append(s.subscription().resumeFailures());
        }
        for (int port : ports) {
            HttpResponse<String> r = DppProcess.get(port, "/metrics");
            sb.append("\nreplica at ").append(port).append(':');
            if (r != null) {
                r.body().lines().filter(l -> l.startsWith("dpp_stream_") || l.startsWith("dpp_bus_consumer")).forEach(l -> sb.append("\n ").append(l));
            }
        }
        return sb.toString();
    }

    /** The warnings and errors the replicas logged, for a failure's message. */
    private static String problems(DppProcess[] replicas) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < replicas.length; i++) {
            sb.append("\nreplica ").append(i).append(':');
            replicas[i].output().lines().filter(l -> l.contains("WARN") || l.contains("ERROR") || l.startsWith("\tat ")
                    || l.contains("Exception")).limit(40).forEach(l -> sb.append('\n').append(l));
        }
        return sb.toString();
    }

    private Map<String, String> env(int port, String dir, String servers, String... extra) {
        return SplitModeTest.env(tmp, port, dir, servers, PREFIX, extra);
    }

    /**
     * A stream-API replica. On SIGTERM it reports not ready for 2 s before it stops, longer than
     * HAProxy takes to see three failed checks 300 ms apart and take it out, as Kubernetes'
     * deployments do with 5 s (docs/operations.md).
     */
    private DppProcess replica(int port, int i, String servers) {
        return DppProcess.start(env(port, "replica-" + i, servers, "DPP_SHUTDOWN_DRAIN_DELAY", "2s"), "up", "--target",
                "stream-api");
    }

    /** Debian's HAProxy; under CI=true its absence fails the test ({@code .ci/run} installs it). */
    private static Path haproxy() {
        for (String p : List.of("/usr/sbin/haproxy", "/usr/bin/haproxy", "/usr/local/sbin/haproxy")) {
            if (Files.isExecutable(Path.of(p))) {
                return Path.of(p);
            }
        }
        String message = "HAProxy is not installed (apt-get install haproxy)";
        if ("true".equals(System.getenv("CI"))) {
            throw new AssertionError(message);
        }
        org.junit.jupiter.api.Assumptions.abort(message);
        return null;
    }

    private static String haproxyConfig(int front, int stats, int[] ports) {
        StringBuilder servers = new StringBuilder();
        for (int i = 0; i < ports.length; i++) {
            servers.append("  server replica").append(i).append(" 127.0.0.1:").append(ports[i]).append(" check\n");
        }
        return """
                global
                  maxconn 2000
                defaults
                  mode http
                  timeout connect 2s
                  timeout client 60s
                  timeout server 60s
                  timeout tunnel 1h
                  retries 3
                  option redispatch
                frontend stream
                  bind 127.0.0.1:%d
                  default_backend replicas
                frontend stats
                  bind 127.0.0.1:%d
                  stats enable
                  stats uri /stats
                backend replicas
                  balance roundrobin
                  option httpchk GET /health/ready
                  http-check expect status 200
                  timeout check 2s
                  default-server inter 300ms fall 3 rise 2
                %s""".formatted(front, stats, servers);
    }

    /** Waits until HAProxy's health checks report the replicas in {@code states} (UP, DOWN), in order. */
    private static void awaitServers(int stats, String... states) throws Exception {
        StreamApiTest.eventually(Duration.ofSeconds(30), () -> {
            HttpResponse<String> r = DppProcess.get(stats, "/stats;csv");
            assertThat(r).isNotNull();
            List<String> seen = new ArrayList<>();
            for (String line : r.body().split("\n")) {
                String[] f = line.split(",");
                if (f.length > 17 && f[0].equals("replicas") && f[1].startsWith("replica")) {
                    seen.add(f[17]);
                }
            }
            assertThat(seen).as("HAProxy's view of the replicas").containsExactly(states);
            return null;
        });
    }

    private static void poll(int front, AtomicBoolean polling, AtomicLong requests, List<String> failures) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + front + "/api/v1/live/instruments"))
                .timeout(Duration.ofSeconds(5)).build();
        while (polling.get()) {
            try {
                HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
                requests.incrementAndGet();
                if (r.statusCode() != 200) {
                    failures.add(r.statusCode() + " " + r.body());
                }
            } catch (Exception e) {
                requests.incrementAndGet();
                failures.add(e.toString());
            }
            // One request every 20 ms at most: the poller must not load the two cores the platform runs on.
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }

    /**
     * Checks one subscription: each Kafka partition's positions run without a gap or a repeat from
     * the first the client got to the end, each event as published. Returns the events checked.
     */
    private static long verify(Stream s, Map<TopicPartition, Map<Long, String>> published, Map<TopicPartition, Long> ends) {
        Map<TopicPartition, Long> expectedNext = new TreeMap<>(java.util.Comparator.comparing(TopicPartition::toString));
        long n = 0;
        for (String m : s.messages()) {
            Matcher x = StreamClients.ENVELOPE.matcher(m);
            assertThat(x.matches()).as("an event of %s with its bus position: %s", s.channel(), m).isTrue();
            TopicPartition tp = StreamClients.topicPartition(PREFIX, Long.parseLong(x.group(2)));
            long pos = Long.parseLong(x.group(3));
            Long next = expectedNext.get(tp);
            if (next != null) {
                assertThat(pos).as("%s %s: the next position (no gap, no repeat)", s.channel(), tp).isEqualTo(next);
            }
            expectedNext.put(tp, pos + 1);
            String body = "{" + x.group(1) + "}";
            assertThat(body).as("%s %s@%d as published", s.channel(), tp, pos).isEqualTo(published.get(tp).get(pos));
            n++;
        }
        String topic = PREFIX + (s.channel().equals("trades") ? "trade" : "quote");
        for (Map.Entry<TopicPartition, Long> e : ends.entrySet()) {
            if (e.getKey().topic().equals(topic) && e.getValue() > 0 && expectedNext.containsKey(e.getKey())) {
                assertThat(expectedNext.get(e.getKey())).as("%s %s: up to the end", s.channel(), e.getKey()).isEqualTo(e.getValue());
            }
        }
        assertThat(expectedNext.keySet()).as(s.channel() + ": partitions with events").allMatch(tp -> tp.topic().equals(topic));
        assertThat(expectedNext).as(s.channel() + ": events from every partition that has some")
                .hasSize((int) ends.entrySet().stream().filter(e -> e.getKey().topic().equals(topic) && e.getValue() > 0).count());
        return n;
    }

    /** Every trade and quote in Kafka, as the stream writes it in JSON, by partition and offset. */
    private static Map<TopicPartition, Map<Long, String>> published(String servers, Map<TopicPartition, Long> ends)
            throws Exception {
        Map<TopicPartition, Map<Long, String>> out = new HashMap<>();
        StreamClients.readPublished(servers, ends, (partition, offset, publisher, event, json) ->
                out.computeIfAbsent(partition, k -> new HashMap<>()).put(offset, json));
        return out;
    }
}
