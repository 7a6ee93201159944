package io.dpp.sim.trading;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.http.ServerWebSocket;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * One connection to Deribit's JSON-RPC WebSocket for an account's orders and trades, as the
 * simulator serves it at {@code /ws/api/v2/private} (apart from its market data): {@code public/auth}
 * with the {@code client_signature} grant checked by Deribit's rules, {@code private/subscribe} to
 * {@code user.orders.*.raw} and {@code user.trades.*.raw} (of any instrument, or one), answered with
 * the channels subscribed, then each change pushed as a {@code subscription} notification: the trade
 * first, then the order as it stands. {@code public/test} is answered with a version.
 *
 * <p>Orders are taken over the connection too: {@code private/buy}, {@code sell}, {@code edit},
 * {@code cancel} and the lookups, answered as the REST calls are (through the order-entry faults
 * armed; a timeout is an answer that never comes). {@code private/enable_cancel_on_disconnect} (scope
 * {@code connection}) makes the connection's end, unless by {@code private/logout}, cancel every order
 * placed over it that still works, as Deribit does; {@code public/set_heartbeat} sends a
 * {@code test_request} every interval and closes a connection that left the last one unanswered.
 */
final class DeribitPrivateSim extends PrivateSim implements SimSpotExchange.Listener {

    static final String PATH = "/ws/api/v2/private";
    private static final io.dpp.trading.live.PrivateStream STREAM = io.dpp.trading.live.PrivateStream.of("deribit");

    private final Function<String, SimAccounts.Account> accounts;
    /** The channels subscribed: the instrument each names ("any" for all), by kind. */
    private final Set<String> orderChannels = new TreeSet<>();
    private final Set<String> tradeChannels = new TreeSet<>();
    private SimAccounts.Account account;
    /** Answers a REST call of the logged-in account sent over the connection (null: taken, never answered). */
    private final java.util.function.BiFunction<SimAccounts.Account, io.dpp.trading.live.HttpCall, SimAccounts.Answer> entry;
    /** The labels of the orders placed over this connection, which its cancel-on-disconnect cancels. */
    private final Set<String> placed = new java.util.LinkedHashSet<>();
    private boolean cancelOnDisconnect;
    private boolean loggedOut;
    private boolean closed;
    /** The heartbeat's timer (-1: none), and whether its last test_request is unanswered. */
    private long heartbeat = -1;
    private boolean testRequested;

    DeribitPrivateSim(ServerWebSocket ws, Function<String, SimAccounts.Account> accounts, LongSupplier venueNowMillis,
                      java.util.function.BiFunction<SimAccounts.Account, io.dpp.trading.live.HttpCall, SimAccounts.Answer> entry) {
        super(ws, venueNowMillis);
        this.accounts = accounts;
        this.entry = entry;
    }

