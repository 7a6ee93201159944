package io.dpp.app;

import io.dpp.runtime.metrics.BuildInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;

/** {@code dpp version}: version, git revision and Java runtime. */
@Command(name = "version", mixinStandardHelpOptions = true, description = "Print the version, git revision and Java runtime.")
final class VersionCommand implements Runnable, IVersionProvider {

    @Override
    public void run() {
        System.out.println(BuildInfo.current().describe());
    }

    @Override
    public String[] getVersion() {
        return new String[] {BuildInfo.current().describe()};
    }
}
