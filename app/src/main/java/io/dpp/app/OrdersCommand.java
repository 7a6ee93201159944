package io.dpp.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dpp.client.TradingClient;
import io.dpp.runtime.config.ConfigException;
import java.math.BigDecimal;
import java.net.URI;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code dpp orders}: trading accounts, orders, fills, positions and balances of a running platform,
 * through its EMS REST API and the Java client (docs/ems.md). Each command prints the answer's JSON;
 * a refusal prints its status and message and exits 1 (2 for a usage error).
 */
@Command(name = "orders", mixinStandardHelpOptions = true,
        description = "Trade through a running platform's EMS: accounts, orders, fills, positions, balances (docs/ems.md).",
        subcommands = {OrdersCommand.Submit.class, OrdersCommand.Cancel.class, OrdersCommand.CancelAll.class, OrdersCommand.List.class,
            OrdersCommand.Show.class, OrdersCommand.Fills.class, OrdersCommand.Positions.class, OrdersCommand.Balances.class,
            OrdersCommand.Accounts.class, OrdersCommand.CreateAccount.class, OrdersCommand.Deposit.class, OrdersCommand.Adopt.class})
final class OrdersCommand implements Runnable {

    private static final ObjectMapper JSON = new ObjectMapper();

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** What every subcommand shares: where the platform is and the key. */
    static final class Connection {
        @Option(names = "--url", description = "The platform's address (default: http://127.0.0.1:<http.port>).")
        String url;

        @Mixin
        ApiKeyOption apiKey;

        @Mixin
        ConfigFileOption configFile;

        /** Runs {@code call} against the platform and prints its answer; the exit code. */
        int run(String command, Function<TradingClient, JsonNode> call) {
            return run("dpp orders " + command, call, false);
        }

        /** As {@link #run(String, Function)}, messages headed {@code label}; with {@code compact}, one JSON line. */
        int run(String label, Function<TradingClient, JsonNode> call, boolean compact) {
            return run(label, (base, key) -> {
                TradingClient.Builder b = TradingClient.builder(base);
                if (key != null) {
                    b.apiKey(key);
                }
                return b.build();
            }, call, compact);
        }

        /** Runs {@code call} on a client {@code client} makes of the platform's address and the API key (or null). */
        <C> int run(String label, java.util.function.BiFunction<URI, String, C> client, Function<C, JsonNode> call, boolean compact) {
            String base = url;
            try {
                if (base == null) {
                    base = configFile.localAddress("http");
                }
            } catch (ConfigException e) {
                System.err.println(label + ": " + e.getMessage());
                return Main.EXIT_USAGE;
            }
            try {
                JsonNode answer = call.apply(client.apply(URI.create(base), apiKey.key()));
                System.out.println(compact ? JSON.writeValueAsString(answer) : JSON.writerWithDefaultPrettyPrinter().writeValueAsString(answer));
                return Main.EXIT_OK;
            } catch (TradingClient.Refused r) {
                System.err.println(label + ": " + r.status() + " " + r.error()
                        + (r.reason() == null ? "" : " (" + r.reason() + ")") + ": " + r.body().path("message").asText());
                if (r.status() == 401 && apiKey.key() == null) {
                    System.err.println(label + ": the platform requires an API key: give --api-key or set DPP_API_KEY");
                }
                return Main.EXIT_FAILURE;
            } catch (java.io.UncheckedIOException e) {
                System.err.println(label + ": cannot reach the platform at " + base + " (is dpp up running?): "
                        + e.getMessage());
                return Main.EXIT_FAILURE;
            } catch (Exception e) {
                System.err.println(label + ": " + e.getMessage());
                return Main.EXIT_FAILURE;
            }
        }
    }

    @Command(name = "submit", mixinStandardHelpOptions = true, description = "Submit an order; prints it once it is durable.")
    static final class Submit implements Callable<Integer> {
        @Mixin
        Connection connection;

        @Option(names = "--account", required = true, description = "Trading account.")
        String account;

        @Option(names = "--venue", required = true, description = "Venue id, e.g. okx.")
        String venue;

        @Option(names = "--symbol", required = true, description = "Native or normalized symbol.")
        String symbol;

        @Option(names = "--side", required = true, description = "buy or sell.")
        String side;

        @Option(names = "--type", defaultValue = "limit", description = "market, limit (default), stop or stop_limit.")
        String type;

        @Option(names = "--quantity", required = true, description = "Exact decimal quantity.")
        BigDecimal quantity;

        @Option(names = "--price", description = "Limit price (limit and stop_limit).")
        BigDecimal price;

        @Option(names = "--stop-price", description = "Trigger price (stop and stop_limit).")
        BigDecimal stopPrice;

        @Option(names = "--time-in-force", description = "gtc, ioc or fok.")
        String timeInForce;

        @Option(names = "--post-only", description = "Refuse to take liquidity.")
        boolean postOnly;

        @Option(names = "--reduce-only", description = "Only reduce the position.")
        boolean reduceOnly;

        @Option(names = "--client-order-id", description = "Your id of the order (default: a new one); submitting it again is idempotent.")
        String clientOrderId;

