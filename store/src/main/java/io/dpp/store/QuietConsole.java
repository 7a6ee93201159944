package io.dpp.store;

import java.io.PrintStream;
import java.util.List;

/**
 * Keeps QuestDB's few direct console lines ("Log configuration loaded from ...", "QuestDB is
 * shutting down...") out of the process output, which must stay one JSON object per line with
 * {@code log.format: json}. While {@link #run} runs, {@code System.out} and {@code System.err}
 * drop exactly those lines; everything else, our own logging included, passes through.
 */
final class QuietConsole {

    private static final List<String> DROPPED = List.of("QuestDB is shutting down", "QuestDB is shutdown",
            "Log configuration loaded", "Reading log configuration", "Created log directory");

    private QuietConsole() {
    }

    /** Runs {@code action} with QuestDB's console lines dropped. */
    static synchronized void run(Runnable action) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        System.setOut(new Filter(out));
        System.setErr(new Filter(err));
        try {
            action.run();
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    private static final class Filter extends PrintStream {

        Filter(PrintStream target) {
            super(target, true);
        }

        @Override
        public void println(String line) {
            if (line != null) {
                for (String d : DROPPED) {
                    if (line.startsWith(d)) {
                        return;
                    }
                }
            }
            super.println(line);
        }

        @Override
        public PrintStream printf(String format, Object... args) {
            if (format != null) {
                for (String d : DROPPED) {
                    if (format.startsWith(d)) {
                        return this;
                    }
                }
            }
            return super.printf(format, args);
        }
    }
}
