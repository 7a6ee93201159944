package io.dpp.runtime.module;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dpp.runtime.RuntimeSections;
import io.dpp.runtime.config.DppConfig;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LifecycleTest {

    private final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, RecordingModule> modules = new LinkedHashMap<>();
    private final PrometheusRegistry metrics = new PrometheusRegistry();

    private ModuleDescriptor module(String name, String... deps) {
        RecordingModule m = new RecordingModule(name, calls);
        modules.put(name, m);
        return new ModuleDescriptor(name, "streams", List.of(deps), () -> m);
    }

    private Lifecycle lifecycle(ModuleDescriptor... plan) {
        return new Lifecycle(List.of(plan), DppConfig.load(null, Map.of(), RuntimeSections.all()), metrics);
    }

    @Test
    void startsInOrderAndStopsInReverse() {
        Lifecycle lifecycle = lifecycle(module("a"), module("b", "a"), module("c", "b"));
        assertThat(lifecycle.ready()).isFalse();
        lifecycle.start(Duration.ofSeconds(1));
        assertThat(lifecycle.ready()).isTrue();
        assertThat(lifecycle.modules()).containsExactly(Map.entry("a", "ready"), Map.entry("b", "ready"), Map.entry("c", "ready"));

        assertThat(lifecycle.stop(Duration.ofSeconds(2), Duration.ZERO)).isTrue();
        assertThat(calls).containsExactly("start a", "start b", "start c", "stop c", "stop b", "stop a");
        assertThat(lifecycle.modules()).containsValues("stopped").doesNotContainValue("ready");
    }

    @Test
    void readinessTurnsFalseBeforeAnyModuleStops() {
        Lifecycle lifecycle = lifecycle(module("a"), module("b"));
        lifecycle.start(Duration.ofSeconds(1));
        List<Boolean> readyWhenStopping = new ArrayList<>();
        modules.get("b").onStop = () -> readyWhenStopping.add(lifecycle.ready());
        long t0 = System.nanoTime();
        lifecycle.stop(Duration.ofSeconds(2), Duration.ofMillis(300));
        assertThat(readyWhenStopping).containsExactly(false);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }

    @Test
    void aModuleThatIsNotReadyKeepsTheProcessNotReady() {
        Lifecycle lifecycle = lifecycle(module("a"), module("b"));
        lifecycle.start(Duration.ofSeconds(1));
        modules.get("b").ready = false;
        assertThat(lifecycle.ready()).isFalse();
        assertThat(lifecycle.modules()).containsEntry("b", "not ready");
        assertThat(metrics.scrape().stream().filter(s -> s.getMetadata().getName().equals("dpp_module_ready")).findFirst())
                .hasValueSatisfying(s -> assertThat(s.getDataPoints()).hasSize(2));
        lifecycle.stop(Duration.ofSeconds(1), Duration.ZERO);
    }

    @Test
    void aFailedStartStopsWhatStartedAndNamesTheModule() {
        ModuleDescriptor a = module("a");
        ModuleDescriptor b = module("b", "a");
        ModuleDescriptor c = module("c", "b");
        modules.get("b").failOnStart = new IllegalStateException("port in use");
        Lifecycle lifecycle = lifecycle(a, b, c);
        assertThatThrownBy(() -> lifecycle.start(Duration.ofSeconds(1)))
                .isInstanceOf(ModuleStartException.class)
                .hasMessage("module b failed to start: port in use");
        assertThat(calls).containsExactly("start a", "start b", "stop a");
        assertThat(lifecycle.modules()).containsEntry("b", "failed").containsEntry("c", "starting");
    }

    @Test
    void aHangingModuleIsAbandonedAndTheOthersStillStopInTime() {
        Lifecycle lifecycle = lifecycle(module("a"), module("b"), module("c"));
        lifecycle.start(Duration.ofSeconds(1));
        modules.get("b").stopMillis = 60_000;
        long t0 = System.nanoTime();
        boolean clean = lifecycle.stop(Duration.ofSeconds(1), Duration.ZERO);
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        assertThat(clean).isFalse();
        assertThat(took).isLessThan(Duration.ofMillis(1500));
        assertThat(calls).containsSubsequence("stop c", "stop b", "stop a");
        assertThat(lifecycle.modules()).containsEntry("b", "stop timed out").containsEntry("a", "stopped");
    }
}
