package io.dpp.broker;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.kafka.common.Uuid;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * A single-node Apache Kafka broker (KRaft: one process is broker and controller) run by Kafka's own
 * server code, {@code kafka.Kafka}. It formats its data directory on the first start and reuses it
 * after, so a restart keeps every topic, record and committed offset, as a production broker does.
 *
 * <p>For one machine: trying split mode ({@code ./dpp kafka}), {@code dpp bench bus}, and the
 * end-to-end tests that stop and restart the broker under load. Production runs a Kafka cluster of
 * its own (replication factor 3, see docs/scaling.md).
 */
@Command(name = "dpp kafka", mixinStandardHelpOptions = true,
        description = {"Run a single-node Kafka broker (KRaft) in this process until it is stopped (SIGTERM).",
            "The data directory is formatted on the first start and kept: a restart keeps topics, records and offsets."})
public final class KafkaBroker implements Callable<Integer> {

    @Option(names = "--data-dir", required = true, description = "Where the broker keeps its logs and metadata.")
    Path dataDir;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to listen on and advertise (default ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "9092", description = "Client port (default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--controller-port", description = "KRaft controller port (default: the client port plus one).")
    Integer controllerPort;

    @Option(names = "--partitions", defaultValue = "3", description = "Partitions of a topic created without a count (default ${DEFAULT-VALUE}).")
    int partitions;

    public static void main(String[] args) {
        int code = new CommandLine(new KafkaBroker()).execute(args);
        if (code != 0) {
            System.exit(code);
        }
    }

    @Override
    public Integer call() throws IOException {
        int controller = controllerPort == null ? port + 1 : controllerPort;
        if (!validPort(port) || !validPort(controller) || port == controller) {
            System.err.println("dpp kafka: --port and --controller-port must be two different ports in 1..65535");
            return 2;
        }
        if (partitions < 1 || partitions > 1000) {
            System.err.println("dpp kafka: --partitions must be in 1..1000");
            return 2;
        }
        Files.createDirectories(dataDir);
        Path logs = dataDir.resolve("logs").toAbsolutePath();
        Path config = dataDir.resolve("server.properties").toAbsolutePath();
        Files.writeString(config, properties(logs, controller), StandardCharsets.UTF_8);
        if (!Files.exists(logs.resolve("meta.properties"))) {
            int formatted = kafka.tools.StorageTool.execute(new String[] {"format", "--config", config.toString(),
                "--cluster-id", Uuid.randomUuid().toString(), "--ignore-formatted"}, quiet());
            if (formatted != 0) {
                System.err.println("dpp kafka: formatting " + logs + " failed (exit " + formatted + ")");
                return 1;
            }
        }
        System.out.printf(Locale.ROOT, "dpp kafka: broker at %s:%d, data in %s%n", host, port, dataDir.toAbsolutePath());
        // Blocks until the broker shuts down; Kafka's own shutdown hook stops it cleanly on SIGTERM.
        kafka.Kafka.main(new String[] {config.toString()});
        return 0;
    }

    /** The broker's configuration: one node, replication factor one everywhere, no rebalance delay. */
    String properties(Path logs, int controller) {
        return String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@" + host + ":" + controller,
                "listeners=PLAINTEXT://" + host + ":" + port + ",CONTROLLER://" + host + ":" + controller,
                "advertised.listeners=PLAINTEXT://" + host + ":" + port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + logs,
                "num.partitions=" + partitions,
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=3",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "auto.create.topics.enable=false",
                "") ;
    }

    private static boolean validPort(int p) {
        return p >= 1 && p <= 65535;
    }

    private static PrintStream quiet() {
        try {
            return new PrintStream(java.io.OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8.name());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
