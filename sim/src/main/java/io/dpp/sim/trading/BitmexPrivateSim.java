package io.dpp.sim.trading;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.http.ServerWebSocket;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * One connection to BitMEX's realtime WebSocket for an account's executions, as the simulator
 * serves it at {@code /realtime/private} (apart from its market data): {@code authKeyExpires}
 * checked by BitMEX's rules, a {@code subscribe} to {@code execution} answered with a
 * {@code partial} of none, then an {@code insert} at every event of the account's orders: a Trade
 * row for each fill (its fee in satoshis), a New or Canceled row otherwise, each carrying the order's
 * state. "ping" is answered "pong".
 */
final class BitmexPrivateSim extends PrivateSim implements SimSpotExchange.Listener {

    static final String PATH = "/realtime/private";
    private static final io.dpp.trading.live.PrivateStream STREAM = io.dpp.trading.live.PrivateStream.of("bitmex");

    private final Function<String, SimAccounts.Account> accounts;
    private SimAccounts.Account account;
    private boolean subscribed;

    BitmexPrivateSim(ServerWebSocket ws, Function<String, SimAccounts.Account> accounts, LongSupplier venueNowMillis) {
        super(ws, venueNowMillis);
        this.accounts = accounts;
    }

    @Override
    synchronized void close() {
        if (account != null && subscribed) {
            account.spot().unlisten(this);
        }
        subscribed = false;
    }

    @Override
    synchronized void message(String text) {
        if (text.equals("ping")) {
            ws.writeTextMessage("pong");
            return;
        }
        JsonNode m;
        try {
            m = DeribitSim.JSON.readTree(text);
        } catch (java.io.IOException e) {
            ws.writeTextMessage("{\"status\":400,\"error\":\"Unrecognized request. See the docs or send 'help' for more details.\"}");
            return;
        }
        switch (m.path("op").asText()) {
            case "authKeyExpires" -> {
                SimAccounts.Account a = accounts.apply(String.valueOf(STREAM.loginKey(m)));
                String refused = a == null ? "401: Invalid API Key." : STREAM.checkLogin(m, a.key, venueNowMillis.getAsLong());
                ObjectNode answer = DeribitSim.JSON.createObjectNode();
                if (refused == null) {
                    account = a;
                    answer.put("success", true);
                } else {
                    answer.put("status", 401).put("error", refused.substring(refused.indexOf(':') + 2));
                }
                answer.set("request", m);
                ws.writeTextMessage(DeribitSim.write(answer));
            }
            case "subscribe" -> {
                ObjectNode answer = DeribitSim.JSON.createObjectNode();
                boolean execution = false;
                for (JsonNode t : m.path("args")) {
                    execution |= t.asText().equals("execution");
                }
                if (account == null || !execution) {
                    answer.put("status", account == null ? 401 : 400).put("error", account == null
                            ? "Unauthorized: the execution table needs authKeyExpires first"
                            : "the simulator's realtime account stream has the execution table only");
                    answer.set("request", m);
                    ws.writeTextMessage(DeribitSim.write(answer));
                    return;
                }
                answer.put("success", true).put("subscribe", "execution");
                answer.set("request", m);
                ws.writeTextMessage(DeribitSim.write(answer));
                ObjectNode partial = DeribitSim.JSON.createObjectNode().put("table", "execution").put("action", "partial");
                partial.putArray("keys").add("execID");
                partial.putArray("data");
                ws.writeTextMessage(DeribitSim.write(partial));
                if (!subscribed) {
                    subscribed = true;
                    account.spot().listen(this);
                }
            }
            default -> ws.writeTextMessage("{\"status\":400,\"error\":\"Unknown or unsupported command.\"}");
        }
    }

    @Override
    public synchronized void changed(SimSpotExchange.Change c) {
        if (c.trade() == null && c.status().equals("FILLED")) {
            return; // the Trade row of the last fill already said Filled
        }
        ObjectNode row;
        if (c.trade() != null) {
            row = BitmexSim.execution(c.trade());
            row.setAll(BitmexSim.order(c.order(), c.status(), c.filled(), c.quote(), c.trade().time()).retain("ordStatus", "cumQty", "leavesQty",
                    "avgPx", "workingIndicator"));
        } else {
            row = BitmexSim.order(c.order(), c.status(), c.filled(), c.quote(), c.order().updated);
            String state = row.path("ordStatus").asText();
            row.put("execID", String.format("00000000-0000-4000-a000-%012x", System.nanoTime() & 0xffffffffffffL))
                    .put("execType", c.amended() ? "Replaced" : state.equals("Canceled") ? "Canceled" : "New");
        }
        ObjectNode insert = DeribitSim.JSON.createObjectNode().put("table", "execution").put("action", "insert");
        insert.putArray("data").add(row);
        ws.writeTextMessage(DeribitSim.write(insert));
    }
}
