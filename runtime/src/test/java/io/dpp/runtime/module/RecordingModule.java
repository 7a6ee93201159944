package io.dpp.runtime.module;

import java.time.Duration;
import java.util.List;

/** A module that records its start and stop calls into a shared list, for lifecycle tests. */
class RecordingModule implements RuntimeModule {

    final String name;
    final List<String> calls;
    volatile boolean ready = true;
    volatile RuntimeException failOnStart;
    volatile long stopMillis;
    volatile Runnable onStop = () -> { };

    RecordingModule(String name, List<String> calls) {
        this.name = name;
        this.calls = calls;
    }

    @Override
    public void start(ModuleContext context) {
        calls.add("start " + name);
        if (failOnStart != null) {
            throw failOnStart;
        }
    }

    @Override
    public boolean isReady() {
        return ready;
    }

    @Override
    public void stop(Duration budget) throws InterruptedException {
        onStop.run();
        calls.add("stop " + name);
        if (stopMillis > 0) {
            Thread.sleep(stopMillis);
        }
    }
}
