package io.dpp.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;

/**
 * A client of DPP's EMS REST API (docs/ems.md): trading accounts, orders, fills, positions and
 * balances. Every call returns the answer's JSON; an answer that is not a success throws
 * {@link Refused} with its status, error code and message (for a risk refusal, the reason code).
 *
 * <pre>{@code
 * TradingClient ems = TradingClient.builder(URI.create("http://localhost:8080")).apiKey(key).build();
 * ems.createAccount("paper-1");
 * ems.deposit("paper-1", "USDT", new BigDecimal("10000"));
 * JsonNode order = ems.submit(TradingClient.Order.limit("paper-1", "my-1", "okx", "BTC-USDT", "buy",
 *         new BigDecimal("0.01"), new BigDecimal("30000")));
 * }</pre>
 *
 * Thread-safe: one client serves many threads, over the JDK's HTTP client (connections kept alive).
 */
public final class TradingClient {

    /** An answer that is not a success: its HTTP status, error code ({@code rejected}: see {@link #reason}) and message. */
    public static final class Refused extends RuntimeException {
        private final int status;
        private final String error;
        private final String reason;
        private final JsonNode body;

        Refused(int status, JsonNode body) {
            super(status + " " + body.path("error").asText() + ": " + body.path("message").asText());
            this.status = status;
            this.error = body.path("error").asText();
            this.reason = body.path("reason").asText(null);
            this.body = body;
        }

        public int status() {
            return status;
        }

        public String error() {
            return error;
        }

        /** The risk check's reason code of a 422 (max_order_notional, stale_book, ...), or null. */
        public String reason() {
            return reason;
        }

        /** The whole answer (for a 422: the rejected order under "order"). */
        public JsonNode body() {
            return body;
        }
    }

    /**
     * An order to submit; prices and quantities are exact decimals. Build with {@link #market} or
     * {@link #limit}, refine with the {@code with} methods.
     */
    public record Order(String account, String clientOrderId, String venue, String symbol, String side, String type,
                        BigDecimal quantity, BigDecimal price, BigDecimal stopPrice, String timeInForce, boolean postOnly,
                        boolean reduceOnly, String tag) {

        public static Order market(String account, String clientOrderId, String venue, String symbol, String side, BigDecimal quantity) {
            return new Order(account, clientOrderId, venue, symbol, side, "market", quantity, null, null, null, false, false, null);
        }

        public static Order limit(String account, String clientOrderId, String venue, String symbol, String side, BigDecimal quantity,
                                  BigDecimal price) {
            return new Order(account, clientOrderId, venue, symbol, side, "limit", quantity, price, null, null, false, false, null);
        }

        public Order withTimeInForce(String tif) {
            return new Order(account, clientOrderId, venue, symbol, side, type, quantity, price, stopPrice, tif, postOnly, reduceOnly, tag);
        }

        public Order withPostOnly() {
            return new Order(account, clientOrderId, venue, symbol, side, type, quantity, price, stopPrice, timeInForce, true, reduceOnly, tag);
        }

        public Order withReduceOnly() {
            return new Order(account, clientOrderId, venue, symbol, side, type, quantity, price, stopPrice, timeInForce, postOnly, true, tag);
        }

        public Order withStop(String stopType, BigDecimal stop) {
            return new Order(account, clientOrderId, venue, symbol, side, stopType, quantity, price, stop, timeInForce, postOnly, reduceOnly,
                    tag);
        }

        public Order withTag(String t) {
            return new Order(account, clientOrderId, venue, symbol, side, type, quantity, price, stopPrice, timeInForce, postOnly, reduceOnly, t);
        }

        /** The order as the API takes it. */
        public String json() {
            ObjectNode o = JSON.createObjectNode();
            o.put("account", account).put("client_order_id", clientOrderId).put("venue", venue).put("symbol", symbol).put("side", side)
                    .put("type", type).put("quantity", quantity.toPlainString());
            if (price != null) {
                o.put("price", price.toPlainString());
            }
            if (stopPrice != null) {
                o.put("stop_price", stopPrice.toPlainString());
            }
            if (timeInForce != null) {
                o.put("time_in_force", timeInForce);
            }
            if (postOnly) {
                o.put("post_only", true);
            }
            if (reduceOnly) {
                o.put("reduce_only", true);
            }
            if (tag != null) {
                o.put("tag", tag);
            }
            return o.toString();
        }
    }

