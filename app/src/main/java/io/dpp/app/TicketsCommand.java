package io.dpp.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.dpp.client.UsersClient;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code dpp tickets}: support tickets on a running platform, as the API key's user (docs/support.md):
 * a user's own tickets, or for support staff the queue.
 */
@Command(name = "tickets", mixinStandardHelpOptions = true,
        description = "Open, list, read and answer support tickets on a running platform (staff: the queue).",
        subcommands = {TicketsCommand.Open.class, TicketsCommand.ListTickets.class, TicketsCommand.Show.class, TicketsCommand.Reply.class,
            TicketsCommand.Set.class, TicketsCommand.Merge.class})
final class TicketsCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    static int run(OrdersCommand.Connection connection, String command, java.util.function.Function<UsersClient, JsonNode> call) {
        return connection.run("dpp tickets " + command, (base, key) -> {
            UsersClient.Builder b = UsersClient.builder(base);
            if (key != null) {
                b.apiKey(key);
            }
            return b.build();
        }, call, false);
    }

    @Command(name = "open", mixinStandardHelpOptions = true, description = "Open a ticket; prints it.")
    static final class Open implements Callable<Integer> {
        @Mixin
        OrdersCommand.Connection connection;

        @Option(names = "--subject", required = true, description = "What it is about, in a line.")
        String subject;

        @Option(names = "--body", required = true, description = "What happened, what you expected.")
        String body;

        @Option(names = "--category", required = true, description = "data, trading, billing, account or bug.")
        String category;

        @Option(names = "--priority", description = "low, normal (default), high or urgent.")
        String priority;

        @Option(names = "--venue", description = "The venue it concerns.")
        String venue;

        @Option(names = "--strategy", description = "The strategy or deployment it concerns.")
        String strategy;

        @Override
        public Integer call() {
            return run(connection, "open", c -> c.openTicket(subject, body, category, priority, venue, strategy));
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Your tickets (staff: the queue), newest first.")
    static final class ListTickets implements Callable<Integer> {
        @Mixin
        OrdersCommand.Connection connection;

        @Option(names = "--status", description = "open, pending, solved or closed.")
        String status;

        @Option(names = "--priority", description = "low, normal, high or urgent.")
        String priority;

        @Option(names = "--category", description = "data, trading, billing, account or bug.")
        String category;

        @Option(names = "--assignee", description = "Staff: me, none or a user id.")
        String assignee;

        @Option(names = "--limit", defaultValue = "100", description = "At most this many (1-500, default 100).")
        int limit;

        @Override
        public Integer call() {
            Map<String, String> f = new LinkedHashMap<>();
            f.put("limit", Integer.toString(limit));
            for (String[] kv : new String[][] {{"status", status}, {"priority", priority}, {"category", category},
                {"assignee", assignee}}) {
                if (kv[1] != null) {
                    f.put(kv[0], kv[1]);
                }
            }
            return run(connection, "list", c -> c.tickets(f));
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "A ticket with its thread.")
    static final class Show implements Callable<Integer> {
        @Mixin
        OrdersCommand.Connection connection;

        @Parameters(paramLabel = "ID", description = "The ticket's id.")
        long id;

        @Override
        public Integer call() {
            return run(connection, "show", c -> c.ticket(id));
        }
    }

    @Command(name = "reply", mixinStandardHelpOptions = true, description = "Reply to a ticket (staff: --internal for a note users never see).")
    static final class Reply implements Callable<Integer> {
        @Mixin
        OrdersCommand.Connection connection;

        @Parameters(index = "0", paramLabel = "ID", description = "The ticket's id.")
        long id;

        @Parameters(index = "1", paramLabel = "TEXT", description = "The reply.")
        String text;

        @Option(names = "--internal", description = "An internal note (staff).")
        boolean internal;

        @Override
        public Integer call() {
            return run(connection, "reply", c -> c.replyTicket(id, text, internal));
        }
    }

    @Command(name = "set", mixinStandardHelpOptions = true,
            description = "Change a ticket's status (users: close, or reopen a solved one), priority or assignee (staff).")
    static final class Set implements Callable<Integer> {
        @Mixin
        OrdersCommand.Connection connection;

        @Parameters(paramLabel = "ID", description = "The ticket's id.")
        long id;

        @Option(names = "--status", description = "open, pending, solved or closed.")
        String status;

        @Option(names = "--priority", description = "low, normal, high or urgent.")
        String priority;

        @Option(names = "--assignee", description = "A staff user's id, or none.")
        String assignee;

        @Override
        public Integer call() {
            Map<String, Object> changes = new LinkedHashMap<>();
            if (status != null) {
                changes.put("status", status);
            }
            if (priority != null) {
                changes.put("priority", priority);
            }
            if (assignee != null) {
                if (assignee.equals("none")) {
                    changes.put("assignee", null);
                } else {
                    try {
                        changes.put("assignee", Long.parseLong(assignee));
                    } catch (NumberFormatException e) {
                        System.err.println("dpp tickets set: --assignee must be a user id or none, got " + assignee);
                        return Main.EXIT_USAGE;
                    }
                }
            }
            return run(connection, "set", c -> c.updateTicket(id, changes));
        }
    }

    @Command(name = "merge", mixinStandardHelpOptions = true, description = "Merge a duplicate ticket into another (staff).")
    static final class Merge implements Callable<Integer> {
        @Mixin
        OrdersCommand.Connection connection;

        @Parameters(index = "0", paramLabel = "ID", description = "The duplicate.")
        long id;

        @Parameters(index = "1", paramLabel = "INTO", description = "The ticket it joins.")
        long into;

        @Override
        public Integer call() {
            return run(connection, "merge", c -> c.mergeTicket(id, into));
        }
    }
}
