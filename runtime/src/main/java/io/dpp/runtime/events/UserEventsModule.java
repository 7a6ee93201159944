package io.dpp.runtime.events;

import io.dpp.runtime.module.ModuleContext;
import io.dpp.runtime.module.ModuleDescriptor;
import io.dpp.runtime.module.RuntimeModule;
import java.time.Duration;
import java.util.List;

/** Holds the process's {@link UserEvents}; started for the modules that publish or send them. */
public final class UserEventsModule implements RuntimeModule {

    public static final String NAME = "user-events";

    private final UserEvents events = new UserEvents();

    /** The registry entry. */
    public static ModuleDescriptor descriptor() {
        return new ModuleDescriptor(NAME, ModuleDescriptor.ON_DEMAND, List.of(), UserEventsModule::new);
    }

    public UserEvents events() {
        return events;
    }

    @Override
    public void start(ModuleContext context) {
    }

    @Override
    public void stop(Duration budget) {
    }
}
