package io.dpp.sim.trading;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.http.ServerWebSocket;
import java.math.BigDecimal;
import java.util.function.LongSupplier;

/**
 * One connection to Binance USD-M's user data stream as the simulator serves it
 * ({@code /private/ws/<listenKey>}): the listen key in the address names the account (an unknown
 * one is refused by closing the connection); every change of the account's orders is pushed as an
 * {@code ORDER_TRADE_UPDATE} event, an execution with its trade id, commission and realized profit.
 * When the venue forgets the listen key (it expired, or the forget fault), the connection hears
 * {@code listenKeyExpired} and nothing more, though it stays open.
 */
final class BinanceUsdmPrivateSim extends PrivateSim implements SimSpotExchange.Listener {

    static final String PATH = "/private/ws/";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SimAccounts.Account account;
    private final String listenKey;
    private boolean listening;

    BinanceUsdmPrivateSim(ServerWebSocket ws, SimAccounts.Account account, String listenKey, LongSupplier venueNowMillis) {
        super(ws, venueNowMillis);
        this.account = account;
        this.listenKey = listenKey;
    }

    @Override
    synchronized void open() {
        ws.exceptionHandler(e -> close());
        if (account == null) {
            ws.close((short) 1008, "invalid listen key");
            return;
        }
        listening = true;
        account.spot().listen(this);
    }

    @Override
    synchronized void forget() {
        if (!listening) {
            return;
        }
        close();
        ws.writeTextMessage(JSON.createObjectNode().put("e", "listenKeyExpired").put("E", venueNowMillis.getAsLong())
                .put("listenKey", listenKey).toString());
    }

    @Override
    synchronized void close() {
        if (listening) {
            listening = false;
            account.spot().unlisten(this);
        }
    }

    @Override
    public void changed(SimSpotExchange.Change c) {
        SimSpotExchange.Order o = c.order();
        SimSpotExchange.Trade t = c.trade();
        if (t == null && c.status().equals("FILLED")) {
            return; // the last execution's report already said FILLED
        }
        long now = venueNowMillis.getAsLong();
        String execution = t != null ? "TRADE" : c.amended() ? "AMENDMENT" : switch (c.status()) {
            case "CANCELED" -> "CANCELED";
            case "EXPIRED" -> "EXPIRED";
            default -> "NEW";
        };
        BigDecimal avg = c.filled().signum() == 0 ? BigDecimal.ZERO : c.quote().divide(c.filled(), java.math.MathContext.DECIMAL128)
                .stripTrailingZeros();
        String type = switch (o.type) {
            case "STOP_LOSS" -> "STOP_MARKET";
            case "STOP_LOSS_LIMIT" -> "STOP";
            case "LIMIT_MAKER" -> "LIMIT";
            default -> o.type;
        };
        long when = (t == null ? o.updated : t.time()) / 1000;
        ObjectNode root = JSON.createObjectNode().put("e", "ORDER_TRADE_UPDATE").put("E", now).put("T", when);
        root.putObject("o").put("s", o.symbol).put("c", o.clientOrderId).put("S", o.buy ? "BUY" : "SELL").put("o", type)
                .put("f", o.type.equals("LIMIT_MAKER") ? "GTX" : o.timeInForce).put("q", o.quantity.toPlainString())
                .put("p", o.price == null ? "0" : o.price.toPlainString()).put("ap", avg.toPlainString())
                .put("sp", o.stopPrice == null ? "0" : o.stopPrice.toPlainString()).put("x", execution).put("X", c.status())
                .put("i", o.id).put("l", t == null ? "0" : t.quantity().toPlainString()).put("z", c.filled().toPlainString())
                .put("L", t == null ? "0" : t.price().toPlainString()).put("N", t == null ? "USDT" : t.commissionAsset())
                .put("n", t == null ? "0" : t.commission().toPlainString()).put("T", when).put("t", t == null ? 0 : t.id())
                .put("b", "0").put("a", "0").put("m", t != null && t.maker()).put("R", o.reduceOnly).put("wt", "CONTRACT_PRICE")
                .put("ot", type).put("ps", "BOTH").put("cp", false).put("rp", t == null ? "0" : t.realized().toPlainString())
                .put("pP", false).put("si", 0).put("ss", 0).put("V", "EXPIRE_MAKER").put("pm", "NONE").put("gtd", 0);
        ws.writeTextMessage(root.toString());
    }
}