    @Override
    void close() {
        List<String> cancel;
        SimAccounts.Account a;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            if (account != null && !(orderChannels.isEmpty() && tradeChannels.isEmpty())) {
                account.spot().unlisten(this);
            }
            orderChannels.clear();
            tradeChannels.clear();
            if (heartbeat >= 0) {
                io.vertx.core.Vertx v = io.vertx.core.Vertx.currentContext() == null ? null : io.vertx.core.Vertx.currentContext().owner();
                if (v != null) {
                    v.cancelTimer(heartbeat);
                }
                heartbeat = -1;
            }
            a = account;
            cancel = cancelOnDisconnect && !loggedOut ? List.copyOf(placed) : List.of();
        }
        // Outside this connection's lock: a cancel is pushed to the account's other connections.
        long now = venueNowMillis.getAsLong() * 1000;
        for (String label : cancel) {
            SimSpotExchange.Order o = a.spot().order(label);
            if (o != null && o.working()) {
                try {
                    a.spot().cancel(label, now);
                } catch (SimSpotExchange.Refused e) {
                    // ended meanwhile
                }
            }
        }
    }

    @Override
    void message(String text) {
        JsonNode m;
        try {
            m = DeribitSim.JSON.readTree(text);
        } catch (java.io.IOException e) {
            write(error(null, -32700, "Parse error"));
            return;
        }
        String method = m.path("method").asText();
        if (method.startsWith("private/") && DeribitSim.PATHS.contains("/api/v2/" + method)) {
            enter(m, method);
            return;
        }
        session(m);
    }

    /** An order call over the connection: answered as its REST call is, the label of an order placed kept for the cancel-on-disconnect. */
    private void enter(JsonNode m, String method) {
        SimAccounts.Account a;
        synchronized (this) {
            a = account;
        }
        JsonNode id = m.path("id");
        if (a == null) {
            write(error(id, 13009, "unauthorized"));
            return;
        }
        StringBuilder query = new StringBuilder();
        m.path("params").fields().forEachRemaining(f -> {
            JsonNode v = f.getValue();
            query.append(query.isEmpty() ? "" : "&").append(java.net.URLEncoder.encode(f.getKey(), java.nio.charset.StandardCharsets.UTF_8))
                    .append('=').append(java.net.URLEncoder.encode(v.isNumber() ? v.decimalValue().toPlainString() : v.asText(),
                            java.nio.charset.StandardCharsets.UTF_8));
        });
        SimAccounts.Answer answer = entry.apply(a, io.dpp.trading.live.HttpCall.of("GET", "/api/v2/" + method, query.toString(), ""));
        if (answer == null) {
            return; // taken; the answer is lost
        }
        JsonNode body;
        try {
            body = DeribitSim.JSON.readTree(answer.body());
        } catch (java.io.IOException e) {
            body = com.fasterxml.jackson.databind.node.MissingNode.getInstance();
        }
        ObjectNode out;
        if (body.has("result") || body.has("error")) {
            out = ((ObjectNode) body).deepCopy();
            if (id != null && !id.isMissingNode()) {
                out.set("id", id);
            }
        } else {
            // A fault that answers as a gateway would: Deribit says it over the socket with its codes.
            out = answer.status() == 429 ? error(id, 10028, "too_many_requests") : error(id, 11094, "internal_server_error");
        }
        String label = out.path("result").path("order").path("label").asText(null);
        if ((method.equals("private/buy") || method.equals("private/sell")) && label != null) {
            synchronized (this) {
                placed.add(label);
            }
        }
        write(out);
    }

    /** The connection's own calls: auth, subscriptions, heartbeats, cancel-on-disconnect, logout. */
    private synchronized void session(JsonNode m) {
        JsonNode id = m.path("id");
        switch (m.path("method").asText()) {
            case "public/auth" -> {
                SimAccounts.Account a = accounts.apply(String.valueOf(STREAM.loginKey(m)));
                String refused = a == null ? "13004: invalid_credentials" : STREAM.checkLogin(m, a.key, venueNowMillis.getAsLong());
                if (refused != null) {
                    write(error(id, Integer.parseInt(refused.substring(0, refused.indexOf(':'))), refused.substring(refused.indexOf(':') + 2)));
                    return;
                }
                account = a;
                ObjectNode result = answer(id);
                result.putObject("result").put("access_token", Long.toHexString(System.nanoTime())).put("expires_in", 31_536_000)
                        .put("refresh_token", Long.toHexString(~System.nanoTime())).put("scope", "connection trade:read_write")
                        .put("token_type", "bearer");
                write(result);
            }
            case "private/subscribe" -> {
                if (account == null) {
                    write(error(id, 13009, "unauthorized"));
                    return;
                }
                boolean listening = !(orderChannels.isEmpty() && tradeChannels.isEmpty());
                ObjectNode result = answer(id);
                ArrayNode subscribed = result.putArray("result");
                for (JsonNode c : m.path("params").path("channels")) {
                    String[] parts = c.asText().split("\\.");
                    // user.orders.any.any.raw, user.orders.BTC-PERPETUAL.raw (only raw: the simulator has no batched intervals)
                    if (parts.length >= 4 && parts[0].equals("user") && parts[parts.length - 1].equals("raw")
                            && (parts[1].equals("orders") || parts[1].equals("trades"))) {
                        (parts[1].equals("orders") ? orderChannels : tradeChannels).add(c.asText());
                        subscribed.add(c.asText());
                    }
                }
                write(result);
                if (!listening && !(orderChannels.isEmpty() && tradeChannels.isEmpty())) {
                    account.spot().listen(this);
                }
            }
            case "public/test" -> {
                testRequested = false;
                ObjectNode result = answer(id);
                result.putObject("result").put("version", "1.2.26");
                write(result);
            }
            case "public/set_heartbeat" -> {
                long interval = m.path("params").path("interval").asLong(0);
                if (interval < 10) {
                    write(error(id, 11029, "invalid_arguments"));
                    return;
                }
                io.vertx.core.Context context = io.vertx.core.Vertx.currentContext();
                if (context == null) {
                    write(error(id, 11094, "internal_server_error"));
                    return;
                }
                if (heartbeat >= 0) {
                    context.owner().cancelTimer(heartbeat);
                }
                testRequested = false;
                heartbeat = context.owner().setPeriodic(interval * 1000, t -> beat());
                write(ok(id));
            }
            case "public/disable_heartbeat" -> {
                io.vertx.core.Context context = io.vertx.core.Vertx.currentContext();
                if (heartbeat >= 0 && context != null) {
                    context.owner().cancelTimer(heartbeat);
                }
                heartbeat = -1;
                write(ok(id));
            }
            case "private/enable_cancel_on_disconnect", "private/disable_cancel_on_disconnect", "private/get_cancel_on_disconnect" -> {
                if (account == null) {
                    write(error(id, 13009, "unauthorized"));
                    return;
                }
                String scope = m.path("params").path("scope").asText("connection");
                if (!scope.equals("connection")) {
                    write(error(id, 11029, "invalid_arguments")); // the simulator keeps the switch per connection only
                    return;
                }
                if (m.path("method").asText().startsWith("private/get")) {
                    ObjectNode result = answer(id);
                    result.putObject("result").put("scope", "connection").put("enabled", cancelOnDisconnect);
                    write(result);
                    return;
                }
                cancelOnDisconnect = m.path("method").asText().startsWith("private/enable");
                write(ok(id));
            }
            case "private/logout" -> {
                // A graceful end: Deribit cancels nothing.
                loggedOut = true;
                ws.close((short) 1000, "logged out");
            }
            default -> write(error(id, -32601, "Method not found"));
        }
    }

    private static ObjectNode answer(JsonNode id) {
        ObjectNode n = DeribitSim.JSON.createObjectNode().put("jsonrpc", "2.0");
        if (id != null && !id.isMissingNode()) {
            n.set("id", id);
        }
        return n;
    }

    private static ObjectNode ok(JsonNode id) {
        return answer(id).put("result", "ok");
    }

    /** A heartbeat: a test_request, or the connection closed when the last one went unanswered (its orders canceled if armed). */
    private synchronized void beat() {
        if (closed) {
            return;
        }
        if (testRequested) {
            ws.close((short) 1000, "heartbeat test_request unanswered");
            return;
        }
        testRequested = true;
        ObjectNode n = DeribitSim.JSON.createObjectNode().put("jsonrpc", "2.0").put("method", "heartbeat");
        n.putObject("params").put("type", "test_request");
        write(n);
    }

    private static ObjectNode error(JsonNode id, int code, String message) {
        ObjectNode n = answer(id);
        n.putObject("error").put("code", code).put("message", message);
        return n;
    }

    private void write(ObjectNode m) {
        ws.writeTextMessage(DeribitSim.write(m));
    }

    /** The channel of {@code channels} that covers {@code instrument}, or null. */
    private static String covering(Set<String> channels, String instrument) {
        for (String c : channels) {
            if (c.contains(".any.") || c.contains("." + instrument + ".")) {
                return c;
            }
        }
        return null;
    }

    private ObjectNode notification(String channel, JsonNode data) {
        ObjectNode n = DeribitSim.JSON.createObjectNode().put("jsonrpc", "2.0").put("method", "subscription");
        ObjectNode params = n.putObject("params").put("channel", channel);
        params.set("data", data);
        return n;
    }

    @Override
    public synchronized void changed(SimSpotExchange.Change c) {
        if (c.trade() == null && c.status().equals("FILLED")) {
            return; // the order pushed with its last trade already said filled
        }
        String symbol = c.order().symbol;
        String trades = covering(tradeChannels, symbol);
        if (c.trade() != null && trades != null) {
            write(notification(trades, DeribitSim.JSON.createArrayNode().add(DeribitSim.trade(c.trade()))));
        }
        String orders = covering(orderChannels, symbol);
        if (orders != null) {
            long updated = c.trade() != null ? c.trade().time() : c.order().updated;
            write(notification(orders, DeribitSim.order(c.order(), c.status(), c.filled(), c.quote(), updated)));
        }
    }
}
