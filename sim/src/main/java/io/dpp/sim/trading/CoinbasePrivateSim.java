package io.dpp.sim.trading;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.http.ServerWebSocket;
import java.math.BigDecimal;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * One connection to Coinbase Advanced Trade's user order data ({@code /ws-user}) as the simulator
 * serves it: a {@code subscribe} to the {@code user} channel whose JWT is checked by Coinbase's
 * rules (the key's signature, {@code iss} "cdp", {@code sub} the key, not expired), answered by a
 * {@code subscriptions} message and a {@code snapshot} of the account's working orders; then an
 * {@code update} at every change of its orders, with what has filled (no executions: Coinbase's
 * user channel carries none). A {@code heartbeats} subscription is acknowledged (the simulator does
 * not close quiet connections, so it sends no heartbeats). Each message is numbered
 * ({@code sequence_num}) from 0 on the connection.
 */
final class CoinbasePrivateSim extends PrivateSim implements SimSpotExchange.Listener {

    static final String PATH = "/ws-user";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final io.dpp.trading.live.PrivateStream STREAM = io.dpp.trading.live.PrivateStream.of("coinbase");

    private final Function<String, SimAccounts.Account> accounts;
    private final Set<String> channels = new TreeSet<>();
    private SimAccounts.Account account;
    private long sequence;

    CoinbasePrivateSim(ServerWebSocket ws, Function<String, SimAccounts.Account> accounts, LongSupplier venueNowMillis) {
        super(ws, venueNowMillis);
        this.accounts = accounts;
    }

    @Override
    synchronized void close() {
        if (account != null && channels.contains("user")) {
            account.spot().unlisten(this);
        }
        channels.clear();
    }

    @Override
    synchronized void message(String text) {
        JsonNode m;
        try {
            m = JSON.readTree(text);
        } catch (java.io.IOException e) {
            error("failure to parse the message");
            return;
        }
        if (m == null || !"subscribe".equals(m.path("type").asText())) {
            error("the simulator's user stream takes subscribe messages only");
            return;
        }
        switch (m.path("channel").asText()) {
            case "user" -> {
                SimAccounts.Account a = accounts.apply(String.valueOf(STREAM.loginKey(m)));
                String refused = a == null ? "authentication failure" : STREAM.checkLogin(m, a.key, venueNowMillis.getAsLong());
                if (refused != null) {
                    error(refused.startsWith("authentication failure") ? "authentication failure" : refused);
                    return;
                }
                boolean first = channels.add("user");
                account = a;
                subscriptions();
                if (first) {
                    snapshot();
                    a.spot().listen(this);
                }
            }
            case "heartbeats" -> {
                channels.add("heartbeats");
                subscriptions();
            }
            default -> error("the simulator's user stream serves the user and heartbeats channels");
        }
    }

    private ObjectNode envelope(String channel) {
        return JSON.createObjectNode().put("channel", channel).put("client_id", "")
                .put("timestamp", java.time.Instant.ofEpochMilli(venueNowMillis.getAsLong()).toString()).put("sequence_num", sequence++);
    }

    private void subscriptions() {
        ObjectNode root = envelope("subscriptions");
        ObjectNode subs = root.putArray("events").addObject().putObject("subscriptions");
        for (String c : channels) {
            subs.putArray(c).add(c.equals("user") ? "sim-user" : "heartbeats");
        }
        ws.writeTextMessage(root.toString());
    }

    private void snapshot() {
        ObjectNode root = envelope("user");
        ArrayNode orders = root.putArray("events").addObject().put("type", "snapshot").putArray("orders");
        for (SimSpotExchange.Order o : account.spot().open(null)) {
            orders.add(order(o, o.filled, o.quote, CoinbaseSim.status(o)));
        }
        ws.writeTextMessage(root.toString());
    }

    private static ObjectNode order(SimSpotExchange.Order o, BigDecimal filled, BigDecimal quote, String status) {
        BigDecimal avg = filled.signum() == 0 ? BigDecimal.ZERO : quote.divide(filled, java.math.MathContext.DECIMAL128).stripTrailingZeros();
        boolean working = status.equals("OPEN");
        return JSON.createObjectNode().put("order_id", CoinbaseSim.orderId(o.id)).put("client_order_id", o.clientOrderId)
                .put("cumulative_quantity", filled.toPlainString())
                .put("leaves_quantity", working ? o.quantity.subtract(filled).toPlainString() : "0")
                .put("avg_price", avg.toPlainString()).put("total_fees", "0").put("status", status).put("product_id", o.symbol)
                .put("creation_time", CoinbaseSim.iso(o.created)).put("order_side", o.buy ? "BUY" : "SELL")
                .put("order_type", o.type.equals("MARKET") ? "Market" : o.type.equals("STOP_LOSS_LIMIT") ? "StopLimit" : "Limit")
                .put("limit_price", o.price == null ? "" : o.price.toPlainString()).put("product_type", "SPOT");
    }

    private void error(String message) {
        ws.writeTextMessage(JSON.createObjectNode().put("type", "error").put("message", message).toString());
    }

    /** Pushes a change of the account's orders (on the thread that made it: the simulator's event loop). */
    @Override
    public synchronized void changed(SimSpotExchange.Change c) {
        if (!channels.contains("user")) {
            return;
        }
        String status = switch (c.status()) {
            case "NEW", "PARTIALLY_FILLED" -> "OPEN";
            case "FILLED" -> "FILLED";
            case "EXPIRED" -> "EXPIRED";
            default -> "CANCELLED";
        };
        ObjectNode root = envelope("user");
        root.putArray("events").addObject().put("type", "update").putArray("orders").add(order(c.order(), c.filled(), c.quote(), status));
        ws.writeTextMessage(root.toString());
    }
}