        @Override
        public Integer call() {
            String id = clientOrderId != null ? clientOrderId : "cli-" + java.util.UUID.randomUUID();
            TradingClient.Order o = new TradingClient.Order(account, id, venue, symbol, side, type, quantity, price, stopPrice, timeInForce,
                    postOnly, reduceOnly, null);
            return connection.run("submit", c -> c.submit(o));
        }
    }

    @Command(name = "cancel", mixinStandardHelpOptions = true, description = "Cancel an order.")
    static final class Cancel implements Callable<Integer> {
        @Mixin
        Connection connection;

        @Parameters(paramLabel = "ORDER-ID", description = "The order's id.")
        String id;

        @Override
        public Integer call() {
            return connection.run("cancel", c -> c.cancel(id));
        }
    }

    @Command(name = "cancel-all", mixinStandardHelpOptions = true, description = "Cancel every working order (of one account with --account).")
    static final class CancelAll implements Callable<Integer> {
        @Mixin
        Connection connection;

        @Option(names = "--account", description = "Only this account's.")
        String account;

        @Override
        public Integer call() {
            return connection.run("cancel-all", c -> c.cancelAll(account));
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Orders, newest first.")
    static final class List implements Callable<Integer> {
        @Mixin
        Connection connection;

        @Option(names = "--account", description = "Only this account's.")
        String account;

        @Option(names = "--open", description = "Only working orders.")
        boolean open;

        @Option(names = "--limit", defaultValue = "100", description = "At most this many (1 to 1000, default ${DEFAULT-VALUE}).")
        @Bounded(min = 1, max = 1000)
        int limit;

        @Override
        public Integer call() {
            return connection.run("list", c -> c.orders(account, open, limit));
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "One order with its transitions.")
    static final class Show implements Callable<Integer> {
        @Mixin
        Connection connection;

        @Parameters(paramLabel = "ORDER-ID", description = "The order's id.")
        String id;

        @Override
        public Integer call() {
            return connection.run("show", c -> c.order(id));
        }
    }

    @Command(name = "fills", mixinStandardHelpOptions = true, description = "Fills, oldest first.")
    static final class Fills implements Callable<Integer> {
        @Mixin
        Connection connection;

        @Option(names = "--account", description = "Only this account's.")
        String account;

        @Option(names = "--since", description = "Only fills at or after this time (ISO-8601 UTC or a date).")
        String since;

        @Option(names = "--limit", defaultValue = "100", description = "At most this many (1 to 1000, default ${DEFAULT-VALUE}).")
        @Bounded(min = 1, max = 1000)
        int limit;

        @Override
        public Integer call() {
            return connection.run("fills", c -> c.fills(account, since, limit));
        }
    }

    @Command(name = "positions", mixinStandardHelpOptions = true, description = "Positions with unrealised profit.")
    static final class Positions implements Callable<Integer> {
        @Mixin
        Connection connection;

        @Option(names = "--account", description = "Only this account's.")
        String account;

        @Override
        public Integer call() {
            return connection.run("positions", c -> c.positions(account));
        }
    }

    @Command(name = "balances", mixinStandardHelpOptions = true, description = "Cash balances per asset.")
    static final class Balances implements Callable<Integer> {
        @Mixin
        Connection connection;

        @Option(names = "--account", description = "Only this account's.")
        String account;

        @Override
        public Integer call() {
            return connection.run("balances", c -> c.balances(account));
        }
    }

    @Command(name = "accounts", mixinStandardHelpOptions = true, description = "Your trading accounts.")
    static final class Accounts implements Callable<Integer> {
        @Mixin
        Connection connection;

        @Override
        public Integer call() {
            return connection.run("accounts", TradingClient::accounts);
        }
    }

    @Command(name = "create-account", mixinStandardHelpOptions = true, description = "Open a paper trading account.")
    static final class CreateAccount implements Callable<Integer> {
        @Mixin
        Connection connection;

        @Parameters(paramLabel = "NAME", description = "The account's name, e.g. paper-1.")
        String name;

        @Override
        public Integer call() {
            return connection.run("create-account", c -> c.createAccount(name));
        }
    }

    @Command(name = "adopt", mixinStandardHelpOptions = true,
            description = "Adopt the venue's amounts where a live account's last comparison found a difference (a transfer made there).")
    static final class Adopt implements Callable<Integer> {
        @Mixin
        Connection connection;

        @Option(names = "--account", required = true, description = "The live account.")
        String account;

        @Option(names = "--asset", required = true, description = "An asset whose difference to adopt, e.g. USDT (repeatable).")
        java.util.List<String> assets;

        @Override
        public Integer call() {
            return connection.run("adopt", c -> c.adopt(account, assets));
        }
    }

    @Command(name = "deposit", mixinStandardHelpOptions = true, description = "Deposit into a paper account (a negative amount withdraws).")
    static final class Deposit implements Callable<Integer> {
        @Mixin
        Connection connection;

        @Option(names = "--account", required = true, description = "The paper account.")
        String account;

        @Option(names = "--asset", required = true, description = "Asset, e.g. USDT.")
        String asset;

        @Option(names = "--amount", required = true, description = "Exact decimal amount.")
        BigDecimal amount;

        @Override
        public Integer call() {
            return connection.run("deposit", c -> c.deposit(account, asset, amount));
        }
    }
}
