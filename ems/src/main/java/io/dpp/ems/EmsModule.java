package io.dpp.ems;

import io.dpp.bus.Bus;
import io.dpp.bus.BusConsumer;
import io.dpp.bus.BusModule;
import io.dpp.bus.BusSubscription;
import io.dpp.core.model.BookChange;
import io.dpp.core.model.FeedStatus;
import io.dpp.core.model.MarketEvent;
import io.dpp.core.model.Trade;
import io.dpp.runtime.access.Access;
import io.dpp.runtime.db.Database;
import io.dpp.runtime.http.HttpModule;
import io.dpp.runtime.module.ModuleContext;
import io.dpp.runtime.module.ModuleDescriptor;
import io.dpp.runtime.module.RuntimeModule;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The EMS service's runtime module (target {@code ems}): opens its tables in the relational
 * database, loads the journaled state into the {@link Engine}, feeds the paper venue from the bus
 * (a broadcast subscription: every EMS process sees every book) and serves the REST API.
 */
public final class EmsModule implements RuntimeModule {

    public static final String NAME = "execution";

    private final Function<ModuleContext, Database.Settings> database;
    private final Function<String, String> tradingUrls;
    private EmsDb db;
    private io.dpp.ems.vault.Rotation rotation;
    private Engine engine;
    private BusSubscription subscription;
    private io.dpp.runtime.db.DatabaseProbe probe;

    /** @param database the relational database's settings (the accounts service's, {@code accounts.db}) */
    public EmsModule(Function<ModuleContext, Database.Settings> database) {
        this(database, null);
    }

    /**
     * @param tradingUrls where each venue's private API is, overriding the configuration (the venue
     *                    simulator's in {@code dpp up --replay}); null to use {@code ems.venues}
     */
    public EmsModule(Function<ModuleContext, Database.Settings> database, Function<String, String> tradingUrls) {
        this.database = database;
        this.tradingUrls = tradingUrls;
    }

    /**
     * The registry entry; {@code database} reads the relational database's settings from the
     * configuration (the app passes the accounts service's, so that both share one database).
     */
    public static ModuleDescriptor descriptor(Function<ModuleContext, Database.Settings> database) {
        return descriptor(database, null);
    }

    /** As {@link #descriptor(Function)}, with every venue's private API at {@code tradingUrls} (the simulator). */
    public static ModuleDescriptor descriptor(Function<ModuleContext, Database.Settings> database, Function<String, String> tradingUrls) {
        return new ModuleDescriptor(NAME, "ems", List.of(HttpModule.NAME, Access.MODULE, BusModule.NAME,
                io.dpp.runtime.events.UserEventsModule.NAME),
                () -> new EmsModule(database, tradingUrls));
    }

