package io.dpp.runtime;

import io.dpp.runtime.config.ConfigSection;
import io.dpp.runtime.config.DataConfig;
import io.dpp.runtime.http.HttpConfig;
import io.dpp.runtime.logging.LogConfig;
import io.dpp.runtime.module.ShutdownConfig;
import java.util.List;

/** The configuration sections every process has, whatever its target. */
public final class RuntimeSections {

    private RuntimeSections() {
    }

    /** http, data, log and shutdown, with their checks. */
    public static List<ConfigSection<?>> all() {
        return List.of(
                new ConfigSection<>("http", HttpConfig.class, HttpConfig::check),
                ConfigSection.of("data", DataConfig.class),
                new ConfigSection<>("log", LogConfig.class, LogConfig::check),
                new ConfigSection<>("shutdown", ShutdownConfig.class, ShutdownConfig::check));
    }
}
