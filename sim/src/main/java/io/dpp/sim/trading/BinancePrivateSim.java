package io.dpp.sim.trading;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.http.ServerWebSocket;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * One connection to Binance spot's WebSocket API ({@code /ws-api/v3}) as the simulator serves it,
 * for user data streams: {@code userDataStream.subscribe.signature} checked by Binance's rules (the
 * key, a timestamp within {@code recvWindow} of the venue's clock and not 1 s ahead, the hex
 * HMAC-SHA256 of the sorted parameters), answered with a subscription id; then every change of the
 * account's orders pushed as an {@code executionReport} event, a cancel's report naming the cancel
 * in {@code c} and the order in {@code C}. {@code userDataStream.unsubscribe} ends a subscription
 * with {@code eventStreamTerminated}, as the forget fault does; {@code ping} is answered; ping
 * frames are answered with pongs by the server.
 */
final class BinancePrivateSim extends PrivateSim {

    static final String PATH = "/ws-api/v3";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final io.dpp.trading.live.PrivateStream STREAM = io.dpp.trading.live.PrivateStream.of("binance");

    private final Function<String, SimAccounts.Account> accounts;
    /** This connection's subscriptions by id, in order. */
    private final Map<Integer, Subscription> subscriptions = new LinkedHashMap<>();
    private int nextSubscription;
    /** Numbers the ids the venue gives cancel requests that name none. */
    private long cancels;

    BinancePrivateSim(ServerWebSocket ws, Function<String, SimAccounts.Account> accounts, LongSupplier venueNowMillis) {
        super(ws, venueNowMillis);
        this.accounts = accounts;
    }

    @Override
    synchronized void forget() {
        for (Subscription s : List.copyOf(subscriptions.values())) {
            end(s);
        }
    }

    @Override
    synchronized void close() {
        subscriptions.values().forEach(s -> s.account.spot().unlisten(s));
        subscriptions.clear();
    }

    private synchronized void end(Subscription s) {
        s.account.spot().unlisten(s);
        subscriptions.remove(s.id);
        ObjectNode root = JSON.createObjectNode().put("subscriptionId", s.id);
        root.putObject("event").put("e", "eventStreamTerminated").put("E", venueNowMillis.getAsLong());
        ws.writeTextMessage(root.toString());
    }

    @Override
    synchronized void message(String text) {
        JsonNode m;
        try {
            m = JSON.readTree(text);
        } catch (java.io.IOException e) {
            error(null, 400, -1000, "Malformed request: not JSON.");
            return;
        }
        String id = m.path("id").isMissingNode() ? null : m.path("id").asText();
        switch (m.path("method").asText()) {
            case "userDataStream.subscribe.signature" -> subscribe(id, m);
            case "userDataStream.unsubscribe" -> {
                JsonNode which = m.path("params").path("subscriptionId");
                Subscription s = which.isMissingNode() ? null : subscriptions.get(which.asInt());
                if (!which.isMissingNode() && s == null) {
                    error(id, 400, -1000, "Invalid subscriptionId.");
                    return;
                }
                ok(id); // Binance answers first, then ends the subscription(s)
                if (s != null) {
                    end(s);
                } else {
                    forget();
                }
            }
            case "ping" -> ok(id);
            default -> error(id, 400, -1020, "The simulator's WebSocket API serves user data stream subscriptions and ping only.");
        }
    }

    private void subscribe(String id, JsonNode request) {
        SimAccounts.Account a = accounts.apply(String.valueOf(STREAM.loginKey(request)));
        if (a == null) {
            error(id, 401, -2015, "Invalid API-key, IP, or permissions for action.");
            return;
        }
        String refused = STREAM.checkLogin(request, a.key, venueNowMillis.getAsLong());
        if (refused != null) {
            int colon = refused.indexOf(':');
            error(id, 400, Integer.parseInt(refused.substring(0, colon)), refused.substring(colon + 1).trim());
            return;
        }
        if (subscriptions.values().stream().anyMatch(s -> s.account == a)) {
            error(id, 400, -2035, "User Data Stream subscription already active.");
            return;
        }
        Subscription s = new Subscription(nextSubscription++, a);
        subscriptions.put(s.id, s);
        ObjectNode answer = JSON.createObjectNode().put("id", id).put("status", 200);
        answer.putObject("result").put("subscriptionId", s.id);
        ws.writeTextMessage(answer.toString());
        a.spot().listen(s);
    }

    private void ok(String id) {
        ObjectNode answer = JSON.createObjectNode().put("id", id).put("status", 200);
        answer.putObject("result");
        ws.writeTextMessage(answer.toString());
    }

    private void error(String id, int status, int code, String msg) {
        ObjectNode answer = JSON.createObjectNode().put("id", id).put("status", status);
        answer.putObject("error").put("code", code).put("msg", msg);
        ws.writeTextMessage(answer.toString());
    }

    /** One account's subscription on this connection: pushes its order changes. */
    private final class Subscription implements SimSpotExchange.Listener {
        final int id;
        final SimAccounts.Account account;

        Subscription(int id, SimAccounts.Account account) {
            this.id = id;
            this.account = account;
        }

        @Override
        public void changed(SimSpotExchange.Change c) {
            SimSpotExchange.Order o = c.order();
            SimSpotExchange.Trade t = c.trade();
            String status = c.status();
            if (t == null && status.equals("FILLED")) {
                return; // the report of the last execution already said FILLED: Binance sends no other
            }
            long now = venueNowMillis.getAsLong();
            String execution = t != null ? "TRADE" : c.amended() ? "REPLACED" : switch (status) {
                case "CANCELED" -> "CANCELED";
                case "EXPIRED" -> "EXPIRED";
                default -> "NEW";
            };
            boolean canceled = execution.equals("CANCELED");
            String cancelId;
            synchronized (BinancePrivateSim.this) {
                cancelId = canceled ? "sim-cancel-" + (++cancels) : "";
            }
            ObjectNode root = JSON.createObjectNode().put("subscriptionId", id);
            ObjectNode e = root.putObject("event").put("e", "executionReport").put("E", now).put("s", o.symbol)
                    .put("c", canceled ? cancelId : o.clientOrderId).put("S", o.buy ? "BUY" : "SELL").put("o", o.type)
                    .put("f", o.timeInForce).put("q", o.quantity.toPlainString()).put("p", o.price == null ? "0" : o.price.toPlainString())
                    .put("P", o.stopPrice == null ? "0" : o.stopPrice.toPlainString()).put("F", "0").put("g", -1)
                    .put("C", canceled ? o.clientOrderId : "").put("x", execution).put("X", status).put("r", "NONE").put("i", o.id)
                    .put("l", t == null ? "0" : t.quantity().toPlainString()).put("z", c.filled().toPlainString())
                    .put("L", t == null ? "0" : t.price().toPlainString()).put("n", t == null ? "0" : t.commission().toPlainString());
            if (t == null) {
                e.putNull("N");
            } else {
                e.put("N", t.commissionAsset());
            }
            e.put("T", (t == null ? o.updated : t.time()) / 1000).put("t", t == null ? -1 : t.id())
                    .put("w", (status.equals("NEW") || status.equals("PARTIALLY_FILLED")) && o.triggered)
                    .put("m", t != null && t.maker()).put("M", false).put("O", o.created / 1000).put("Z", c.quote().toPlainString())
                    .put("Y", t == null ? "0" : t.price().multiply(t.quantity()).toPlainString()).put("Q", "0")
                    .put("V", "EXPIRE_MAKER");
            ws.writeTextMessage(root.toString());
        }
    }
}
