package io.dpp.ems.vault;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** The vault's metrics ({@code dpp_vault_*}, docs/operations.md): never a secret, a key or a user's credential name. */
public final class VaultMetrics {

    private final LongAdder added = new LongAdder();
    private final AtomicLong openFailures = new AtomicLong();
    private final LongAdder resealed = new LongAdder();
    private final Map<String, LongAdder> tests = new ConcurrentHashMap<>();
    private volatile Map<String, Long> records = Map.of();

    public VaultMetrics register(PrometheusRegistry registry) {
        CounterWithCallback.builder().name("dpp_vault_credentials_added").help("Venue credentials users added")
                .callback(cb -> cb.call(added.sum())).register(registry);
        CounterWithCallback.builder().name("dpp_vault_open_failures")
                .help("Sealed records that did not open: sealed under a master key this process lacks, or changed")
                .callback(cb -> cb.call(openFailures.get())).register(registry);
        CounterWithCallback.builder().name("dpp_vault_resealed").help("Records re-sealed under the current master key by rotation")
                .callback(cb -> cb.call(resealed.sum())).register(registry);
        CounterWithCallback.builder().name("dpp_vault_credential_tests").help("Signed read-only test calls, by venue and result")
                .labelNames("venue", "result").callback(cb -> tests.forEach((k, n) -> {
                    int bar = k.indexOf('|');
                    cb.call(n.sum(), k.substring(0, bar), k.substring(bar + 1));
                })).register(registry);
        GaugeWithCallback.builder().name("dpp_vault_records").help("Sealed records per master key id (rotation is done when only the current one has any)")
                .labelNames("key_id").callback(cb -> records.forEach((k, n) -> cb.call(n, k))).register(registry);
        return this;
    }

    void added() {
        added.increment();
    }

    void openFailed() {
        openFailures.incrementAndGet();
    }

    AtomicLong openFailures() {
        return openFailures;
    }

    void resealed(int n) {
        resealed.add(n);
    }

    void tested(String venue, boolean ok) {
        tests.computeIfAbsent(venue + "|" + (ok ? "ok" : "failed"), k -> new LongAdder()).increment();
    }

    void records(Map<String, Long> byKey) {
        records = Map.copyOf(byKey);
    }
}
