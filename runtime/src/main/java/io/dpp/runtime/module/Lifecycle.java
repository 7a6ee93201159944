package io.dpp.runtime.module;

import io.dpp.runtime.config.DppConfig;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Starts a resolved list of modules in order and stops them in reverse, within a bounded time.
 *
 * <p>Stopping first turns readiness false (so /health/ready answers 503 and load balancers drain
 * the process), waits the configured drain delay, then stops each module with a share of the
 * remaining time. A module that overruns is abandoned and reported; the others still stop, so a
 * process never hangs on shutdown.
 */
public final class Lifecycle implements Readiness {

    private static final Logger LOG = LoggerFactory.getLogger(Lifecycle.class);
    private static final long RESERVE_PER_MODULE_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

    private final List<ModuleDescriptor> plan;
    private final Map<Class<?>, RuntimeModule> byType = new ConcurrentHashMap<>();
    private final Map<String, String> states = Collections.synchronizedMap(new LinkedHashMap<>());
    private final List<Started> started = Collections.synchronizedList(new ArrayList<>());
    private final ModuleContext context;
    private volatile boolean stopping;

    private record Started(String name, RuntimeModule module) {
    }

    public Lifecycle(List<ModuleDescriptor> plan, DppConfig config, PrometheusRegistry metrics) {
        this.plan = List.copyOf(plan);
        for (ModuleDescriptor d : plan) {
            states.put(d.name(), "starting");
        }
        this.context = new ModuleContext(config, metrics, this, byType);
        io.dpp.runtime.rate.VenueWeights weights = context.venueWeights();
        io.prometheus.metrics.core.metrics.CounterWithCallback.builder().name("dpp_venue_rest_weight_spent")
                .help("Units of each venue's REST allowance for this address spent, by the feeds and the EMS together")
                .labelNames("venue").callback(cb -> weights.all().forEach((v, w) -> cb.call(w.spent(), v))).register(metrics);
        io.prometheus.metrics.core.metrics.CounterWithCallback.builder().name("dpp_venue_rest_weight_refused")
                .help("Order-entry calls refused here because the venue's REST allowance for this address was spent or paused")
                .labelNames("venue").callback(cb -> weights.all().forEach((v, w) -> cb.call(w.refused(), v))).register(metrics);
        GaugeWithCallback.builder().name("dpp_venue_rest_paused_seconds")
                .help("Seconds a venue's rate-limit answer still holds every call of this process to it back")
                .labelNames("venue").callback(cb -> weights.all().forEach((v, w) -> cb.call(w.pausedNanos() / 1e9, v))).register(metrics);
        GaugeWithCallback.builder()
                .name("dpp_module_ready")
                .help("1 when the module is started and ready, else 0")
                .labelNames("module")
                .callback(cb -> {
                    for (Map.Entry<String, String> e : modules().entrySet()) {
                        cb.call("ready".equals(e.getValue()) ? 1 : 0, e.getKey());
                    }
                })
                .register(metrics);
    }

    /**
     * A started module of the given type (for the process that embeds the platform: tests, tools).
     *
     * @throws IllegalStateException if no such module has started
     */
    public <T extends RuntimeModule> T module(Class<T> type) {
        return context.module(type);
    }

    /** Names of the modules this lifecycle runs, in start order. */
    public List<String> moduleNames() {
        return plan.stream().map(ModuleDescriptor::name).toList();
    }

