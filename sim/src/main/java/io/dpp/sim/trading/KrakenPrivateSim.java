package io.dpp.sim.trading;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dpp.trading.live.KrakenAssets;
import io.vertx.core.http.ServerWebSocket;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * One connection to Kraken's private WebSocket v2 as the simulator serves it (at
 * {@code /ws-auth/v2} beside the venue's public stream; Kraken's is at ws-auth.kraken.com/v2): a
 * status message on connecting, then a subscription to the {@code executions} channel whose token
 * must be one {@code GetWebSocketsToken} gave the account within 15 minutes; a snapshot of the
 * working orders, then every change of the account's orders as an execution report in Kraken's
 * shape ({@code new}, one {@code trade} per execution with the trade list's txid as
 * {@code exec_id}, {@code filled}, {@code canceled}, {@code expired}, {@code amended}), pairs named
 * as in v2 ("BTC/USD"), numbers as JSON numbers. {@code ping} is answered {@code pong}.
 */
final class KrakenPrivateSim extends PrivateSim {

    static final String PATH = "/ws-auth/v2";
    /** How long a token may wait before a connection subscribes with it. */
    static final long TOKEN_LIFE_MILLIS = 15 * 60_000;
    private static final ObjectMapper JSON = JsonMapper.builder().enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN).build();

    /** Finds the account a token was given to, or null (unknown, or given more than 15 minutes ago). */
    interface Tokens {
        SimAccounts.Account account(String token, long nowMillis);
    }

    private final Tokens tokens;
    private SimAccounts.Account account;
    private final SimSpotExchange.Listener listener = this::changed;
    private long sequence;

    KrakenPrivateSim(ServerWebSocket ws, Tokens tokens, LongSupplier venueNowMillis) {
        super(ws, venueNowMillis);
        this.tokens = tokens;
    }

    @Override
    void open() {
        super.open();
        ObjectNode status = JSON.createObjectNode().put("channel", "status").put("type", "update");
        status.putArray("data").addObject().put("version", "2.0.10").put("system", "online").put("api_version", "v2")
                .put("connection_id", Integer.toUnsignedLong(hashCode()));
        write(status);
    }

    @Override
    synchronized void close() {
        if (account != null) {
            account.spot().unlisten(listener);
        }
    }

    private void write(ObjectNode m) {
        try {
            ws.writeTextMessage(JSON.writeValueAsString(m));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private String now() {
        return Instant.ofEpochMilli(venueNowMillis.getAsLong()).toString();
    }

    @Override
    synchronized void message(String text) {
        String in = now();
        JsonNode m;
        try {
            m = JSON.readTree(text);
        } catch (java.io.IOException e) {
            write(JSON.createObjectNode().put("error", "EGeneral:Invalid arguments").put("success", false).put("time_in", in).put("time_out", now()));
            return;
        }
        String method = m.path("method").asText();
        ObjectNode answer = JSON.createObjectNode().put("method", method.equals("ping") ? "pong" : method);
        if (m.has("req_id")) {
            answer.put("req_id", m.path("req_id").asLong());
        }
        switch (method) {
            case "ping" -> {
                write(answer.put("time_in", in).put("time_out", now()));
                return;
            }
            case "subscribe" -> {
            }
            default -> {
                write(answer.put("error", "EGeneral:Invalid arguments").put("success", false).put("time_in", in).put("time_out", now()));
                return;
            }
        }
        JsonNode params = m.path("params");
        if (!"executions".equals(params.path("channel").asText())) {
            write(answer.put("error", "EGeneral:Invalid arguments:the simulator's private stream has the executions channel only")
                    .put("success", false).put("time_in", in).put("time_out", now()));
            return;
        }
        SimAccounts.Account a = tokens.account(params.path("token").asText(""), venueNowMillis.getAsLong());
        if (a == null) {
            write(answer.put("error", "ESession:Invalid session").put("success", false).put("time_in", in).put("time_out", now()));
            return;
        }
        boolean snapshot = params.path("snap_orders").asBoolean(true);
        answer.putObject("result").put("channel", "executions").put("maxratecount", 125).put("snap_orders", snapshot)
                .put("snap_trades", params.path("snap_trades").asBoolean(false));
        write(answer.put("success", true).put("time_in", in).put("time_out", now()));
        if (account == null) {
            account = a;
            if (snapshot) {
                ObjectNode push = push("snapshot");
                ArrayNode data = push.withArray("data");
                for (SimSpotExchange.Order o : a.spot().open(null)) {
                    report(data, o, "new", o.status, o.filled, o.quote).put("cum_qty", o.filled);
                }
                write(push);
            }
            a.spot().listen(listener);
        }
    }

    private ObjectNode push(String type) {
        ObjectNode m = JSON.createObjectNode().put("channel", "executions").put("type", type);
        m.putArray("data");
        m.put("sequence", ++sequence);
        return m;
    }

    /** One execution report of {@code o}: what every report of a change carries. */
    private ObjectNode report(ArrayNode into, SimSpotExchange.Order o, String execution, String status, BigDecimal filled, BigDecimal quote) {
        ObjectNode d = into.addObject().put("order_id", KrakenSpotSim.id('O', o.id)).put("cl_ord_id", o.clientOrderId)
                .put("exec_type", execution).put("symbol", KrakenAssets.v2Pair(o.symbol)).put("side", o.buy ? "buy" : "sell")
                .put("order_qty", o.quantity).put("order_type", switch (o.type) {
                    case "MARKET" -> "market";
                    case "STOP_LOSS" -> "stop-loss";
                    case "STOP_LOSS_LIMIT" -> "stop-loss-limit";
                    default -> "limit";
                }).put("time_in_force", o.timeInForce).put("order_status", switch (status) {
                    case "NEW" -> "new";
                    case "PARTIALLY_FILLED" -> "partially_filled";
                    case "FILLED" -> "filled";
                    case "CANCELED" -> "canceled";
                    default -> "expired";
                }).put("cum_cost", quote);
        if (o.price != null) {
            d.put("limit_price", o.price);
        }
        if (filled.signum() > 0) {
            d.put("avg_price", quote.divide(filled, MathContext.DECIMAL128).stripTrailingZeros());
        }
        d.put("timestamp", Instant.ofEpochSecond(0, o.updated * 1000).toString());
        return d;
    }

    /** Pushes a change of the account's orders (on the thread that made it). */
    private void changed(SimSpotExchange.Change c) {
        SimSpotExchange.Order o = c.order();
        SimSpotExchange.Trade t = c.trade();
        String execution = t != null ? "trade" : c.amended() ? "amended" : switch (c.status()) {
            case "FILLED" -> "filled";
            case "CANCELED" -> "canceled";
            case "EXPIRED" -> "expired";
            default -> "new";
        };
        ObjectNode push;
        synchronized (this) {
            push = push("update");
        }
        ObjectNode d = report(push.withArray("data"), o, execution, c.status(), c.filled(), c.quote()).put("cum_qty", c.filled());
        if (t != null) {
            d.put("exec_id", KrakenSpotSim.id('T', t.id())).put("trade_id", t.id()).put("last_qty", t.quantity()).put("last_price", t.price())
                    .put("cost", t.price().multiply(t.quantity())).put("liquidity_ind", t.maker() ? "m" : "t")
                    .put("timestamp", Instant.ofEpochSecond(0, t.time() * 1000).toString());
            d.putArray("fees").addObject().put("asset", t.commissionAsset()).put("qty", t.commission());
        }
        if (execution.equals("canceled")) {
            d.put("reason", "User requested");
        }
        write(push);
    }
}
