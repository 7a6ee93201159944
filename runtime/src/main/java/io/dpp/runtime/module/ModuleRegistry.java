package io.dpp.runtime.module;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Knows every module of the binary and turns a {@code --target} into the ordered list of modules
 * to start: the selected ones, everything they depend on, and the {@link ModuleDescriptor#ALWAYS}
 * modules, each after its dependencies (registration order breaks ties, so the order is stable).
 * The graph is checked once, when the registry is built: unknown dependencies and cycles are
 * programming errors and fail at once.
 */
public final class ModuleRegistry {

    private final Map<String, ModuleDescriptor> byName = new HashMap<>();
    private final List<ModuleDescriptor> descriptors;

    public ModuleRegistry(List<ModuleDescriptor> descriptors) {
        this.descriptors = List.copyOf(descriptors);
        for (ModuleDescriptor d : this.descriptors) {
            if (byName.putIfAbsent(d.name(), d) != null) {
                throw new IllegalArgumentException("two modules are named " + d.name());
            }
            if (Services.NAMES.contains(d.name()) || Services.ALL.equals(d.name())) {
                throw new IllegalArgumentException("module name " + d.name() + " clashes with a target");
            }
        }
        for (ModuleDescriptor d : this.descriptors) {
            for (String dep : d.dependsOn()) {
                if (!byName.containsKey(dep)) {
                    throw new IllegalArgumentException("module " + d.name() + " depends on unknown module " + dep);
                }
            }
        }
        order(this.descriptors); // fails on a cycle
    }

    /** Valid values of {@code --target} besides module names: "all" and the services. */
    public List<String> targets() {
        List<String> targets = new ArrayList<>();
        targets.add(Services.ALL);
        targets.addAll(Services.NAMES);
        return targets;
    }

    /** Names of every registered module, in registration order. */
    public List<String> moduleNames() {
        return descriptors.stream().map(ModuleDescriptor::name).toList();
    }

    /**
     * The modules to start for {@code spec}: "all", a service, or a comma-separated list of
     * services and module names, in start order.
     *
     * @throws UnknownTargetException naming what is unknown and listing what is valid
     */
    public List<ModuleDescriptor> resolve(String spec) {
        Set<ModuleDescriptor> selected = new LinkedHashSet<>();
        List<String> unknown = new ArrayList<>();
        for (String raw : spec.split(",", -1)) {
            String token = raw.trim();
            if (token.equals(Services.ALL)) {
                selected.addAll(descriptors);
            } else if (Services.NAMES.contains(token)) {
                descriptors.stream().filter(d -> d.service().equals(token)).forEach(selected::add);
            } else if (byName.containsKey(token)) {
                selected.add(byName.get(token));
            } else {
                unknown.add(token);
            }
        }
        if (!unknown.isEmpty()) {
            throw new UnknownTargetException(unknown, targets(), moduleNames());
        }
        descriptors.stream().filter(d -> d.service().equals(ModuleDescriptor.ALWAYS)).forEach(selected::add);
        List<ModuleDescriptor> pending = new ArrayList<>(selected);
        for (int i = 0; i < pending.size(); i++) {
            for (String dep : pending.get(i).dependsOn()) {
                ModuleDescriptor d = byName.get(dep);
                if (selected.add(d)) {
                    pending.add(d);
                }
            }
        }
        return order(descriptors.stream().filter(selected::contains).toList());
    }

    // Kahn's algorithm over the given modules, taking the earliest-registered ready module each time.
    private static List<ModuleDescriptor> order(List<ModuleDescriptor> modules) {
        Set<String> names = new LinkedHashSet<>();
        modules.forEach(d -> names.add(d.name()));
        List<ModuleDescriptor> ordered = new ArrayList<>(modules.size());
        Set<String> placed = new LinkedHashSet<>();
        while (ordered.size() < modules.size()) {
            ModuleDescriptor next = null;
            for (ModuleDescriptor d : modules) {
                if (!placed.contains(d.name()) && placedAll(d, names, placed)) {
                    next = d;
                    break;
                }
            }
            if (next == null) {
                List<String> stuck = modules.stream().map(ModuleDescriptor::name).filter(n -> !placed.contains(n)).toList();
                throw new IllegalArgumentException("module dependencies form a cycle among " + stuck);
            }
            ordered.add(next);
            placed.add(next.name());
        }
        return ordered;
    }

    private static boolean placedAll(ModuleDescriptor d, Set<String> names, Set<String> placed) {
        for (String dep : d.dependsOn()) {
            if (names.contains(dep) && !placed.contains(dep)) {
                return false;
            }
        }
        return true;
    }
}
