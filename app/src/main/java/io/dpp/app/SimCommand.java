package io.dpp.app;

import io.dpp.sim.SimServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code dpp sim}: serves recorded or synthetic venue traffic on localhost in each venue's native protocol. */
@Command(name = "sim", mixinStandardHelpOptions = true,
        description = {"Run the venue simulator: serve every capture in DIR on localhost in its venue's native "
            + "protocol (WebSocket and REST snapshots), replaying what the capture received once a client "
            + "subscribes to the same channels and symbols. Venues live under their id:",
            "ws://HOST:PORT/kraken, http://HOST:PORT/binance/api/v3/depth?... ; GET /sim/status shows "
            + "progress, GET /sim/config a configuration for 'dpp up --config'. With --synthetic it serves a generated "
            + "market instead (synthetic data, for demos and load). Stops on SIGTERM or SIGINT."})
final class SimCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(SimCommand.class);

    @Option(names = "--capture-dir", paramLabel = "DIR",
            description = "Folder searched (with sub-folders) for captures: VENUE.0, VENUE.ws.N.M, VENUE.http.N.M.")
    Path dir;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to listen on (default ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "9400", description = "Port to listen on, 0 for any (default ${DEFAULT-VALUE}).")
    @Bounded(min = 0, max = 65_535)
    int port;

    @Option(names = "--synthetic",
            description = {"Serve a synthetic market instead of captures: every venue DPP supports, its usual "
                + "instruments, generated books, trades, quotes and tickers with the venue's sequence numbers and checksums."})
    boolean synthetic;

    @Mixin
    SimOptions options;

    @Mixin
    SyntheticOptions syntheticOptions;

    @Override
    public Integer call() throws InterruptedException {
        if ((dir == null) == !synthetic) {
            System.err.println("dpp sim: give either --capture-dir DIR (recorded traffic) or --synthetic (a generated market)");
            return Main.EXIT_USAGE;
        }
        if (dir != null && !Files.isDirectory(dir)) {
            System.err.println("dpp sim: --capture-dir " + dir + " is not a directory");
            return Main.EXIT_USAGE;
        }
        SimServer sim;
        try {
            sim = synthetic
                    ? SimServer.startSynthetic(options.venues(), syntheticOptions.settings(), host, port, options.speed(),
                            options.faultSpec())
                    : SimServer.start(dir, options.venues(), host, port, options.speed(), options.faultSpec());
        } catch (IllegalArgumentException | IllegalStateException e) {
            System.err.println("dpp sim: " + e.getMessage());
            return Main.EXIT_USAGE;
        }
        ShutdownSignals signals = ShutdownSignals.install();
        LOG.info("simulator ready on port {}: venues {}; GET /sim/status for progress, /sim/config for a dpp up --config file",
                sim.port(), sim.venues());
        String signal = signals.await();
        LOG.info("received {}; stopping", signal);
        sim.close();
        return Main.EXIT_OK;
    }
}
