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
    private EmsDb db;
    private Engine engine;
    private BusSubscription subscription;

    /** @param database the relational database's settings (the accounts service's, {@code accounts.db}) */
    public EmsModule(Function<ModuleContext, Database.Settings> database) {
        this.database = database;
    }

    /**
     * The registry entry; {@code database} reads the relational database's settings from the
     * configuration (the app passes the accounts service's, so that both share one database).
     */
    public static ModuleDescriptor descriptor(Function<ModuleContext, Database.Settings> database) {
        return new ModuleDescriptor(NAME, "ems", List.of(HttpModule.NAME, Access.MODULE, BusModule.NAME,
                io.dpp.runtime.events.UserEventsModule.NAME),
                () -> new EmsModule(database));
    }

    @Override
    public void start(ModuleContext context) {
        EmsConfig config = context.config(EmsConfig.class);
        db = EmsDb.open(database.apply(context), context.dataDir());
        io.dpp.runtime.events.UserEvents events = context.module(io.dpp.runtime.events.UserEventsModule.class).events();
        events.producer();
        engine = new Engine(config, db, new EmsMetrics().register(context.metrics()), events);
        engine.start();
        Bus bus = context.module(BusModule.class).bus();
        subscription = bus.subscribe(NAME, new Feed(engine), Bus.Delivery.BROADCAST);
        HttpModule http = context.module(HttpModule.class);
        new EmsApi(engine, db, Set.copyOf(config.admins().orElse(List.of()))).install(http.router());
    }

    @Override
    public void stop(Duration budget) throws Exception {
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

    /** Copies the events the paper venue needs (book changes, trades, feed status) to the engine. */
    private record Feed(Engine engine) implements BusConsumer {

        @Override
        public void onEvent(MarketEvent event) throws Exception {
            switch (event.type()) {
                case BOOK_CHANGE -> {
                    BookChange copy = new BookChange().copyFrom((BookChange) event);
                    engine.market(() -> engine.onBookChange(copy));
                }
                case TRADE -> {
                    Trade copy = new Trade().copyFrom((Trade) event);
                    engine.market(() -> engine.onTrade(copy));
                }
                case FEED_STATUS -> {
                    FeedStatus copy = new FeedStatus().copyFrom((FeedStatus) event);
                    engine.market(() -> engine.onFeedStatus(copy));
                }
                default -> {
                }
            }
        }
    }
}
