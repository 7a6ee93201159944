package io.dpp.sim.trading;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.http.ServerWebSocket;
import java.util.Set;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * One connection to Bybit's v5 private WebSocket ({@code /v5/private}) as the simulator serves it:
 * an {@code auth} checked by Bybit's rules (the key, an expiry not yet past, the hex HMAC-SHA256 of
 * "GET/realtime" + expiry), then the {@code order} and {@code execution} topics (all categories or
 * linear's): every change of the account's orders pushed as Bybit pushes it, an execution first, then
 * the order as it stands. {@code ping} is answered {@code pong}.
 */
final class BybitPrivateSim extends PrivateSim implements SimSpotExchange.Listener {

    static final String PATH = "/v5/private";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final io.dpp.trading.live.PrivateStream STREAM = io.dpp.trading.live.PrivateStream.of("bybit");
    private static final Set<String> ORDERS = Set.of("order", "order.linear");
    private static final Set<String> EXECUTIONS = Set.of("execution", "execution.linear");

    private final Function<String, SimAccounts.Account> accounts;
    private SimAccounts.Account account;
    private boolean orders;
    private boolean executions;

    BybitPrivateSim(ServerWebSocket ws, Function<String, SimAccounts.Account> accounts, LongSupplier venueNowMillis) {
        super(ws, venueNowMillis);
        this.accounts = accounts;
    }

    @Override
    synchronized void close() {
        if (account != null && (orders || executions)) {
            account.spot().unlisten(this);
        }
        orders = false;
        executions = false;
    }

    @Override
    synchronized void message(String text) {
        JsonNode m;
        try {
            m = JSON.readTree(text);
        } catch (java.io.IOException e) {
            answer(null, "", false, "Invalid request: not JSON");
            return;
        }
        String op = m.path("op").asText();
        String reqId = m.path("req_id").asText("");
        switch (op) {
            case "ping" -> {
                ObjectNode pong = JSON.createObjectNode().put("req_id", reqId).put("op", "pong");
                pong.putArray("args").add(Long.toString(venueNowMillis.getAsLong()));
                ws.writeTextMessage(pong.put("conn_id", connId()).toString());
            }
            case "auth" -> {
                SimAccounts.Account a = accounts.apply(String.valueOf(STREAM.loginKey(m)));
                String refused = a == null ? "10003: Invalid apikey" : STREAM.checkLogin(m, a.key, venueNowMillis.getAsLong());
                if (refused == null) {
                    account = a;
                }
                answer(reqId, op, refused == null, refused == null ? "" : refused);
            }
            case "subscribe" -> {
                if (account == null) {
                    answer(reqId, op, false, "Request not authorized");
                    return;
                }
                boolean listening = orders || executions;
                for (JsonNode topic : m.path("args")) {
                    if (ORDERS.contains(topic.asText())) {
                        orders = true;
                    } else if (EXECUTIONS.contains(topic.asText())) {
                        executions = true;
                    } else {
                        answer(reqId, op, false, "the simulator's private stream has the order and execution topics only: " + topic.asText());
                        return;
                    }
                }
                answer(reqId, op, true, "");
                if (!listening && (orders || executions)) {
                    account.spot().listen(this);
                }
            }
            default -> answer(reqId, op, false, "Invalid op: " + op);
        }
    }

    private String connId() {
        return Integer.toHexString(hashCode());
    }

    private void answer(String reqId, String op, boolean success, String message) {
        ws.writeTextMessage(JSON.createObjectNode().put("req_id", reqId).put("success", success).put("ret_msg", message)
                .put("op", op).put("conn_id", connId()).toString());
    }

    private ObjectNode push(String topic) {
        return JSON.createObjectNode().put("id", connId() + "-" + System.nanoTime()).put("topic", topic)
                .put("creationTime", venueNowMillis.getAsLong());
    }

    @Override
    public synchronized void changed(SimSpotExchange.Change c) {
        if (c.trade() == null && c.status().equals("FILLED")) {
            return; // the order pushed with its last execution already said Filled
        }
        if (executions && c.trade() != null) {
            ObjectNode push = push("execution.linear");
            push.putArray("data").add(BybitSim.execution(c.trade()).put("category", "linear"));
            ws.writeTextMessage(push.toString());
        }
        if (orders) {
            ObjectNode push = push("order.linear");
            long updated = c.trade() != null ? c.trade().time() : c.order().updated;
            push.putArray("data").add(BybitSim.order(c.order(), c.status(), c.filled(), c.quote(), updated).put("category", "linear"));
            ws.writeTextMessage(push.toString());
        }
    }
}
