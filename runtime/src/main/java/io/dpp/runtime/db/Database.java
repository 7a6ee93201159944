package io.dpp.runtime.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.util.Optional;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relational database of the platform (accounts, keys, plans, trading accounts, orders, fills):
 * an embedded H2 file database under {@code <data.dir>/accounts} by default, PostgreSQL in
 * production. Each service that keeps data in it opens its own pool and brings its own part of the
 * schema up to date with Flyway ({@code db/<service>} migrations, a history table of its own), so
 * that services share the database without depending on each other.
 *
 * <p>The embedded database writes every commit to its file before the commit returns
 * ({@code WRITE_DELAY=0}): a process killed at any moment keeps what it acknowledged (the page
 * cache survives the process; PostgreSQL also survives the machine).
 */
public final class Database {

    /** Where the database is and how many connections a service keeps. */
    public record Settings(Optional<String> url, Optional<String> user, Optional<String> password, int poolSize) {
    }

    /** The system property H2 binds its TCP servers (AUTO_SERVER's among them) to. */
    public static final String H2_BIND_ADDRESS = "h2.bindAddress";

    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    static {
        // The embedded database's AUTO_SERVER lets a second process of this machine (dpp keys) in
        // while the platform runs. H2 opens that server for other hosts too unless told to bind
        // one address: loopback only. Read once, when H2's classes load, which this precedes.
        if (System.getProperty(H2_BIND_ADDRESS) == null) {
            System.setProperty(H2_BIND_ADDRESS, "127.0.0.1");
        }
    }

    private Database() {
    }

    /**
     * Opens a pool on the database {@code settings} name (the embedded one under {@code dataDir}
     * when its URL is empty) and applies the migrations under {@code classpath:db/<part>}, recorded
     * in {@code <part>_schema_history}.
     *
     * @param part    the service's part of the schema: "accounts", "ems"
     * @param urlKey  the configuration key of the URL, for messages
     * @throws IllegalStateException naming {@code urlKey} when the database cannot be reached or migrated
     */
    public static HikariDataSource open(Settings settings, Path dataDir, String part, String urlKey) {
        Optional<String> configured = settings.url().filter(u -> !u.isBlank());
        String url = configured.orElse(embeddedUrl(dataDir));
        String description = description(settings, dataDir);
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(url);
        settings.user().filter(u -> !u.isEmpty()).ifPresent(hc::setUsername);
        settings.password().filter(p -> !p.isEmpty()).ifPresent(hc::setPassword);
        hc.setMaximumPoolSize(settings.poolSize());
        hc.setMinimumIdle(1);
        hc.setPoolName(part);
        hc.setConnectionTimeout(10_000);
        hc.setInitializationFailTimeout(10_000);
        HikariDataSource data;
        try {
            data = new HikariDataSource(hc);
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot open " + description + " (" + urlKey + "): " + rootMessage(e), e);
        }
        try {
            // baselineOnMigrate: the other services' tables may be there already; this part starts
            // from version 0 then.
            var result = Flyway.configure().dataSource(data).locations("classpath:db/" + part).table(part + "_schema_history")
                    .baselineOnMigrate(true).baselineVersion("0").load().migrate();
            if (result.migrationsExecuted > 0) {
                LOG.info("{}: {} migration(s) of {} applied, now at version {}", description, result.migrationsExecuted, part,
                        result.targetSchemaVersion);
            }
        } catch (RuntimeException e) {
            data.close();
            throw new IllegalStateException("cannot migrate " + description + ": " + rootMessage(e), e);
        }
        return data;
    }

    /** Which database {@code settings} names, for messages. */
    public static String description(Settings settings, Path dataDir) {
        return settings.url().filter(u -> !u.isBlank())
                .map(u -> "the database " + u)
                .orElse("the embedded database " + dataDir.toAbsolutePath().normalize().resolve("accounts"));
    }

    /**
     * The embedded H2 database's URL; AUTO_SERVER lets a second process (dpp keys) in while the
     * platform runs, on loopback only; WRITE_DELAY=0 writes each commit before it returns.
     */
    public static String embeddedUrl(Path dataDir) {
        Path file = dataDir.toAbsolutePath().normalize().resolve("accounts").resolve("accounts");
        return "jdbc:h2:file:" + file + ";AUTO_SERVER=TRUE;WRITE_DELAY=0";
    }

    /** The innermost message of {@code e}. */
    public static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }
}
