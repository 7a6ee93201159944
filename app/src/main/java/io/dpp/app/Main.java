package io.dpp.app;

import io.dpp.runtime.logging.Logging;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The {@code dpp} command line. Subcommands are added here as the services grow (replay, sim,
 * record, export, keys, tail, backtest, bench, ...).
 */
@Command(name = "dpp", mixinStandardHelpOptions = true, versionProvider = VersionCommand.class,
        description = {"DPP: open, self-hostable crypto market data and algorithmic trading.", ""},
        subcommands = {UpCommand.class, RecordCommand.class, ExportCommand.class, BacktestCommand.class, TailCommand.class, OrdersCommand.class, CredentialsCommand.class, VaultCommand.class, RunCommand.class, StrategiesCommand.class, KeysCommand.class, UsersCommand.class, TicketsCommand.class, SimCommand.class, ReplayCommand.class, CapturesCommand.class, BenchCommand.class, ConfigCommand.class, VersionCommand.class,
            CommandLine.HelpCommand.class},
        footer = {"", "Run 'dpp COMMAND --help' for a command's options. Docs: README.md and docs/."})
public final class Main implements Runnable {

    /** Success, including a clean stop after SIGTERM or SIGINT. */
    static final int EXIT_OK = 0;
    /** A module failed to start or to stop cleanly. */
    static final int EXIT_FAILURE = 1;
    /** Invalid command line or configuration (picocli uses 2 for usage errors too). */
    static final int EXIT_USAGE = 2;

    @Spec
    CommandSpec spec;

    static {
        // Vert.x logs through SLF4J like everything else, so that JSON logs stay one object per line.
        System.setProperty("vertx.logger-delegate-factory-class-name", "io.vertx.core.logging.SLF4JLogDelegateFactory");
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** Runs the command line and returns the exit code. */
    public static int run(String... args) {
        Logging.bridgeJavaUtilLogging();
        CommandLine cli = new CommandLine(new Main());
        CommandLine.IExecutionStrategy run = cli.getExecutionStrategy();
        cli.setExecutionStrategy(parsed -> {
            BoundedOptions.check(parsed); // a usage error (exit code 2) for a number beyond its option's bounds
            return run.execute(parsed);
        });
        return cli.execute(args);
    }

    public static void main(String[] args) {
        // Only `up` and `sim` are services whose stdout is their log; the other commands print data
        // on stdout, so their diagnostics go to stderr.
        if (args.length == 0 || !(args[0].equals("up") || args[0].equals("sim"))) {
            System.setProperty("dpp.log.target", "System.err");
        }
        // Logback reads DPP_LOG_LEVEL before the configuration is validated and takes a level it
        // does not know for DEBUG: an invalid one would flood the output that reports it.
        String level = System.getenv("DPP_LOG_LEVEL");
        if (level != null && !java.util.Set.of("trace", "debug", "info", "warn", "error", "off")
                .contains(level.strip().toLowerCase(java.util.Locale.ROOT))) {
            System.setProperty("dpp.log.level", "info");
        }
        System.exit(run(args));
    }
}
