package io.dpp.runtime.module;

import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * What the registry knows about a module before creating it: its name, the service it belongs to,
 * the modules it needs, and how to create it.
 *
 * @param name      unique module name, e.g. "http", "feeds", "recorder"
 * @param service   the service ({@code --target}) the module belongs to, or {@link #ALWAYS} for
 *                  modules every process runs, or {@link #ON_DEMAND} for modules started only when
 *                  another one needs them
 * @param dependsOn names of the modules that must run before this one
 * @param factory   creates the module; called only for modules that will start
 */
public record ModuleDescriptor(String name, String service, List<String> dependsOn,
                               Supplier<? extends RuntimeModule> factory) {

    /** Started in every process, whatever its target (the HTTP server with health and metrics). */
    public static final String ALWAYS = "always";
    /** Started only as a dependency of a selected module. */
    public static final String ON_DEMAND = "on-demand";

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]*");

    public ModuleDescriptor {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(factory, "factory");
        dependsOn = List.copyOf(dependsOn);
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("module name \"" + name + "\" must match " + NAME);
        }
        if (!service.equals(ALWAYS) && !service.equals(ON_DEMAND) && !Services.NAMES.contains(service)) {
            throw new IllegalArgumentException("module " + name + " belongs to unknown service \"" + service
                    + "\"; services are " + Services.NAMES);
        }
        if (dependsOn.contains(name)) {
            throw new IllegalArgumentException("module " + name + " depends on itself");
        }
    }
}
