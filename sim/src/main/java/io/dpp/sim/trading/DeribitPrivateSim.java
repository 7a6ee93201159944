package io.dpp.sim.trading;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.http.ServerWebSocket;
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
 */
final class DeribitPrivateSim extends PrivateSim implements SimSpotExchange.Listener {

    static final String PATH = "/ws/api/v2/private";
    private static final io.dpp.trading.live.PrivateStream STREAM = io.dpp.trading.live.PrivateStream.of("deribit");

    private final Function<String, SimAccounts.Account> accounts;
    /** The channels subscribed: the instrument each names ("any" for all), by kind. */
    private final Set<String> orderChannels = new TreeSet<>();
    private final Set<String> tradeChannels = new TreeSet<>();
    private SimAccounts.Account account;

    DeribitPrivateSim(ServerWebSocket ws, Function<String, SimAccounts.Account> accounts, LongSupplier venueNowMillis) {
        super(ws, venueNowMillis);
        this.accounts = accounts;
    }

    @Override
    synchronized void close() {
        if (account != null && !(orderChannels.isEmpty() && tradeChannels.isEmpty())) {
            account.spot().unlisten(this);
        }
        orderChannels.clear();
        tradeChannels.clear();
    }

    @Override
    synchronized void message(String text) {
        JsonNode m;
        try {
            m = DeribitSim.JSON.readTree(text);
        } catch (java.io.IOException e) {
            write(error(null, -32700, "Parse error"));
            return;
        }
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
                ObjectNode result = answer(id);
                result.putObject("result").put("version", "1.2.26");
                write(result);
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
