package io.dpp.ems.vault;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-seals records under the current master key, at start and then every interval, in batches, while
 * the vault keeps serving (a record is replaced only if unchanged since it was read). Reports the
 * records per key in {@code dpp_vault_records}: when only the current key has any, older keys may
 * be removed from the configuration.
 */
public final class Rotation implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Rotation.class);
    static final int BATCH = 100;

    private final CredentialStore store;
    private final VaultMetrics metrics;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "dpp-vault-rotation");
        t.setDaemon(true);
        return t;
    });

    public Rotation(CredentialStore store, VaultMetrics metrics) {
        this.store = store;
        this.metrics = metrics;
    }

    public void start(Duration interval) {
        timer.scheduleWithFixedDelay(this::sweepQuietly, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void sweepQuietly() {
        try {
            sweep();
        } catch (Exception e) {
            LOG.warn("vault rotation: {}; trying again at the next interval", e.toString());
        }
    }

    /** Re-seals every record it can under the current key; returns how many. */
    public int sweep() throws java.sql.SQLException {
        long failuresBefore = metrics.openFailures().get();
        int total = store.rotate(BATCH, metrics.openFailures(), Instant.now());
        metrics.resealed(total);
        java.util.Map<String, Long> counts = store.countsByKey();
        metrics.records(counts);
        if (total > 0) {
            LOG.info("vault rotation: re-sealed {} record(s) under master key {}; records per key now {}", total,
                    store.vault().currentKey(), counts);
        }
        long failed = metrics.openFailures().get() - failuresBefore;
        if (failed > 0) {
            LOG.error("vault rotation: {} record(s) do not open under this process's master keys; keep their key configured", failed);
        }
        return total;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
