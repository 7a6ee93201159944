package io.dpp.app;

import io.dpp.runtime.config.ConfigException;
import io.dpp.runtime.config.DppConfig;
import io.dpp.runtime.logging.LogConfig;
import io.dpp.runtime.logging.Logging;
import io.dpp.runtime.metrics.BuildInfo;
import io.dpp.runtime.metrics.ProcessMetrics;
import io.dpp.runtime.module.Lifecycle;
import io.dpp.runtime.module.ModuleDescriptor;
import io.dpp.runtime.module.ModuleStartException;
import io.dpp.runtime.module.ShutdownConfig;
import io.dpp.runtime.module.UnknownTargetException;
import io.dpp.sim.SimServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code dpp up}: runs the platform, every service or those {@code --target} selects, until SIGTERM or SIGINT. */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = {"Run the platform: every service in this process, or those --target selects.",
            "Stops gracefully on SIGTERM or SIGINT (Ctrl-C) and exits 0 when every module stopped cleanly."})
class UpCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(UpCommand.class);

    @Option(names = "--target", paramLabel = "TARGET", defaultValue = "all",
            description = {"all (default), streams, historical, trader, ems, accounts, "
                + "or a comma-separated list of these and module names."})
    String target;

    @Mixin
    ConfigFileOption configFile;

    @Option(names = "--replay", paramLabel = "DIR",
            description = {"Run offline on recorded traffic: start the venue simulator on the captures in DIR "
                + "(written by --capture-out) and point the feeds at it, with venues and symbols taken from the "
                + "captures. /api/v1/venues shows replay_done per venue once its capture is exhausted."})
    Path replay;

    @Option(names = "--demo",
            description = {"Run offline on a synthetic market: start the venue simulator with a generated market for every "
                + "venue and point the feeds at it. The data is synthetic: /api/v1/venues says so per venue."})
    boolean demo;

    @Mixin
    SyntheticOptions syntheticOptions;

    @Option(names = "--sim-port", paramLabel = "PORT", defaultValue = "0",
            description = "With --replay or --demo: the simulator's port on 127.0.0.1 (default: any free one; GET /sim/status there).")
    @Bounded(min = 0, max = 65_535)
    int simPort;

    @Mixin
    SimOptions simOptions;

    @Option(names = "--capture-out", paramLabel = "DIR",
            description = {"Write what every venue connection sends and receives into DIR as native captures "
                + "(the fixture format), for dpp replay, dpp sim and dpp up --replay."})
    Path captureOut;

    /** The command name for messages. */
    String name() {
        return "dpp up";
    }

    @Override
    public Integer call() throws InterruptedException {
        long t0 = System.nanoTime();
        DppConfig config;
        List<ModuleDescriptor> plan;
        SimServer sim = null;
        try {
            config = Platform.loadConfig(configFile.file);
            if (replay != null && demo) {
                throw new IllegalArgumentException("--replay and --demo exclude each other: recorded traffic or a synthetic market");
            }
            if (replay != null) {
                sim = SimServer.start(replay, simOptions.venues(), "127.0.0.1", simPort, simOptions.speed(), simOptions.faultSpec());
            } else if (demo) {
                sim = SimServer.startSynthetic(simOptions.venues(), syntheticOptions.settings(), "127.0.0.1", simPort,
                        simOptions.speed(), simOptions.faultSpec());
            }
            plan = Platform.registry(sim, captureOut).resolve(target);
        } catch (ConfigException | IllegalArgumentException | IllegalStateException e) {
            if (sim != null) {
                sim.close();
            }
            System.err.println(name() + ": " + e.getMessage());
            return Main.EXIT_USAGE;
        }
        SimServer simulator = sim;
        Logging.apply(config.section(LogConfig.class));
        ShutdownConfig shutdown = config.section(ShutdownConfig.class);
        BuildInfo build = BuildInfo.current();
        Lifecycle lifecycle = new Lifecycle(plan, config, ProcessMetrics.create(build));
        ShutdownSignals signals = ShutdownSignals.install();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (!lifecycle.stopping()) {
                lifecycle.stop(shutdown.timeout(), Duration.ZERO);
            }
        }, "dpp-shutdown-hook"));

        LOG.info("{}; target {}: modules {}", build.describe(), target, lifecycle.moduleNames());
        try {
            lifecycle.start(shutdown.timeout());
        } catch (ModuleStartException e) {
            LOG.error("startup failed: {}", e.getMessage());
            return Main.EXIT_FAILURE;
        }
        LOG.info("ready in {} ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));

        String signal = signals.await();
        LOG.info("received {}; stopping within {} ms", signal, shutdown.timeout().toMillis());
        boolean clean = lifecycle.stop(shutdown.timeout(), shutdown.drainDelay());
        if (simulator != null) {
            simulator.close();
        }
        LOG.info(clean ? "stopped cleanly" : "stopped with errors (see above)");
        return clean ? Main.EXIT_OK : Main.EXIT_FAILURE;
    }
}
