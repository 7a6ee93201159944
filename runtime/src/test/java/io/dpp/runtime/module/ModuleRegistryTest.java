package io.dpp.runtime.module;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModuleRegistryTest {

    private static ModuleDescriptor module(String name, String service, String... deps) {
        return new ModuleDescriptor(name, service, List.of(deps), () -> new RecordingModule(name, new ArrayList<>()));
    }

    // Registered deliberately out of dependency order.
    private final ModuleRegistry registry = new ModuleRegistry(List.of(
            module("stream-api", "streams", "http", "bus"),
            module("http", ModuleDescriptor.ALWAYS),
            module("feeds", "streams", "bus"),
            module("bus", ModuleDescriptor.ON_DEMAND),
            module("store", ModuleDescriptor.ON_DEMAND),
            module("recorder", "historical", "bus", "store"),
            module("history-api", "historical", "http", "store")));

    private static List<String> names(List<ModuleDescriptor> modules) {
        return modules.stream().map(ModuleDescriptor::name).toList();
    }

    @Test
    void allStartsEveryModuleAfterItsDependencies() {
        assertThat(names(registry.resolve("all")))
                .containsExactly("http", "bus", "stream-api", "feeds", "store", "recorder", "history-api");
    }

    @Test
    void aServiceBringsItsDependenciesAndTheAlwaysModules() {
        assertThat(names(registry.resolve("streams"))).containsExactly("http", "bus", "stream-api", "feeds");
        assertThat(names(registry.resolve("historical")))
                .containsExactly("http", "bus", "store", "recorder", "history-api");
        assertThat(names(registry.resolve("accounts"))).containsExactly("http");
    }

    @Test
    void modulesAndServicesCombine() {
        assertThat(names(registry.resolve("recorder"))).containsExactly("http", "bus", "store", "recorder");
        assertThat(names(registry.resolve(" feeds , history-api"))).containsExactly("http", "bus", "feeds", "store", "history-api");
        assertThat(names(registry.resolve("streams,historical"))).hasSize(7);
    }

    @Test
    void unknownTargetsNameWhatIsValid() {
        assertThatThrownBy(() -> registry.resolve("nosuch"))
                .isInstanceOf(UnknownTargetException.class)
                .hasMessage("unknown target 'nosuch'. Valid targets: all, streams, historical, trader, ems, accounts;"
                        + " or a comma-separated list of targets and modules (modules: stream-api, http, feeds, bus,"
                        + " store, recorder, history-api)");
        assertThatThrownBy(() -> registry.resolve("feeds,,x")).hasMessageStartingWith("unknown target '', 'x'.");
    }

    @Test
    void rejectsBrokenGraphsWhenBuilt() {
        assertThatThrownBy(() -> new ModuleRegistry(List.of(module("a", "streams", "b"), module("b", "streams", "a"))))
                .hasMessage("module dependencies form a cycle among [a, b]");
        assertThatThrownBy(() -> new ModuleRegistry(List.of(module("a", "streams", "ghost"))))
                .hasMessage("module a depends on unknown module ghost");
        assertThatThrownBy(() -> new ModuleRegistry(List.of(module("a", "ems"), module("a", "ems"))))
                .hasMessage("two modules are named a");
        assertThatThrownBy(() -> new ModuleRegistry(List.of(module("streams", "streams"))))
                .hasMessage("module name streams clashes with a target");
        assertThatThrownBy(() -> module("a", "billing")).hasMessageContaining("unknown service \"billing\"");
        assertThatThrownBy(() -> module("A", "ems")).hasMessageContaining("must match");
        assertThatThrownBy(() -> module("a", "ems", "a")).hasMessage("module a depends on itself");
    }

    @Test
    void listsTargets() {
        assertThat(registry.targets()).containsExactly("all", "streams", "historical", "trader", "ems", "accounts");
    }
}
