package io.dpp.app;

import io.dpp.streams.replay.FeedBenchmark;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code dpp bench}: throughput benchmarks of whole pipelines, each printing one JSON line. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure a pipeline's throughput on this machine; each subcommand prints one JSON line.",
        subcommands = BenchCommand.Feed.class)
final class BenchCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** {@code dpp bench feed}. */
    @Command(name = "feed", mixinStandardHelpOptions = true,
            description = {"Run a venue capture through parse, normalize and books (checksums on) in a loop on one",
                "thread and print {\"venue\",\"messages_per_sec\",\"mb_per_sec\",\"allocated_bytes_per_message\",...}."})
    static final class Feed implements Callable<Integer> {

        @Mixin
        CaptureOptions capture;

        @Option(names = "--seconds", defaultValue = "10", description = "Measured time (default ${DEFAULT-VALUE} s).")
        double seconds;

        @Option(names = "--warmup", defaultValue = "8", description = "Warm-up time before measuring (default ${DEFAULT-VALUE} s).")
        double warmup;

        @Override
        public Integer call() throws IOException {
            CaptureOptions.Loaded loaded;
            try {
                loaded = capture.load();
            } catch (IllegalArgumentException e) {
                System.err.println("dpp bench feed: " + e.getMessage());
                return Main.EXIT_USAGE;
            }
            FeedBenchmark.Result result = FeedBenchmark.run(loaded.venue(), loaded.catalog(), loaded.ws(), loaded.rest(),
                    warmup, seconds);
            System.out.println(result.json());
            return Main.EXIT_OK;
        }
    }
}
