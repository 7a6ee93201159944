package io.dpp.historical.recorder;

import io.dpp.bus.BusModule;
import io.dpp.bus.BusSubscription;
import io.dpp.historical.HistoricalConfig;
import io.dpp.runtime.module.ModuleContext;
import io.dpp.runtime.module.ModuleDescriptor;
import io.dpp.runtime.module.RuntimeModule;
import io.dpp.store.QuestDbStore;
import java.time.Duration;
import java.util.List;

/** The recorder of the historical service: everything on the bus into the store. */
public final class RecorderModule implements RuntimeModule {

    public static final String NAME = "recorder";

    private final RecorderStats stats = new RecorderStats();
    private BusSubscription subscription;
    private volatile Recorder recorder;

    /** The registry entry. */
    public static ModuleDescriptor descriptor() {
        return new ModuleDescriptor(NAME, "historical", List.of(BusModule.NAME, QuestDbStore.NAME), RecorderModule::new);
    }

    @Override
    public void start(ModuleContext context) {
        HistoricalConfig config = context.config(HistoricalConfig.class);
        QuestDbStore store = context.module(QuestDbStore.class);
        stats.register(context.metrics());
        Recorder recorder = new Recorder(store, config.recorder().commitRows(), config.recorder().commitInterval(),
                config.recorder().checkpointInterval(), stats).retryFor(config.recorder().storeRetry());
        this.recorder = recorder;
        subscription = context.module(BusModule.class).bus().subscribe(NAME, recorder);
    }

    /** What the recorder has done. */
    public RecorderStats stats() {
        return stats;
    }

    /** Not ready while the store refuses commits (they are being tried again): history is not being written. */
    @Override
    public boolean isReady() {
        Recorder r = recorder;
        return r != null && !r.storeAway();
    }

    @Override
    public void stop(Duration budget) {
        if (subscription != null) {
            subscription.close(budget);
        }
    }
}