    private static final ObjectMapper JSON = Rest.JSON;

    private final String key;
    private final Rest rest;

    private TradingClient(URI base, String key, Duration timeout) {
        this.key = key;
        this.rest = new Rest(base, timeout);
    }

    /** A builder for the platform at {@code base} (http://host:port). */
    public static Builder builder(URI base) {
        return new Builder(base);
    }

    /** Builds a {@link TradingClient}. */
    public static final class Builder {
        private final URI base;
        private String key;
        private Duration timeout = Duration.ofSeconds(30);

        private Builder(URI base) {
            this.base = base;
        }

        /** The API key (not needed in the open demo mode). */
        public Builder apiKey(String apiKey) {
            this.key = apiKey;
            return this;
        }

        /** How long one call may take (default 30 s). */
        public Builder timeout(Duration t) {
            this.timeout = t;
            return this;
        }

        public TradingClient build() {
            return new TradingClient(base, key, timeout);
        }
    }

    // ---- accounts -------------------------------------------------------------------------------

    public JsonNode createAccount(String name) {
        return call("POST", "/api/v1/accounts", JSON.createObjectNode().put("name", name).toString());
    }

    public JsonNode accounts() {
        return call("GET", "/api/v1/accounts", null);
    }

    public JsonNode deposit(String account, String asset, BigDecimal amount) {
        return call("POST", "/api/v1/accounts/" + enc(account) + "/deposits",
                JSON.createObjectNode().put("asset", asset).put("amount", amount.toPlainString()).toString());
    }

    /** Adopts the venue's amounts of {@code assets} where the live account's last comparison found them different. */
    public JsonNode adopt(String account, java.util.List<String> assets) {
        com.fasterxml.jackson.databind.node.ObjectNode body = JSON.createObjectNode();
        assets.forEach(body.putArray("assets")::add);
        return call("POST", "/api/v1/accounts/" + enc(account) + "/adopt", body.toString());
    }

    public JsonNode reset(String account) {
        return call("POST", "/api/v1/accounts/" + enc(account) + "/reset", null);
    }

    public JsonNode killSwitch(String account, boolean on, String reason) {
        return on ? call("POST", "/api/v1/accounts/" + enc(account) + "/kill-switch",
                reason == null ? "{}" : JSON.createObjectNode().put("reason", reason).toString())
                : call("DELETE", "/api/v1/accounts/" + enc(account) + "/kill-switch", null);
    }

    // ---- orders ---------------------------------------------------------------------------------

    /** Submits an order; answers it once durable (a repeat of the same client order id answers the same order). */
    public JsonNode submit(Order order) {
        return call("POST", "/api/v1/orders", order.json());
    }

    public JsonNode cancel(String orderId) {
        return call("DELETE", "/api/v1/orders/" + enc(orderId), null);
    }

    /** Cancels every working order of {@code account} (every account of the key's user when null). */
    public JsonNode cancelAll(String account) {
        return call("DELETE", "/api/v1/orders" + (account == null ? "" : "?account=" + enc(account)), null);
    }

    public JsonNode replace(String orderId, BigDecimal quantity, BigDecimal price) {
        ObjectNode o = JSON.createObjectNode();
        if (quantity != null) {
            o.put("quantity", quantity.toPlainString());
        }
        if (price != null) {
            o.put("price", price.toPlainString());
        }
        return call("PATCH", "/api/v1/orders/" + enc(orderId), o.toString());
    }

    public JsonNode order(String orderId) {
        return call("GET", "/api/v1/orders/" + enc(orderId), null);
    }

    /** Orders of {@code account} (all accounts when null), newest first; only working ones when {@code open}. */
    public JsonNode orders(String account, boolean open, int limit) {
        return call("GET", "/api/v1/orders?status=" + (open ? "open" : "all") + "&limit=" + limit
                + (account == null ? "" : "&account=" + enc(account)), null);
    }

