package io.dpp.app;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --config FILE} option shared by the commands that read the configuration. */
final class ConfigFileOption {

    @Option(names = "--config", paramLabel = "FILE",
            description = "YAML file overriding the defaults; DPP_* environment variables override it in turn.")
    Path file;
}
