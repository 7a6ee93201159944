package io.dpp.app;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code dpp credentials}: a user's venue API keys in the EMS's vault, through a running platform
 * (docs/ems.md, "The credential vault"). A secret never goes on the command line, where other users
 * of the machine could read it: it comes from a file, standard input or the environment.
 */
@Command(name = "credentials", mixinStandardHelpOptions = true,
        description = "Venue API keys in the EMS's vault of a running platform: add, list, show, test, delete (docs/ems.md).",
        subcommands = {CredentialsCommand.Add.class, CredentialsCommand.ListAll.class, CredentialsCommand.Show.class,
            CredentialsCommand.Test.class, CredentialsCommand.Delete.class})
final class CredentialsCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = {"Store a venue API key. The secret is read from --secret-file, else from the environment variable "
                    + "DPP_VENUE_SECRET, else from standard input (all of it: a PEM key may span lines); the passphrase "
                    + "(OKX) from --passphrase-file or DPP_VENUE_PASSPHRASE."})
    static final class Add implements Callable<Integer> {
        @Mixin
        OrdersCommand.Connection connection;

        @Parameters(index = "0", paramLabel = "NAME", description = "Your name for the credential, e.g. okx-main.")
        String name;

        @Option(names = "--venue", required = true,
                description = "binance, binance-futures, okx, bybit, kraken, coinbase, deribit or bitmex.")
        String venue;

        @Option(names = "--api-key-id", required = true, paramLabel = "KEY",
                description = "The venue's public API key (Coinbase: the key name).")
        String apiKeyId;

        @Option(names = "--secret-file", paramLabel = "FILE", description = "A file holding the secret.")
        Path secretFile;

        @Option(names = "--passphrase-file", paramLabel = "FILE", description = "A file holding the passphrase (OKX).")
        Path passphraseFile;

        @Override
        public Integer call() {
            String secret;
            String passphrase;
            try {
                secret = secretFile != null ? Files.readString(secretFile, StandardCharsets.UTF_8)
                        : System.getenv("DPP_VENUE_SECRET") != null ? System.getenv("DPP_VENUE_SECRET")
                        : new String(System.in.readNBytes(8192), StandardCharsets.UTF_8);
                passphrase = passphraseFile != null ? Files.readString(passphraseFile, StandardCharsets.UTF_8).strip()
                        : System.getenv("DPP_VENUE_PASSPHRASE");
            } catch (IOException e) {
                System.err.println("dpp credentials add: cannot read the secret: " + e.getMessage());
                return Main.EXIT_USAGE;
            }
            secret = secret.contains("-----BEGIN") ? secret.strip() + "\n" : secret.strip();
            if (secret.isEmpty()) {
                System.err.println("dpp credentials add: no secret: give --secret-file, set DPP_VENUE_SECRET or pipe it to standard input");
                return Main.EXIT_USAGE;
            }
            String s = secret;
            return connection.run("credentials add", c -> c.addCredential(name, venue, apiKeyId, s, passphrase));
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Your venue credentials, the keys masked.")
    static final class ListAll implements Callable<Integer> {
        @Mixin
        OrdersCommand.Connection connection;

        @Override
        public Integer call() {
            return connection.run("credentials list", io.dpp.client.TradingClient::credentials);
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "One credential, masked, with its last test.")
    static final class Show implements Callable<Integer> {
        @Mixin
        OrdersCommand.Connection connection;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            return connection.run("credentials show", c -> c.credential(name));
        }
    }

    @Command(name = "test", mixinStandardHelpOptions = true,
            description = "A signed read-only call to the venue with the credential: prints its balances or the venue's refusal; exits 1 when refused.")
    static final class Test implements Callable<Integer> {
        @Mixin
        OrdersCommand.Connection connection;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            boolean[] ok = {false};
            int code = connection.run("credentials test", c -> {
                com.fasterxml.jackson.databind.JsonNode r = c.testCredential(name);
                ok[0] = r.path("ok").asBoolean();
                return r;
            });
            return code == Main.EXIT_OK && !ok[0] ? Main.EXIT_FAILURE : code;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a credential.")
    static final class Delete implements Callable<Integer> {
        @Mixin
        OrdersCommand.Connection connection;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            return connection.run("credentials delete", c -> c.deleteCredential(name));
        }
    }
}
