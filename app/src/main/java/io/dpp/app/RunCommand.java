package io.dpp.app;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code dpp run}: deploys a strategy to run forward on live data on a running platform
 * ({@code POST /api/v1/strategies}), trading one of the user's trading accounts through the EMS
 * (docs/trader.md). Prints the deployment as one JSON line; {@code dpp strategies} follows it.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run a strategy forward on live data on a running platform (dpp up), trading a trading account "
            + "through the EMS and its risk checks: the same strategies, graphs and parameters as dpp backtest.",
            "Prints the deployment as one JSON line (its id, state and counts); dpp strategies show ID tells its live "
            + "profit, orders and fills, dpp strategies stop|pause|start ID acts on it. The deployment survives restarts."})
final class RunCommand implements Callable<Integer> {

    @Mixin
    OrdersCommand.Connection connection;

    @Option(names = "--strategy", required = true, paramLabel = "NAME|FILE.json",
            description = {"A built-in strategy (sma-crossover), a built-in node graph (graph:sma-crossover, "
                + "graph:rsi-mean-reversion, graph:breakout) or a node-graph file (FILE.json, docs/graphs.md)."})
    String strategy;

    @Option(names = "--account", required = true, paramLabel = "NAME", description = "The trading account it trades, e.g. paper-1.")
    String account;

    @Option(names = "--venue", required = true, paramLabel = "ID", description = "The venue, e.g. okx.")
    String venue;

    @Option(names = "--symbol", required = true, split = ",", paramLabel = "S[,S...]",
            description = "The instruments it receives and trades (native or normalized symbols).")
    List<String> symbols = new ArrayList<>();

    @Option(names = "--param", paramLabel = "K=V", description = "A strategy parameter; repeat for more.")
    Map<String, String> params = new LinkedHashMap<>();

    @Override
    public Integer call() throws Exception {
        String graph = null;
        String name = strategy;
        if (strategy.endsWith(".json")) {
            Path file = Path.of(strategy);
            if (!Files.isRegularFile(file)) {
                System.err.println("dpp run: no graph file " + file.toAbsolutePath());
                return Main.EXIT_USAGE;
            }
            if (Files.size(file) > 64 * 1024) {
                System.err.println("dpp run: " + file + " is larger than the 64 KiB a deployment's graph may be");
                return Main.EXIT_USAGE;
            }
            graph = Files.readString(file, StandardCharsets.UTF_8);
            name = null;
        }
        String g = graph;
        String n = name;
        return connection.run("dpp run", c -> c.deploy(account, n, g, venue, symbols, params), true);
    }
}