    /**
     * Starts every module in order. If one fails, the ones already started are stopped in reverse
     * within {@code cleanupBudget} and the failure is rethrown, naming the module.
     */
    public void start(Duration cleanupBudget) {
        for (ModuleDescriptor d : plan) {
            if (stopping) {
                throw new IllegalStateException("stop requested while starting; " + d.name() + " not started");
            }
            MDC.put("module", d.name());
            long t0 = System.nanoTime();
            try {
                RuntimeModule module = d.factory().get();
                module.start(context);
                byType.put(module.getClass(), module);
                started.add(new Started(d.name(), module));
                states.put(d.name(), "started");
                LOG.info("started module {} in {} ms", d.name(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
            } catch (Exception | LinkageError e) {
                states.put(d.name(), "failed");
                LOG.error("module {} failed to start: {}", d.name(), e.toString(), e);
                MDC.remove("module");
                stop(cleanupBudget, Duration.ZERO);
                throw new ModuleStartException(d.name(), e);
            } finally {
                MDC.remove("module");
            }
        }
    }

    @Override
    public boolean ready() {
        if (stopping || started.size() != plan.size()) {
            return false;
        }
        synchronized (started) {
            for (Started s : started) {
                if (!s.module().isReady()) {
                    return false;
                }
            }
        }
        return true;
    }

    @Override
    public Map<String, String> modules() {
        Map<String, String> view = new LinkedHashMap<>();
        synchronized (states) {
            view.putAll(states);
        }
        synchronized (started) {
            for (Started s : started) {
                if ("started".equals(view.get(s.name()))) {
                    view.put(s.name(), s.module().isReady() ? "ready" : "not ready");
                }
            }
        }
        return view;
    }

    /** True once {@link #stop} has been called. */
    public boolean stopping() {
        return stopping;
    }

    /**
     * Drains and stops every started module in reverse order, in at most {@code timeout}.
     *
     * @return true when every module stopped cleanly in time
     */
    public boolean stop(Duration timeout, Duration drainDelay) {
        long deadline = System.nanoTime() + timeout.toNanos();
        stopping = true;
        List<Started> toStop;
        synchronized (started) {
            toStop = new ArrayList<>(started);
        }
        Collections.reverse(toStop);
        for (Started s : toStop) {
            states.put(s.name(), "stopping");
        }
        LOG.info("stopping {} module(s); readiness is now false", toStop.size());
        if (!drainDelay.isZero() && !sleepQuietly(drainDelay)) {
            LOG.warn("drain delay interrupted");
        }
        boolean clean = true;
        for (int i = 0; i < toStop.size(); i++) {
            Started s = toStop.get(i);
            long later = toStop.size() - i - 1;
            long budget = deadline - System.nanoTime() - later * RESERVE_PER_MODULE_NANOS;
            budget = Math.max(budget, Math.min(RESERVE_PER_MODULE_NANOS, deadline - System.nanoTime()));
            if (budget <= 0) {
                LOG.error("no time left to stop module {}", s.name());
                clean = false;
                continue;
            }
            clean &= stopOne(s, Duration.ofNanos(budget));
        }
        synchronized (started) {
            started.removeAll(toStop);
        }
        return clean;
    }

    private boolean stopOne(Started s, Duration budget) {
        Throwable[] failure = new Throwable[1];
        Thread stopper = Thread.ofPlatform().name("dpp-stop-" + s.name()).daemon(true).unstarted(() -> {
            MDC.put("module", s.name());
            try {
                s.module().stop(budget);
            } catch (Throwable t) {
                failure[0] = t;
            } finally {
                MDC.remove("module");
            }
        });
        long t0 = System.nanoTime();
        stopper.start();
        try {
            stopper.join(budget.plusMillis(50));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (stopper.isAlive()) {
            states.put(s.name(), "stop timed out");
            LOG.error("module {} did not stop within {} ms; abandoning it", s.name(), budget.toMillis());
            return false;
        }
        if (failure[0] != null) {
            states.put(s.name(), "stop failed");
            LOG.error("module {} failed to stop cleanly: {}", s.name(), failure[0].toString(), failure[0]);
            return false;
        }
        states.put(s.name(), "stopped");
        LOG.info("stopped module {} in {} ms", s.name(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
        return true;
    }

    private static boolean sleepQuietly(Duration d) {
        try {
            Thread.sleep(d);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