    @Override
    public void start(ModuleContext context) {
        EmsConfig config = context.config(EmsConfig.class);
        db = EmsDb.open(database.apply(context), context.dataDir());
        probe = io.dpp.runtime.db.DatabaseProbe.start(db.dataSource(), "ems", db.description(), context.metrics(),
                Duration.ofSeconds(2));
        io.dpp.runtime.events.UserEvents events = context.module(io.dpp.runtime.events.UserEventsModule.class).events();
        events.producer();
        EmsConfig.Vault v = config.vault();
        io.dpp.ems.vault.Vault vault = new io.dpp.ems.vault.Vault(io.dpp.ems.vault.MasterKeys.load(v.masterSecret(), v.keyFile(),
                v.currentKey(), context.dataDir()));
        io.dpp.ems.vault.VaultMetrics vaultMetrics = new io.dpp.ems.vault.VaultMetrics().register(context.metrics());
        io.dpp.ems.vault.CredentialStore credentials = new io.dpp.ems.vault.CredentialStore(db.dataSource(), vault);
        Function<String, String> urls = tradingUrls != null ? tradingUrls : venue -> {
            EmsConfig.VenueApi api = config.venues().get(venue);
            return api != null && api.restUrl().isPresent() ? api.restUrl().get() : io.dpp.trading.live.TradingEndpoints.restUrl(venue);
        };
        // One client for the credentials' tests and the live accounts: the venues' measured clocks are shared.
        io.dpp.ems.live.VenueHttp venueHttp = new io.dpp.ems.live.VenueHttp(urls, v.venueTimeout());

        engine = new Engine(config, db, new EmsMetrics().register(context.metrics()), events);
        // The vault and the database are read off the engine's thread (two threads: opening accounts is rare).
        // The live accounts' calls spend the venues' allowances of this address with the feeds' (one process: shared).
        engine.live(new io.dpp.ems.live.LiveAccounts(credentials, venueHttp, java.util.concurrent.Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "ems-live-open");
            t.setDaemon(true);
            return t;
        }), context.venueWeights()));
        engine.start();
        Bus bus = context.module(BusModule.class).bus();
        subscription = bus.subscribe(NAME, new Feed(engine), Bus.Delivery.BROADCAST);
        HttpModule http = context.module(HttpModule.class);
        new EmsApi(engine, db, Set.copyOf(config.admins().orElse(List.of()))).install(http.router());
        new io.dpp.ems.vault.CredentialsApi(credentials, venueHttp, vaultMetrics).install(http.router());
        rotation = new io.dpp.ems.vault.Rotation(credentials, vaultMetrics);
        rotation.start(v.rotationInterval());
    }

    /** Where strategies run forward in this process: the engine, beside the paper venue (decision 023). */
    public io.dpp.trading.exec.ExecutionHost host() {
        return engine;
    }

    /** Not ready while its database is away: orders are journaled there before they go to a venue. */
    @Override
    public boolean isReady() {
        return probe == null || probe.up();
    }

    @Override
    public void stop(Duration budget) throws Exception {
        if (probe != null) {
            probe.close();
        }
        if (rotation != null) {
            rotation.close();
        }
        if (subscription != null) {
            subscription.close(budget.dividedBy(3));
        }
        if (engine != null) {
            engine.stop(budget.dividedBy(3).toMillis());
        }
        if (db != null) {
            db.close();
        }
    }

    /**
     * Copies the events the paper venue needs (book changes, trades, feed status) and hands them to
     * the engine once per bus batch: one queue operation and one wake-up of the engine per batch,
     * not per event.
     */
    private static final class Feed implements BusConsumer {

        private final Engine engine;
        private java.util.ArrayList<MarketEvent> batch = new java.util.ArrayList<>();

        Feed(Engine engine) {
            this.engine = engine;
        }

        @Override
        public void onEvent(MarketEvent event) throws Exception {
            switch (event.type()) {
                case BOOK_CHANGE -> batch.add(new BookChange().copyFrom((BookChange) event));
                case TRADE -> batch.add(new Trade().copyFrom((Trade) event));
                case FEED_STATUS -> batch.add(new FeedStatus().copyFrom((FeedStatus) event));
                case DERIVATIVE_TICKER -> batch.add(new io.dpp.core.model.DerivativeTicker()
                        .copyFrom((io.dpp.core.model.DerivativeTicker) event));
                default -> {
                }
            }
            if (batch.size() >= 4096) {
                handOver();
            }
        }

        @Override
        public boolean endOfBatch(boolean idle) throws Exception {
            handOver();
            return true;
        }

        @Override
        public boolean onClose() throws Exception {
            handOver();
            return true;
        }

        private void handOver() throws InterruptedException {
            if (batch.isEmpty()) {
                return;
            }
            java.util.List<MarketEvent> events = batch;
            batch = new java.util.ArrayList<>(Math.max(16, events.size()));
            long at = System.nanoTime();
            engine.market(() -> {
                engine.handedOver(at);
                for (MarketEvent e : events) {
                    switch (e.type()) {
                        case BOOK_CHANGE -> engine.onBookChange((BookChange) e);
                        case TRADE -> engine.onTrade((Trade) e);
                        case DERIVATIVE_TICKER -> engine.onTicker((io.dpp.core.model.DerivativeTicker) e);
                        default -> engine.onFeedStatus((FeedStatus) e);
                    }
                }
            });
        }
    }
}
