package io.dpp.runtime.config;

import io.smallrye.config.ConfigMapping;
import java.nio.file.Path;

/** The {@code data} section: where this process keeps its files. */
@ConfigMapping(prefix = "data")
public interface DataConfig {

    /** Data directory (embedded QuestDB, embedded database, captures); {@code DPP_DATA_DIR}. */
    Path dir();
}
