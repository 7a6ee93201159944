package io.dpp.sim.trading;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.http.ServerWebSocket;
import java.math.BigDecimal;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * One connection to OKX's private WebSocket ({@code /ws/v5/private}) as the simulator serves it: a
 * login checked by OKX's rules (the key, its passphrase, a timestamp within 30 s of the venue's
 * clock, {@code sign} = base64 HMAC-SHA256 of timestamp + "GET/users/self/verify"), then the
 * {@code orders} channel of spot instruments: every change of the account's orders pushed as OKX
 * pushes it, a full order with the execution that changed it. "ping" is answered "pong".
 */
final class OkxPrivateSim extends PrivateSim implements SimSpotExchange.Listener {

    static final String PATH = "/ws/v5/private";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final io.dpp.trading.live.PrivateStream STREAM = io.dpp.trading.live.PrivateStream.of("okx");

    private final Function<String, SimAccounts.Account> accounts;
    private SimAccounts.Account account;
    private boolean subscribed;

    OkxPrivateSim(ServerWebSocket ws, Function<String, SimAccounts.Account> accounts, LongSupplier venueNowMillis) {
        super(ws, venueNowMillis);
        this.accounts = accounts;
    }

    @Override
    void close() {
        if (account != null) {
            account.spot().unlisten(this);
        }
    }

    @Override
    void message(String text) {
        if (text.equals("ping")) {
            ws.writeTextMessage("pong");
            return;
        }
        JsonNode m;
        try {
            m = JSON.readTree(text);
        } catch (java.io.IOException e) {
            error("60012", "Invalid request: " + (text.length() > 100 ? text.substring(0, 100) : text));
            return;
        }
        switch (m.path("op").asText()) {
            case "login" -> login(m);
            case "subscribe" -> {
                JsonNode arg = m.path("args").path(0);
                if (account == null) {
                    error("60011", "Please log in");
                } else if (!"orders".equals(arg.path("channel").asText())) {
                    error("60018", "The simulator's private stream has the orders channel only");
                } else {
                    ObjectNode ok = JSON.createObjectNode().put("event", "subscribe").put("connId", Integer.toHexString(hashCode()));
                    ok.set("arg", arg);
                    ws.writeTextMessage(ok.toString());
                    if (!subscribed) {
                        subscribed = true;
                        account.spot().listen(this);
                    }
                }
            }
            default -> error("60012", "Invalid request: " + m.path("op").asText());
        }
    }

    private void login(JsonNode login) {
        SimAccounts.Account a = accounts.apply(String.valueOf(STREAM.loginKey(login)));
        if (a == null) {
            error("60005", "Invalid OK-ACCESS-KEY");
            return;
        }
        String refused = STREAM.checkLogin(login, a.key, venueNowMillis.getAsLong());
        if (refused != null) {
            int colon = refused.indexOf(':');
            error(refused.substring(0, colon), refused.substring(colon + 1).trim());
            return;
        }
        account = a;
        ws.writeTextMessage(JSON.createObjectNode().put("event", "login").put("code", "0").put("msg", "")
                .put("connId", Integer.toHexString(hashCode())).toString());
    }

    private void error(String code, String msg) {
        ws.writeTextMessage(JSON.createObjectNode().put("event", "error").put("code", code).put("msg", msg).toString());
    }

    /** Pushes a change of the account's orders (on the thread that made it: the simulator's event loop). */
    @Override
    public void changed(SimSpotExchange.Change c) {
        SimSpotExchange.Order o = c.order();
        SimSpotExchange.Trade t = c.trade();
        BigDecimal filled = c.filled();
        ObjectNode root = JSON.createObjectNode();
        root.putObject("arg").put("channel", "orders").put("instType", "SPOT").put("uid", "77777");
        ObjectNode d = root.putArray("data").addObject();
        BigDecimal avg = filled.signum() == 0 ? null : c.quote().divide(filled, java.math.MathContext.DECIMAL128).stripTrailingZeros();
        String state = switch (c.status()) {
            case "NEW" -> "live";
            case "PARTIALLY_FILLED" -> "partially_filled";
            case "FILLED" -> "filled";
            default -> "canceled";
        };
        d.put("instType", "SPOT").put("instId", o.symbol).put("ordId", Long.toString(o.id)).put("clOrdId", o.clientOrderId)
                .put("px", o.price == null ? "" : o.price.toPlainString()).put("sz", o.quantity.toPlainString())
                .put("ordType", o.type.equals("MARKET") ? "market" : o.type.equals("LIMIT_MAKER") ? "post_only" : "limit")
                .put("side", o.buy ? "buy" : "sell").put("tdMode", "cash").put("state", state).put("accFillSz", filled.toPlainString())
                .put("avgPx", avg == null ? "" : avg.toPlainString()).put("cTime", Long.toString(o.created / 1000))
                .put("uTime", Long.toString((t == null ? o.updated : t.time()) / 1000));
        if (t != null) {
            d.put("tradeId", Long.toString(t.id())).put("fillPx", t.price().toPlainString()).put("fillSz", t.quantity().toPlainString())
                    .put("fillTime", Long.toString(t.time() / 1000)).put("fillFee", t.commission().negate().toPlainString())
                    .put("fillFeeCcy", t.commissionAsset()).put("execType", t.maker() ? "M" : "T");
        } else {
            d.put("tradeId", "").put("fillPx", "").put("fillSz", "0").put("fillTime", "").put("fillFee", "0").put("fillFeeCcy", "")
                    .put("execType", "");
        }
        ws.writeTextMessage(root.toString());
    }
}
