package io.dpp.app;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code dpp vault}: the credential vault's master keys (docs/ems.md, "The credential vault"). */
@Command(name = "vault", mixinStandardHelpOptions = true,
        description = "The credential vault's master keys (docs/ems.md).",
        subcommands = {VaultCommand.NewKey.class})
final class VaultCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "new-key", mixinStandardHelpOptions = true,
            description = {"Print a new master key entry, ID:BASE64 (32 random bytes), for ems.vault.master-secret or the "
                    + "key file. To rotate, put it first in the list with the old key after it (docs/ems.md)."})
    static final class NewKey implements Callable<Integer> {
        @Option(names = "--id", defaultValue = "k1", description = "The key's id: 1-32 letters, digits, - or _ (default: k1).")
        String id;

        @Override
        public Integer call() {
            if (!id.matches("[A-Za-z0-9_-]{1,32}")) {
                System.err.println("dpp vault new-key: --id must be 1-32 letters, digits, - or _");
                return Main.EXIT_USAGE;
            }
            System.out.println(io.dpp.ems.vault.MasterKeys.newEntry(id));
            return Main.EXIT_OK;
        }
    }
}