    /** Fills of {@code account} (all when null) since {@code since} (ISO-8601, or null for all), oldest first. */
    public JsonNode fills(String account, String since, int limit) {
        return call("GET", "/api/v1/fills?limit=" + limit + (account == null ? "" : "&account=" + enc(account))
                + (since == null ? "" : "&since=" + enc(since)), null);
    }

    public JsonNode positions(String account) {
        return call("GET", "/api/v1/positions" + (account == null ? "" : "?account=" + enc(account)), null);
    }

    public JsonNode balances(String account) {
        return call("GET", "/api/v1/balances" + (account == null ? "" : "?account=" + enc(account)), null);
    }

    // ---- venue credentials (the vault) -------------------------------------------------------------

    /**
     * Stores a venue API key in the EMS's vault under {@code name}; {@code passphrase} may be null
     * (OKX needs one). Answers the credential, masked: the secret never comes back.
     */
    public JsonNode addCredential(String name, String venue, String apiKey, String secret, String passphrase) {
        ObjectNode o = JSON.createObjectNode().put("name", name).put("venue", venue).put("api_key", apiKey).put("secret", secret);
        if (passphrase != null) {
            o.put("passphrase", passphrase);
        }
        return call("POST", "/api/v1/venue-credentials", o.toString());
    }

    /** The key's user's venue credentials, masked. */
    public JsonNode credentials() {
        return call("GET", "/api/v1/venue-credentials", null);
    }

    public JsonNode credential(String name) {
        return call("GET", "/api/v1/venue-credentials/" + enc(name), null);
    }

    /** A signed read-only call to the venue with the stored credential: {@code ok}, the balances or the venue's refusal. */
    public JsonNode testCredential(String name) {
        return call("POST", "/api/v1/venue-credentials/" + enc(name) + "/test", null);
    }

    /** Deletes a stored credential; answers {@code {"deleted": name}}. */
    public JsonNode deleteCredential(String name) {
        call("DELETE", "/api/v1/venue-credentials/" + enc(name), null);
        return JSON.createObjectNode().put("deleted", name);
    }

    // ---- strategies (forward runs) ----------------------------------------------------------------

    /**
     * Deploys a strategy to run forward on live data, trading {@code account}: a built-in strategy
     * or graph by name ({@code graph} null), or a node graph's JSON ({@code strategy} null).
     * Answers the deployment, running.
     */
    public JsonNode deploy(String account, String strategy, String graph, String venue, java.util.List<String> symbols,
                           java.util.Map<String, String> params) {
        ObjectNode o = JSON.createObjectNode();
        if (graph != null) {
            try {
                o.set("graph", JSON.readTree(graph));
            } catch (IOException e) {
                throw new IllegalArgumentException("the graph is not JSON: " + e.getMessage(), e);
            }
        } else {
            o.put("strategy", strategy);
        }
        o.put("venue", venue);
        o.set("symbols", JSON.valueToTree(symbols));
        o.set("params", JSON.valueToTree(params));
        o.put("account", account);
        return call("POST", "/api/v1/strategies", o.toString());
    }

    /** The key's user's deployments. */
    public JsonNode strategies() {
        return call("GET", "/api/v1/strategies", null);
    }

    /** One deployment: its state, live profit, counts, positions, open orders and recent fills. */
    public JsonNode strategy(String id) {
        return call("GET", "/api/v1/strategies/" + enc(id), null);
    }

    /** {@code stop}, {@code pause} or {@code start} a deployment; answers it after. */
    public JsonNode strategyAction(String id, String action) {
        if (!java.util.Set.of("stop", "pause", "start").contains(action)) {
            throw new IllegalArgumentException("a deployment takes stop, pause or start, got " + action);
        }
        return call("POST", "/api/v1/strategies/" + enc(id) + "/" + action, null);
    }

    // ---- plumbing -------------------------------------------------------------------------------

    private JsonNode call(String method, String path, String body) {
        return rest.call(method, path, body, b -> {
            if (key != null) {
                b.header("X-API-Key", key);
            }
        });
    }

    private static String enc(String s) {
        return Rest.enc(s);
    }
}
