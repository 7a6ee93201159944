package io.dpp.app;

import io.dpp.accounts.AccessModule;
import io.dpp.accounts.AccountsConfig;
import io.dpp.bus.BusConfig;
import io.dpp.bus.BusModule;
import io.dpp.historical.HistoricalConfig;
import io.dpp.serve.history.HistoryApi;
import io.dpp.historical.recorder.RecorderModule;
import io.dpp.runtime.RuntimeSections;
import io.dpp.runtime.config.ConfigSection;
import io.dpp.runtime.config.DppConfig;
import io.dpp.runtime.http.HttpModule;
import io.dpp.runtime.module.ModuleDescriptor;
import io.dpp.runtime.module.ModuleRegistry;
import io.dpp.sim.SimServer;
import io.dpp.store.QuestDbStore;
import io.dpp.store.StoreConfig;
import io.dpp.serve.stream.StreamApiModule;
import io.dpp.serve.stream.StreamConfig;
import io.dpp.streams.live.FeedsModule;
import io.dpp.streams.live.StreamsConfig;
import io.dpp.trader.api.BacktestApi;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Everything the one binary contains: every module of every service and every configuration
 * section. A service adds its modules and sections here when its first real code arrives; the
 * registry then places them behind their {@code --target}.
 */
public final class Platform {

    private Platform() {
    }

    /** Every module of the binary, in registration order. */
    public static List<ModuleDescriptor> modules() {
        return modules(null);
    }

    /**
     * Every module, with the feeds pointed at a running venue simulator when {@code replay} is given
     * ({@code dpp up --replay}): venues, streams and endpoints then come from the simulator's captures.
     */
    public static List<ModuleDescriptor> modules(SimServer replay) {
        return modules(replay, null);
    }

    /** As {@link #modules(SimServer)}, with the feeds writing native captures to {@code captureOut} when not null. */
    public static List<ModuleDescriptor> modules(SimServer replay, Path captureOut) {
        ModuleDescriptor feeds = replay == null ? FeedsModule.descriptor(Map.of(), null, captureOut)
                : FeedsModule.descriptor(replay.feedSetups(), replay, captureOut);
        // The store and the recorder come before the feeds, so that they stop after them: every
        // event a feed published reaches the store before shutdown.
        return List.of(HttpModule.descriptor(), AccessModule.descriptor(), io.dpp.accounts.UsersModule.descriptor(), BusModule.descriptor(),
                io.dpp.runtime.events.UserEventsModule.descriptor(), QuestDbStore.descriptor(),
                RecorderModule.descriptor(), HistoryApi.descriptor(), BacktestApi.descriptor(),
                io.dpp.trader.api.GraphsApi.descriptor(c -> io.dpp.accounts.AccountsDb.settings(c.config(AccountsConfig.class).db())),
                io.dpp.ems.EmsModule.descriptor(c -> io.dpp.accounts.AccountsDb.settings(c.config(AccountsConfig.class).db()),
                        replay == null ? null : venue -> replay.venueUrl("http", venue)),
                io.dpp.trader.api.StrategiesApi.descriptor(c -> io.dpp.accounts.AccountsDb.settings(c.config(AccountsConfig.class).db()),
                        c -> c.module(io.dpp.ems.EmsModule.class).host(), io.dpp.ems.EmsModule.NAME),
                StreamApiModule.descriptor(io.dpp.streams.venue.Venues.ids()), io.dpp.console.ConsoleModule.descriptor(), feeds);
    }

    /** Every configuration section, so that one file configures every target. */
    public static List<ConfigSection<?>> configSections() {
        List<ConfigSection<?>> sections = new ArrayList<>(RuntimeSections.all());
        sections.add(new ConfigSection<>("bus", BusConfig.class, BusConfig::check));
        sections.add(new ConfigSection<>("streams", StreamsConfig.class, StreamsConfig::check));
        sections.add(new ConfigSection<>("stream", StreamConfig.class, StreamConfig::check));
        sections.add(new ConfigSection<>("store", StoreConfig.class, StoreConfig::check));
        sections.add(new ConfigSection<>("historical", HistoricalConfig.class, HistoricalConfig::check));
        sections.add(new ConfigSection<>("historical.api", io.dpp.serve.history.HistoryApiConfig.class,
                io.dpp.serve.history.HistoryApiConfig::check));
        sections.add(new ConfigSection<>("accounts", AccountsConfig.class, AccountsConfig::check));
        sections.add(new ConfigSection<>("trader", io.dpp.trader.TraderConfig.class, io.dpp.trader.TraderConfig::check));
        sections.add(new ConfigSection<>("ems", io.dpp.ems.EmsConfig.class, io.dpp.ems.EmsConfig::check));
        return List.copyOf(sections);
    }

    /** The registry over {@link #modules()}. */
    public static ModuleRegistry registry() {
        return new ModuleRegistry(modules());
    }

    /** The registry over {@link #modules(SimServer)}. */
    public static ModuleRegistry registry(SimServer replay) {
        return new ModuleRegistry(modules(replay));
    }

    /** The registry over {@link #modules(SimServer, Path)}. */
    public static ModuleRegistry registry(SimServer replay, Path captureOut) {
        return new ModuleRegistry(modules(replay, captureOut));
    }

    /** Loads the configuration from the jar defaults, the optional file and the process environment. */
    public static DppConfig loadConfig(Path file) {
        return DppConfig.load(file, Map.copyOf(System.getenv()), configSections());
    }
}
