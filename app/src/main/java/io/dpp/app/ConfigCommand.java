package io.dpp.app;

import io.dpp.runtime.config.ConfigException;
import io.dpp.runtime.config.ConfigPrinter;
import io.dpp.runtime.config.DppConfig;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code dpp config}: the configuration tree. */
@Command(name = "config", mixinStandardHelpOptions = true,
        description = "Inspect the configuration.",
        subcommands = ConfigCommand.Print.class)
final class ConfigCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** {@code dpp config print}. */
    @Command(name = "print", mixinStandardHelpOptions = true,
            description = {"Print the effective configuration as YAML: defaults, then the --config file, "
                + "then DPP_* environment variables. Non-default values name their source; secrets are masked.",
                "Exits 2 with every problem listed when the configuration is invalid."})
    static final class Print implements Callable<Integer> {

        @Mixin
        ConfigFileOption configFile;

        @Override
        public Integer call() {
            try {
                DppConfig config = Platform.loadConfig(configFile.file);
                System.out.print(ConfigPrinter.render(config.entries()));
                return Main.EXIT_OK;
            } catch (ConfigException e) {
                System.err.println("dpp config print: " + e.getMessage());
                return Main.EXIT_USAGE;
            }
        }
    }
}
