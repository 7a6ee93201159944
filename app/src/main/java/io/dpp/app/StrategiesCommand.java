package io.dpp.app;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code dpp strategies}: the forward runs of a running platform (docs/trader.md): list them, show
 * one with its live profit, orders and fills, and stop, pause or start one.
 */
@Command(name = "strategies", mixinStandardHelpOptions = true,
        description = "Strategies deployed with dpp run on a running platform: list, show, stop, pause, start (docs/trader.md).",
        subcommands = {StrategiesCommand.ListAll.class, StrategiesCommand.Show.class, StrategiesCommand.Act.Stop.class,
            StrategiesCommand.Act.Pause.class, StrategiesCommand.Act.Start.class})
final class StrategiesCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Your deployments, oldest first.")
    static final class ListAll implements Callable<Integer> {
        @Mixin
        OrdersCommand.Connection connection;

        @Override
        public Integer call() {
            return connection.run("dpp strategies list", c -> c.strategies(), false);
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "One deployment: state, live profit, counts, positions, open orders, recent fills.")
    static final class Show implements Callable<Integer> {
        @Mixin
        OrdersCommand.Connection connection;

        @Parameters(paramLabel = "ID", description = "The deployment's id.")
        String id;

        @Override
        public Integer call() {
            return connection.run("dpp strategies show", c -> c.strategy(id), false);
        }
    }

    /** stop, pause and start: one deployment, one action. */
    abstract static class Act implements Callable<Integer> {
        @Mixin
        OrdersCommand.Connection connection;

        @Parameters(paramLabel = "ID", description = "The deployment's id.")
        String id;

        abstract String action();

        @Override
        public Integer call() {
            return connection.run("dpp strategies " + action(), c -> c.strategyAction(id, action()), false);
        }

        @Command(name = "stop", mixinStandardHelpOptions = true,
                description = "Stop a deployment: the strategy's onStop, then its working orders are canceled.")
        static final class Stop extends Act {
            @Override
            String action() {
                return "stop";
            }
        }

        @Command(name = "pause", mixinStandardHelpOptions = true,
                description = "Pause a deployment: it sees no market events or timers; its orders stay working.")
        static final class Pause extends Act {
            @Override
            String action() {
                return "pause";
            }
        }

        @Command(name = "start", mixinStandardHelpOptions = true,
                description = "Start a paused deployment again, or a stopped or failed one afresh.")
        static final class Start extends Act {
            @Override
            String action() {
                return "start";
            }
        }
    }
}
