package io.dpp.runtime.db;

import com.zaxxer.hikari.HikariDataSource;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.sql.Connection;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether a service's database answers, checked on a thread of its own every {@code every}. A
 * PostgreSQL server is checked on a connection of the probe's own, opened with a 2 s connect
 * timeout and a 4 s socket timeout, so that a server gone away shows within seconds rather than
 * after the pool's connection timeout (10 s); the embedded database, in the process itself, on a
 * connection from the pool. A service
 * that cannot work without its database reports not ready while it is away, so that a load
 * balancer or Kubernetes sends its users elsewhere, and ready again as soon as it answers; the
 * pool itself reconnects by itself. Metrics {@code dpp_database_up{part}} (1 or 0) and
 * {@code dpp_database_probe_failures_total{part}}; the alert {@code DppDatabaseDown} reads the
 * first.
 *
 * <p>Readiness thus turns false at most {@code every} plus about 4 s after the database went away.
 */
public final class DatabaseProbe implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DatabaseProbe.class);
    private static final int VALID_SECONDS = 2;

    private final HikariDataSource data;
    private final String part;
    private final String description;
    private final ScheduledExecutorService thread;
    private final AtomicLong failures = new AtomicLong();
    private volatile boolean up = true;
    /** When the database was found away ({@link System#nanoTime()}), while it is. */
    private long downSince;

    private DatabaseProbe(HikariDataSource data, String part, String description) {
        this.data = data;
        this.part = part;
        this.description = description;
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "database-probe-" + part);
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Starts checking {@code data} every {@code every} and registers the metrics.
     *
     * @param part        the service's part of the database ("accounts", "ems"): the metrics' label
     * @param description the database as messages name it
     */
    public static DatabaseProbe start(HikariDataSource data, String part, String description, PrometheusRegistry metrics,
                                      Duration every) {
        DatabaseProbe probe = new DatabaseProbe(data, part, description);
        register(metrics, probe);
        long millis = Math.max(100, every.toMillis());
        probe.thread.scheduleWithFixedDelay(probe::check, millis, millis, TimeUnit.MILLISECONDS);
        return probe;
    }

    /** The probes of each registry (one process may hold several services' parts): the metrics are registered once. */
    private static final java.util.Map<PrometheusRegistry, java.util.List<DatabaseProbe>> PROBES = new java.util.WeakHashMap<>();

    private static void register(PrometheusRegistry metrics, DatabaseProbe probe) {
        synchronized (PROBES) {
            java.util.List<DatabaseProbe> probes = PROBES.get(metrics);
            if (probes == null) {
                java.util.List<DatabaseProbe> all = new java.util.concurrent.CopyOnWriteArrayList<>();
                PROBES.put(metrics, all);
                probes = all;
                GaugeWithCallback.builder().name("dpp_database_up").labelNames("part")
                        .help("1 while the service's database answers its checks, 0 while it is away")
                        .callback(cb -> all.forEach(p -> cb.call(p.up ? 1 : 0, p.part))).register(metrics);
                CounterWithCallback.builder().name("dpp_database_probe_failures").labelNames("part")
                        .help("Checks of the service's database that found it away")
                        .callback(cb -> all.forEach(p -> cb.call(p.failures.get(), p.part))).register(metrics);
            }
            probes.add(probe);
        }
    }

    /** Whether the latest check found the database answering (true before the first). */
    public boolean up() {
        return up;
    }

    /** Checks failed so far. */
    public long failures() {
        return failures.get();
    }

    private void check() {
        String problem;
        try (Connection c = connection()) {
            problem = c.isValid(VALID_SECONDS) ? null : "the connection is not valid";
        } catch (Exception e) {
            problem = Database.rootMessage(e);
        }
        if (problem == null) {
            if (!up) {
                LOG.info("{} ({}) answers again after {} ms: ready", description, part,
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - downSince));
                up = true;
            }
            return;
        }
        failures.incrementAndGet();
        if (up) {
            downSince = System.nanoTime();
            up = false;
            LOG.warn("{} ({}) does not answer: not ready until it does; the pool reconnects by itself ({})", description, part,
                    problem);
        }
    }

    private Connection connection() throws java.sql.SQLException {
        String url = data.getJdbcUrl();
        if (!url.startsWith("jdbc:postgresql:")) {
            return data.getConnection();
        }
        java.util.Properties properties = new java.util.Properties();
        if (data.getUsername() != null) {
            properties.setProperty("user", data.getUsername());
        }
        if (data.getPassword() != null) {
            properties.setProperty("password", data.getPassword());
        }
        properties.setProperty("connectTimeout", "2");
        properties.setProperty("socketTimeout", "4");
        properties.setProperty("ApplicationName", "dpp database probe");
        return java.sql.DriverManager.getConnection(url, properties);
    }

    @Override
    public void close() {
        thread.shutdownNow();
        synchronized (PROBES) {
            PROBES.values().forEach(l -> l.remove(this));
        }
    }
}
