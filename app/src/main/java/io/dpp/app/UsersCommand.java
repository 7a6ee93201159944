package io.dpp.app;

import io.dpp.accounts.UsersAdmin;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code dpp users}: people who sign in, managed on the accounts database the configuration names
 * (while the platform runs too): the first admin and staff accounts, roles, plans, verification,
 * and the audit log. Users sign themselves up over the API (docs/accounts.md).
 */
@Command(name = "users", mixinStandardHelpOptions = true,
        description = "Create, list and change users who sign in; read the audit log.",
        subcommands = {UsersCommand.Create.class, UsersCommand.ListUsers.class, UsersCommand.Set.class, UsersCommand.Verify.class,
            UsersCommand.Audit.class})
final class UsersCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    static JsonObject json(UsersAdmin.UserRow u) {
        return new JsonObject().put("id", u.id()).put("email", u.email()).put("name", u.name()).put("role", u.role())
                .put("plan", u.plan()).put("verified", u.verified()).put("disabled", u.disabled()).put("totp", u.totp())
                .put("created", String.valueOf(u.created()));
    }

    static int run(ConfigFileOption configFile, String command, java.util.function.Function<UsersAdmin, Integer> work) {
        return KeysCommand.withAccounts(configFile, "users " + command, (db, config) -> {
            try (UsersAdmin admin = UsersAdmin.of(db, config)) {
                return work.apply(admin);
            }
        });
    }

    /** {@code dpp users create}. */
    @Command(name = "create", mixinStandardHelpOptions = true,
            description = {"Create a verified user, e.g. the first admin.",
                "With --password-stdin the password is read from the first line of standard input, never from the command line.",
                "Without it the user sets one through a password reset mail."})
    static final class Create implements Callable<Integer> {

        @Option(names = "--email", required = true, paramLabel = "EMAIL", description = "Their email address (also their name).")
        String email;

        @Option(names = "--role", defaultValue = "user", paramLabel = "ROLE", description = "user, support or admin (default: user).")
        String role;

        @Option(names = "--plan", defaultValue = "free", paramLabel = "PLAN", description = "Their plan (default: free).")
        String plan;

        @Option(names = "--password-stdin", description = "Read the password from the first line of standard input.")
        boolean passwordStdin;

        @Mixin
        ConfigFileOption configFile;

        @Override
        public Integer call() throws IOException {
            String password = null;
            if (passwordStdin) {
                password = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
                if (password == null) {
                    System.err.println("dpp users create: --password-stdin: standard input is empty");
                    return Main.EXIT_USAGE;
                }
            }
            String pw = password;
            return run(configFile, "create", admin -> {
                System.out.println(json(admin.create(email, pw, role, plan)).encode());
                return Main.EXIT_OK;
            });
        }
    }

    /** {@code dpp users list}. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "List users, one JSON object per line.")
    static final class ListUsers implements Callable<Integer> {

        @Option(names = "--query", paramLabel = "TEXT", description = "Only users whose name or email contains it.")
        String query;

        @Option(names = "--role", paramLabel = "ROLE", description = "Only users of this role.")
        String role;

        @Option(names = "--limit", defaultValue = "500", paramLabel = "N", description = "At most N users (1-10000, default 500).")
        int limit;

        @Mixin
        ConfigFileOption configFile;

        @Override
        public Integer call() {
            if (limit < 1 || limit > 10_000) {
                System.err.println("dpp users list: --limit must be from 1 to 10000, got " + limit);
                return Main.EXIT_USAGE;
            }
            return run(configFile, "list", admin -> {
                admin.list(query, role, limit).forEach(u -> System.out.println(json(u).encode()));
                return Main.EXIT_OK;
            });
        }
    }

    /** {@code dpp users set}. */
    @Command(name = "set", mixinStandardHelpOptions = true,
            description = "Change a user's role, plan or state; their signed-in sessions see it at once (disabling ends them).")
    static final class Set implements Callable<Integer> {

        @Parameters(paramLabel = "EMAIL", description = "The user, by email (or name).")
        String who;

        @Option(names = "--role", paramLabel = "ROLE", description = "user, support or admin.")
        String role;

        @Option(names = "--plan", paramLabel = "PLAN", description = "A plan (dpp keys plans lists them).")
        String plan;

        @Option(names = "--disabled", paramLabel = "true|false", arity = "1", description = "Disable (true) or enable (false) the account.")
        Boolean disabled;

        @Mixin
        ConfigFileOption configFile;

        @Override
        public Integer call() {
            return run(configFile, "set", admin -> {
                System.out.println(json(admin.set(who, role, plan, disabled, null)).encode());
                return Main.EXIT_OK;
            });
        }
    }

    /** {@code dpp users verify}. */
    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Mark a user's email address verified (when no SMTP server is configured to send the link).")
    static final class Verify implements Callable<Integer> {

        @Parameters(paramLabel = "EMAIL", description = "The user, by email.")
        String who;

        @Mixin
        ConfigFileOption configFile;

        @Override
        public Integer call() {
            return run(configFile, "verify", admin -> {
                System.out.println(json(admin.set(who, null, null, null, true)).encode());
                return Main.EXIT_OK;
            });
        }
    }

    /** {@code dpp users audit}. */
    @Command(name = "audit", mixinStandardHelpOptions = true, description = "Print the newest audit records, newest first.")
    static final class Audit implements Callable<Integer> {

        @Option(names = "--actor", paramLabel = "NAME", description = "Only actions of this user (or cli).")
        String actor;

        @Option(names = "--action", paramLabel = "ACTION", description = "Only this action, e.g. sign_in_failed.")
        String action;

        @Option(names = "--limit", defaultValue = "100", paramLabel = "N", description = "At most N records (1-10000, default 100).")
        int limit;

        @Mixin
        ConfigFileOption configFile;

        @Override
        public Integer call() {
            if (limit < 1 || limit > 10_000) {
                System.err.println("dpp users audit: --limit must be from 1 to 10000, got " + limit);
                return Main.EXIT_USAGE;
            }
            return run(configFile, "audit", admin -> {
                admin.audit(actor, action, limit).forEach(System.out::println);
                return Main.EXIT_OK;
            });
        }
    }
}
