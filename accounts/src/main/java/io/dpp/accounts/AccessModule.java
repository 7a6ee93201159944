package io.dpp.accounts;

import io.dpp.runtime.http.HttpModule;
import io.dpp.runtime.module.ModuleContext;
import io.dpp.runtime.module.ModuleDescriptor;
import io.dpp.runtime.module.RuntimeModule;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Access control for the APIs: opens the accounts database (users, keys, plans) and installs the
 * key check on the HTTP server, or the open demo mode when {@code accounts.access} is {@code open}.
 * Every API module depends on it, so it runs wherever an API does.
 */
public final class AccessModule implements RuntimeModule {

    public static final String NAME = io.dpp.runtime.access.Access.MODULE;

    private static final Logger LOG = LoggerFactory.getLogger(AccessModule.class);

    private AccountsDb db;
    private KeyAccess keys;
    private Sessions sessions;
    private java.util.concurrent.ScheduledExecutorService flusher;
    private io.dpp.runtime.db.DatabaseProbe probe;

    /** How often the accounts database is checked (readiness of the accounts service, {@code dpp_database_up}). */
    static final Duration PROBE_EVERY = Duration.ofSeconds(2);

    /** The registry entry. */
    public static ModuleDescriptor descriptor() {
        return new ModuleDescriptor(NAME, ModuleDescriptor.ON_DEMAND, List.of(HttpModule.NAME), AccessModule::new);
    }

    @Override
    public void start(ModuleContext context) {
        AccountsConfig config = context.config(AccountsConfig.class);
        HttpModule http = context.module(HttpModule.class);
        if (config.access().equals("open")) {
            LOG.warn("accounts.access is open: the APIs answer anyone without a key (a demo mode; never on a shared network)");
            http.access(new io.dpp.runtime.access.OpenAccess(io.dpp.runtime.access.OpenAccess.deniedCounter(context.metrics())));
            return;
        }
        db = AccountsDb.open(config.db(), context.dataDir());
        probe = io.dpp.runtime.db.DatabaseProbe.start(db.dataSource(), "accounts", db.description(), context.metrics(), PROBE_EVERY);
        sessions = new Sessions(db.sql(), java.time.Clock.systemUTC(), config.sessions().maxAge(), config.sessions().idle());
        keys = new KeyAccess(db, sessions, config.keyCache(), context.metrics());
        http.access(keys);
        flusher = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "accounts-usage");
            t.setDaemon(true);
            return t;
        });
        long every = Usage.EVERY.toMillis();
        flusher.scheduleWithFixedDelay(() -> keys.usage().flush(), every, every, java.util.concurrent.TimeUnit.MILLISECONDS);
        if (db.keys(null).stream().noneMatch(k -> k.revoked() == null)) {
            LOG.warn("no API key exists yet in {}: the APIs answer 401 until one does or a user signs in; make one with "
                    + "dpp keys create --user NAME --plan PLAN (plans: {}), or a first admin with dpp users create --email E"
                    + " --role admin --password-stdin", db.description(),
                    db.plans().stream().map(p -> p.name()).toList());
        } else {
            LOG.info("API keys required; accounts in {}", db.description());
        }
    }

    /** The accounts database; null in the open mode. */
    AccountsDb db() {
        return db;
    }

    /**
     * Whether the accounts database answers (always in the open mode). The key check goes on from
     * its cache meanwhile, so only the accounts service, which cannot work without it, reports not
     * ready while it is away.
     */
    boolean databaseUp() {
        return probe == null || probe.up();
    }

    /** The key and session check; null in the open mode. */
    KeyAccess keys() {
        return keys;
    }

    /** Browser sessions; null in the open mode. */
    Sessions sessions() {
        return sessions;
    }

    @Override
    public void stop(Duration budget) {
        if (probe != null) {
            probe.close();
        }
        if (flusher != null) {
            flusher.shutdownNow();
        }
        if (keys != null) {
            keys.close();
        }
        if (db != null) {
            db.close();
        }
    }
}
