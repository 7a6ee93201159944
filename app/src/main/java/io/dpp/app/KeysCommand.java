package io.dpp.app;

import io.dpp.accounts.AccountsConfig;
import io.dpp.accounts.AccountsDb;
import io.dpp.accounts.AccountsException;
import io.dpp.runtime.access.Plan;
import io.dpp.runtime.config.ConfigException;
import io.dpp.runtime.config.DppConfig;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code dpp keys}: API keys in the accounts database the configuration names (the embedded one
 * under the data directory by default; it may be in use by a running platform).
 */
@Command(name = "keys", mixinStandardHelpOptions = true,
        description = "Create, list and revoke API keys.",
        subcommands = {KeysCommand.Create.class, KeysCommand.ListKeys.class, KeysCommand.Revoke.class, KeysCommand.Plans.class})
final class KeysCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** Runs {@code work} on the configured accounts database; exit 2 for configuration and request errors. */
    static int withDb(ConfigFileOption configFile, String command, java.util.function.Function<AccountsDb, Integer> work) {
        return withAccounts(configFile, "keys " + command, (db, config) -> work.apply(db));
    }

    /**
     * Runs {@code work} on the configured accounts database with the accounts settings; errors name
     * {@code dpp <command>} and exit 2.
     */
    static int withAccounts(ConfigFileOption configFile, String command,
                            java.util.function.BiFunction<AccountsDb, AccountsConfig, Integer> work) {
        DppConfig config;
        try {
            config = Platform.loadConfig(configFile.file);
        } catch (ConfigException e) {
            System.err.println("dpp " + command + ": " + e.getMessage());
            return Main.EXIT_USAGE;
        }
        java.nio.file.Path dataDir = config.section(io.dpp.runtime.config.DataConfig.class).dir().toAbsolutePath().normalize();
        AccountsConfig accounts = config.section(AccountsConfig.class);
        try (AccountsDb db = AccountsDb.open(accounts.db(), dataDir)) {
            return work.apply(db, accounts);
        } catch (AccountsException e) {
            System.err.println("dpp " + command + ": " + e.getMessage());
            return Main.EXIT_USAGE;
        }
    }

    /** {@code dpp keys create}. */
    @Command(name = "create", mixinStandardHelpOptions = true,
            description = {"Make an API key for a user (created on first use) on a plan, and print it once:",
                "only its hash is stored. Send it in the X-API-Key header or the stream's auth message."})
    static final class Create implements Callable<Integer> {

        @Option(names = "--user", required = true, paramLabel = "NAME", description = "User the key belongs to.")
        String user;

        @Option(names = "--plan", required = true, paramLabel = "PLAN", description = "Plan of the key (dpp keys plans lists them).")
        String plan;

        @Mixin
        ConfigFileOption configFile;

        @Override
        public Integer call() {
            return withDb(configFile, "create", db -> {
                AccountsDb.CreatedKey k = db.createKey(user, plan);
                System.out.println(k.key());
                System.err.println("API key " + k.keyId() + " for " + k.user() + " on plan " + k.plan()
                        + ": store it now, it is not shown again (" + db.description() + ")");
                return Main.EXIT_OK;
            });
        }
    }

    /** {@code dpp keys list}. */
    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List keys (their ids, never the keys), one JSON object per line.")
    static final class ListKeys implements Callable<Integer> {

        @Option(names = "--user", paramLabel = "NAME", description = "Only this user's keys.")
        String user;

        @Mixin
        ConfigFileOption configFile;

        @Override
        public Integer call() {
            return withDb(configFile, "list", db -> {
                for (AccountsDb.KeyInfo k : db.keys(user)) {
                    System.out.println(new io.vertx.core.json.JsonObject().put("key_id", k.keyId()).put("user", k.user())
                            .put("plan", k.plan()).put("created", k.created().toString())
                            .put("revoked", k.revoked() == null ? null : k.revoked().toString()).encode());
                }
                return Main.EXIT_OK;
            });
        }
    }

    /** {@code dpp keys revoke}. */
    @Command(name = "revoke", mixinStandardHelpOptions = true,
            description = {"Revoke a key by its id (the 16 hex digits after dpp_). A running platform refuses it "
                + "within accounts.key-cache (10 s by default)."})
    static final class Revoke implements Callable<Integer> {

        @Parameters(paramLabel = "KEY_ID", description = "Id of the key, as dpp keys list prints it.")
        String keyId;

        @Mixin
        ConfigFileOption configFile;

        @Override
        public Integer call() {
            return withDb(configFile, "revoke", db -> {
                if (!db.revoke(keyId)) {
                    System.err.println("dpp keys revoke: no active key " + keyId);
                    return Main.EXIT_USAGE;
                }
                System.err.println("revoked " + keyId);
                return Main.EXIT_OK;
            });
        }
    }

    /** {@code dpp keys plans}. */
    @Command(name = "plans", mixinStandardHelpOptions = true,
            description = "List the plans a key can be on, with entitlements and limits, one JSON object per line.")
    static final class Plans implements Callable<Integer> {

        @Mixin
        ConfigFileOption configFile;

        @Override
        public Integer call() {
            return withDb(configFile, "plans", db -> {
                List<Plan> plans = db.plans();
                for (Plan p : plans) {
                    System.out.println(new io.vertx.core.json.JsonObject().put("plan", p.name())
                            .put("venues", new io.vertx.core.json.JsonArray(List.copyOf(p.venues())))
                            .put("channels", new io.vertx.core.json.JsonArray(List.copyOf(p.channels())))
                            .put("history_days", p.historyDays()).put("rest_per_second", p.restPerSecond())
                            .put("ws_subscriptions", p.wsSubscriptions()).put("ws_messages_per_second", p.wsMessagesPerSecond())
                            .put("ws_connections", p.wsConnections())
                            .put("description", db.planDescription(p.name())).encode());
                }
                return Main.EXIT_OK;
            });
        }
    }
}
