package io.dpp.app;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --config FILE} option shared by the commands that read the configuration. */
final class ConfigFileOption {

    @Option(names = "--config", paramLabel = "FILE",
            description = "YAML file overriding the defaults; DPP_* environment variables override it in turn.")
    Path file;

    /**
     * This machine's platform address for {@code scheme} (http, ws) on the configured
     * {@code http.port}: where the client commands find a DPP started with the same configuration.
     *
     * @throws io.dpp.runtime.config.ConfigException when the configuration is invalid
     */
    String localAddress(String scheme) {
        return scheme + "://127.0.0.1:" + Platform.loadConfig(file).section(io.dpp.runtime.http.HttpConfig.class).port();
    }
}
