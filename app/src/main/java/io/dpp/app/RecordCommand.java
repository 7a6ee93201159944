package io.dpp.app;

import picocli.CommandLine.Command;

/**
 * {@code dpp record --capture-out DIR}: runs the platform like {@code dpp up} and writes every
 * venue connection's traffic as native captures in the fixture format, so users build their own
 * replay sets.
 */
@Command(name = "record", mixinStandardHelpOptions = true,
        description = {"Run the platform like dpp up and record every venue connection into --capture-out DIR as "
            + "native captures (<VENUE>.0 listing, <VENUE>.ws.<connection>.<n>, <VENUE>.http.0.<n> snapshots), "
            + "replayable with dpp replay, dpp sim and dpp up --replay."})
final class RecordCommand extends UpCommand {

    @Override
    String name() {
        return "dpp record";
    }

    @Override
    public Integer call() throws InterruptedException {
        if (captureOut == null) {
            System.err.println("dpp record: --capture-out DIR is required (where the captures go)");
            return Main.EXIT_USAGE;
        }
        return super.call();
    }
}
