package io.dpp.ems;

import com.fasterxml.jackson.databind.JsonNode;
import io.dpp.core.model.Side;
import io.dpp.core.time.Timestamps;
import io.dpp.runtime.access.Grant;
import io.dpp.runtime.http.HttpProblem;
import io.dpp.runtime.http.JsonBody;
import io.dpp.runtime.http.QueryParams;
import io.dpp.trading.order.OrderType;
import io.dpp.trading.order.TimeInForce;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.regex.Pattern;

/**
 * The EMS's REST API (docs/ems.md): orders, fills, positions, balances, trading accounts, their
 * limits and kill switches, and the global kill switch. Every route acts for the caller's user
 * only: another user's account or order is answered 404, as one that does not exist. Bodies are
 * JSON objects of known fields (415 otherwise, 400 for an unknown field), every number is bounded,
 * and prices and quantities are exact decimals, sent as strings.
 */
final class EmsApi {

    static final int MAX_BODY = 16 * 1024;
    static final int MAX_LIST = 1000;
    /** Most assets one adoption of the venue's amounts names. */
    static final int MAX_ADOPTED = 64;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    private static final Pattern VENUE = Pattern.compile("[a-z][a-z0-9-]{0,31}");
    private static final Pattern SYMBOL = Pattern.compile("[A-Za-z0-9._:/-]{1,64}");
    private static final Pattern ASSET = Pattern.compile("[A-Z0-9]{1,32}");
    /** Largest magnitude of a price, quantity or amount: 10^20, with at most 18 decimals. */
    private static final BigDecimal MAX_DECIMAL = BigDecimal.TEN.pow(20);
    static final Set<String> ORDER_FIELDS = Set.of("account", "client_order_id", "venue", "symbol", "side", "type", "quantity",
            "price", "stop_price", "time_in_force", "post_only", "reduce_only", "tag");

    private final Engine engine;
    private final EmsDb db;
    private final Set<String> admins;

    EmsApi(Engine engine, EmsDb db, Set<String> admins) {
        this.engine = engine;
        this.db = db;
        this.admins = admins;
    }

    void install(Router router) {
        for (String path : List.of("/api/v1/orders", "/api/v1/orders/:id", "/api/v1/accounts", "/api/v1/accounts/:name/deposits",
                "/api/v1/accounts/:name/adopt",
                "/api/v1/accounts/:name/limits", "/api/v1/accounts/:name/kill-switch", "/api/v1/accounts/:name/live", "/api/v1/kill-switch")) {
            router.post(path).handler(io.dpp.runtime.http.JsonBody::jsonOnly);
            router.put(path).handler(io.dpp.runtime.http.JsonBody::jsonOnly);
            router.patch(path).handler(io.dpp.runtime.http.JsonBody::jsonOnly);
        }
        BodyHandler body = BodyHandler.create(false).setBodyLimit(MAX_BODY);
        router.post("/api/v1/orders").handler(body).handler(this::submit);
        router.get("/api/v1/orders").handler(this::orders);
        router.delete("/api/v1/orders").handler(ctx -> {
            Grant g = Grant.of(ctx);
            String account = optionalName(ctx.request().getParam("account"), "account");
            answer(ctx, engine.ask(e -> e.cancelAll(g.user(), account, "canceled by cancel-all")));
        });
        router.get("/api/v1/orders/:id").handler(this::order);
        router.patch("/api/v1/orders/:id").handler(body).handler(this::replace);
        router.delete("/api/v1/orders/:id").handler(ctx -> {
            Grant g = Grant.of(ctx);
            long id = orderId(ctx);
            answer(ctx, engine.ask(e -> e.cancel(g.user(), id, "canceled on request")));
        });
        router.get("/api/v1/fills").handler(this::fills);
        router.get("/api/v1/positions").handler(ctx -> perAccount(ctx, "positions"));
        router.get("/api/v1/balances").handler(ctx -> perAccount(ctx, "balances"));

        router.post("/api/v1/accounts").handler(body).handler(ctx -> {
            Grant g = Grant.of(ctx);
            JsonNode b = JsonBody.object(ctx, Set.of("name", "kind", "venue", "credential"));
            String name = name(text(b, "name", true), "name");
            String kind = b.hasNonNull("kind") ? text(b, "kind", true) : TradingAccount.PAPER;
            String venue = b.hasNonNull("venue") ? text(b, "venue", true) : null;
            String credential = b.hasNonNull("credential") ? name(text(b, "credential", true), "credential") : null;
            if (venue != null && !io.dpp.ems.live.LiveAccounts.trades(venue)) {
                throw bad("venue: DPP trades live on " + String.join(", ", io.dpp.trading.live.OrderProtocol.VENUES) + " so far; got \""
                        + cut(venue) + "\"");
            }
            answer(ctx, engine.ask(e -> e.createAccount(g.user(), name, kind, venue, credential)));
        });
        router.get("/api/v1/accounts").handler(ctx -> {
            Grant g = Grant.of(ctx);
            answer(ctx, engine.ask(e -> e.accounts(g.user())));
        });
        router.get("/api/v1/accounts/:name").handler(ctx -> {
            Grant g = Grant.of(ctx);
            String name = name(ctx.pathParam("name"), "account");
            answer(ctx, engine.ask(e -> e.account(g.user(), name, true)));
        });
        router.post("/api/v1/accounts/:name/deposits").handler(body).handler(ctx -> {
            Grant g = Grant.of(ctx);
            String name = name(ctx.pathParam("name"), "account");
            JsonNode b = JsonBody.object(ctx, Set.of("asset", "amount"));
            String asset = text(b, "asset", true);
            if (!ASSET.matcher(asset).matches()) {
                throw bad("asset must be 1-32 upper-case letters or digits, e.g. USDT; got \"" + cut(asset) + "\"");
            }
            BigDecimal amount = decimal(b, "amount", true, true);
            answer(ctx, engine.ask(e -> e.deposit(g.user(), name, asset, amount)));
        });
        router.post("/api/v1/accounts/:name/adopt").handler(body).handler(ctx -> {
            Grant g = Grant.of(ctx);
            String name = name(ctx.pathParam("name"), "account");
            JsonNode assets = JsonBody.object(ctx, Set.of("assets")).path("assets");
            if (!assets.isArray() || assets.isEmpty() || assets.size() > MAX_ADOPTED) {
                throw bad("assets must be a list of 1 to " + MAX_ADOPTED + " assets, e.g. [\"USDT\"]");
            }
            Set<String> chosen = new java.util.TreeSet<>();
            for (JsonNode asset : assets) {
                if (!asset.isTextual() || !ASSET.matcher(asset.asText()).matches()) {
                    throw bad("each asset is 1-32 upper-case letters or digits, e.g. USDT; got " + cut(asset.toString()));
                }
                chosen.add(asset.asText());
            }
            answer(ctx, engine.ask(e -> e.adopt(g.user(), name, chosen)));
        });
        router.post("/api/v1/accounts/:name/reset").handler(ctx -> {
            Grant g = Grant.of(ctx);
            String name = name(ctx.pathParam("name"), "account");
            answer(ctx, engine.ask(e -> e.reset(g.user(), name)));
        });
        router.get("/api/v1/accounts/:name/limits").handler(ctx -> {
            Grant g = Grant.of(ctx);
            String name = name(ctx.pathParam("name"), "account");
            answer(ctx, engine.ask(e -> e.limits(g.user(), name, null)));
        });
        router.put("/api/v1/accounts/:name/limits").handler(body).handler(ctx -> {
            Grant g = Grant.of(ctx);
            String name = name(ctx.pathParam("name"), "account");
            Limits limits = limits(JsonBody.object(ctx, Set.of("max_order_quantity", "max_order_notional", "max_position",
                    "max_open_orders", "orders_per_second", "price_band")));
            answer(ctx, engine.ask(e -> e.limits(g.user(), name, limits)));
        });
        router.put("/api/v1/accounts/:name/live").handler(body).handler(ctx -> {
            Grant g = Grant.of(ctx);
            String name = name(ctx.pathParam("name"), "account");
            JsonNode b = JsonBody.object(ctx, Set.of("live"));
            if (!b.path("live").isBoolean()) {
                throw bad("live must be true or false");
            }
            boolean on = b.path("live").asBoolean();
            answer(ctx, engine.ask(e -> e.live(g.user(), name, on)));
        });
        router.post("/api/v1/accounts/:name/kill-switch").handler(body).handler(ctx -> {
            Grant g = Grant.of(ctx);
            String name = name(ctx.pathParam("name"), "account");
            String reason = reason(ctx);
            answer(ctx, engine.ask(e -> e.kill(g.user(), name, true, reason)));
        });
        router.delete("/api/v1/accounts/:name/kill-switch").handler(ctx -> {
            Grant g = Grant.of(ctx);
            String name = name(ctx.pathParam("name"), "account");
            answer(ctx, engine.ask(e -> e.kill(g.user(), name, false, null)));
        });
        router.post("/api/v1/kill-switch").handler(body).handler(ctx -> {
            admin(ctx);
            String reason = reason(ctx);
            answer(ctx, engine.ask(e -> e.globalKill(true, reason)));
        });
        router.delete("/api/v1/kill-switch").handler(ctx -> {
            admin(ctx);
            answer(ctx, engine.ask(e -> e.globalKill(false, null)));
        });
    }

    // ---- orders ----------------------------------------------------------------------------------

    private void submit(RoutingContext ctx) {
        Grant g = Grant.of(ctx);
        NewOrder n = newOrder(JsonBody.object(ctx, ORDER_FIELDS));
        answer(ctx, engine.ask(e -> e.submit(g.user(), n)));
    }

    /** The fields of a submitted order, checked for form; 400 naming the first field at fault. */
    static NewOrder newOrder(JsonNode b) {
        String account = name(text(b, "account", true), "account");
        String clientId = text(b, "client_order_id", true);
        if (!CLIENT_ID.matcher(clientId).matches()) {
            throw bad("client_order_id must be 1-64 letters, digits or . _ : -; got \"" + cut(clientId) + "\"");
        }
        String venue = text(b, "venue", true);
        if (!VENUE.matcher(venue).matches()) {
            throw bad("venue must be a venue id such as binance; got \"" + cut(venue) + "\"");
        }
        String symbol = text(b, "symbol", true);
        if (!SYMBOL.matcher(symbol).matches()) {
            throw bad("symbol must be the instrument's symbol, as the venue spells it or normalized; got \"" + cut(symbol) + "\"");
        }
        Side side = switch (text(b, "side", true).toLowerCase(Locale.ROOT)) {
            case "buy" -> Side.BUY;
            case "sell" -> Side.SELL;
            default -> throw bad("side must be buy or sell");
        };
        OrderType type = switch (text(b, "type", true).toLowerCase(Locale.ROOT)) {
            case "market" -> OrderType.MARKET;
            case "limit" -> OrderType.LIMIT;
            case "stop" -> OrderType.STOP;
            case "stop_limit" -> OrderType.STOP_LIMIT;
            default -> throw bad("type must be market, limit, stop or stop_limit");
        };
        TimeInForce tif = type == OrderType.MARKET || type == OrderType.STOP ? TimeInForce.IOC : TimeInForce.GTC;
        if (b.hasNonNull("time_in_force")) {
            tif = switch (text(b, "time_in_force", true).toLowerCase(Locale.ROOT)) {
                case "gtc" -> TimeInForce.GTC;
                case "ioc" -> TimeInForce.IOC;
                case "fok" -> TimeInForce.FOK;
                default -> throw bad("time_in_force must be gtc, ioc or fok");
            };
        }
        boolean postOnly = bool(b, "post_only");
        boolean reduceOnly = bool(b, "reduce_only");
        BigDecimal quantity = decimal(b, "quantity", true, false);
        BigDecimal price = decimal(b, "price", false, false);
        BigDecimal stop = decimal(b, "stop_price", false, false);
        boolean needsPrice = type == OrderType.LIMIT || type == OrderType.STOP_LIMIT;
        boolean needsStop = type == OrderType.STOP || type == OrderType.STOP_LIMIT;
        if (needsPrice != (price != null)) {
            throw bad("price: " + (needsPrice ? "a " + type.name().toLowerCase(Locale.ROOT) + " order needs one" : "a "
                    + type.name().toLowerCase(Locale.ROOT) + " order takes none"));
        }
        if (needsStop != (stop != null)) {
            throw bad("stop_price: " + (needsStop ? "a " + type.name().toLowerCase(Locale.ROOT) + " order needs one" : "a "
                    + type.name().toLowerCase(Locale.ROOT) + " order takes none"));
        }
        if (postOnly && (type != OrderType.LIMIT || tif != TimeInForce.GTC)) {
            throw bad("post_only: only a GTC limit order can be post-only");
        }
        if (type == OrderType.MARKET && tif == TimeInForce.GTC) {
            throw bad("time_in_force: a market order is ioc or fok");
        }
        String tag = b.hasNonNull("tag") ? text(b, "tag", true) : null;
        if (tag != null && (tag.length() > 64 || !tag.chars().allMatch(c -> c >= 0x20 && c < 0x7f))) {
            throw bad("tag must be at most 64 printable ASCII characters");
        }
        return new NewOrder(account, clientId, venue, symbol, side, type, tif, postOnly, reduceOnly, quantity, price, stop, tag);
    }

    private void replace(RoutingContext ctx) {
        Grant g = Grant.of(ctx);
        long id = orderId(ctx);
        JsonNode b = JsonBody.object(ctx, Set.of("quantity", "price"));
        BigDecimal quantity = decimal(b, "quantity", false, false);
        BigDecimal price = decimal(b, "price", false, false);
        if (quantity == null && price == null) {
            throw bad("a replace names a new quantity, price or both");
        }
        answer(ctx, engine.ask(e -> e.replace(g.user(), id, quantity, price)));
    }

    private void orders(RoutingContext ctx) {
        Grant g = Grant.of(ctx);
        String account = optionalName(ctx.request().getParam("account"), "account");
        String status = ctx.request().getParam("status", "all");
        if (!status.equals("open") && !status.equals("all")) {
            throw bad("status must be open or all; got \"" + cut(status) + "\"");
        }
        int limit = QueryParams.bounded(ctx, "limit", 100, 1, MAX_LIST);
        read(ctx, g, account, (ids) -> {
            List<Map<String, Object>> out = new ArrayList<>();
            for (Journal.OrderRow r : db.orders(new ArrayList<>(ids.keySet()), status.equals("open"), limit)) {
                out.add(orderView(r, ids.get(r.accountId())));
            }
            return Map.of("orders", out);
        });
    }

    private void order(RoutingContext ctx) {
        Grant g = Grant.of(ctx);
        long id = orderId(ctx);
        read(ctx, g, null, ids -> {
            Journal.OrderRow r = db.order(id);
            if (r == null || !ids.containsKey(r.accountId())) {
                throw new HttpProblem(404, "not_found", "no order " + id + " of yours");
            }
            Map<String, Object> m = orderView(r, ids.get(r.accountId()));
            List<Map<String, Object>> transitions = new ArrayList<>();
            for (Journal.EventRow e : db.transitions(r)) {
                Map<String, Object> t = new LinkedHashMap<>();
                t.put("status", e.state());
                t.put("filled", EmsOrder.plain(e.filled()));
                t.put("reason", e.reason());
                t.put("time", Timestamps.toIso(e.at()));
                transitions.add(t);
            }
            m.put("transitions", transitions);
            return m;
        });
    }

    private void fills(RoutingContext ctx) {
        Grant g = Grant.of(ctx);
        String account = optionalName(ctx.request().getParam("account"), "account");
        long since = since(ctx);
        String order = ctx.request().getParam("order");
        Long orderId = order == null ? null : parseId(order);
        int limit = QueryParams.bounded(ctx, "limit", 100, 1, MAX_LIST);
        read(ctx, g, account, ids -> {
            List<Map<String, Object>> out = new ArrayList<>();
            for (Journal.FillRow f : db.fills(new ArrayList<>(ids.keySet()), since, orderId, limit)) {
                out.add(fillView(f, ids.get(f.accountId())));
            }
            return Map.of("fills", out);
        });
    }

    private void perAccount(RoutingContext ctx, String what) {
        Grant g = Grant.of(ctx);
        String account = optionalName(ctx.request().getParam("account"), "account");
        read(ctx, g, account, ids -> {
            List<Map<String, Object>> out = new ArrayList<>();
            for (var a : ids.entrySet()) {
                if (what.equals("balances")) {
                    for (Journal.BalanceRow b : db.balances(a.getKey())) {
                        out.add(balanceView(a.getValue(), b));
                    }
                } else {
                    for (Journal.PositionRow p : db.positions(a.getKey())) {
                        out.add(positionView(a.getValue(), p, engine.mark(p.venue(), p.symbol()), engine.inverse(p.venue(), p.symbol())));
                    }
                }
            }
            return Map.of(what, out);
        });
    }

    static Map<String, Object> fillView(Journal.FillRow f, String account) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", Long.toString(f.id()));
        m.put("order_id", Long.toString(f.orderId()));
        m.put("account", account);
        m.put("venue", f.venue());
        m.put("symbol", f.symbol());
        m.put("side", f.side().toLowerCase(Locale.ROOT));
        m.put("price", EmsOrder.plain(f.price()));
        m.put("quantity", EmsOrder.plain(f.quantity()));
        m.put("fee", EmsOrder.plain(f.fee()));
        m.put("fee_asset", f.feeAsset());
        m.put("liquidity", f.liquidity());
        if (f.venueTradeId() != null) {
            m.put("venue_trade_id", f.venueTradeId());
        }
        m.put("time", Timestamps.toIso(f.at()));
        return m;
    }

    static Map<String, Object> balanceView(String account, Journal.BalanceRow b) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("account", account);
        m.put("asset", b.asset());
        m.put("amount", EmsOrder.plain(b.amount()));
        return m;
    }

    /** A position as the APIs show it; {@code inverse}: an inverse contract's, whose profit is in its coin. */
    static Map<String, Object> positionView(String account, Journal.PositionRow p, BigDecimal mark, boolean inverse) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("account", account);
        m.put("venue", p.venue());
        m.put("symbol", p.symbol());
        m.put("quantity", EmsOrder.plain(p.quantity()));
        m.put("average_price", EmsOrder.plain(p.averagePrice()));
        m.put("realized", EmsOrder.plain(p.realized()));
        m.put("fees", EmsOrder.plain(p.fees()));
        m.put("funding", EmsOrder.plain(p.funding()));
        m.put("mark", EmsOrder.plain(mark));
        m.put("unrealized", mark == null || p.quantity().signum() == 0 ? "0" : EmsOrder.plain(inverse
                ? io.dpp.trading.portfolio.Contracts.inverseProfit(p.quantity(), p.averagePrice(), mark)
                : p.quantity().multiply(mark.subtract(p.averagePrice()))));
        return m;
    }

    /** A stored order as the APIs show it (the same fields as {@link EmsOrder#view()}). */
    static Map<String, Object> orderView(Journal.OrderRow r, String account) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", Long.toString(r.id()));
        m.put("client_order_id", r.clientOrderId());
        m.put("account", account);
        m.put("venue", r.venue());
        m.put("symbol", r.symbol());
        m.put("side", r.side().toLowerCase(Locale.ROOT));
        m.put("type", r.type().toLowerCase(Locale.ROOT));
        m.put("time_in_force", r.timeInForce().toLowerCase(Locale.ROOT));
        m.put("post_only", r.postOnly());
        m.put("reduce_only", r.reduceOnly());
        m.put("quantity", EmsOrder.plain(r.quantity()));
        m.put("price", EmsOrder.plain(r.limit()));
        m.put("stop_price", EmsOrder.plain(r.stop()));
        m.put("status", r.state());
        m.put("filled", EmsOrder.plain(r.filled()));
        m.put("average_price", EmsOrder.plain(r.averagePrice()));
        m.put("fees", EmsOrder.plain(r.fees()));
        m.put("reason", r.reason());
        m.put("tag", r.tag());
        m.put("created", Timestamps.toIso(r.created()));
        m.put("updated", Timestamps.toIso(r.updated()));
        return m;
    }

    // ---- plumbing --------------------------------------------------------------------------------

    private interface Read {
        Object run(Map<Long, String> accountIds) throws Exception;
    }

    /**
     * Asks the engine for the caller's account ids (one account's when named: 404 if not the
     * caller's), then runs {@code read} against the database off the event loop.
     */
    @SuppressWarnings("unchecked")
    private void read(RoutingContext ctx, Grant g, String account, Read read) {
        engine.ask(e -> e.accountIds(g.user(), account)).whenComplete((reply, error) -> ctx.vertx().runOnContext(v -> {
            if (error != null) {
                ctx.fail(unwrap(error));
                return;
            }
            Map<Long, String> ids = (Map<Long, String>) reply.body();
            ctx.vertx().executeBlocking(() -> read.run(ids), false).onComplete(r -> {
                if (r.failed()) {
                    ctx.fail(r.cause() instanceof HttpProblem ? r.cause()
                            : new HttpProblem(503, "unavailable", io.dpp.runtime.http.PublicErrors.message("the EMS database", r.cause())));
                    return;
                }
                JsonBody.send(ctx, 200, r.result());
            });
        }));
    }

    private static void answer(RoutingContext ctx, CompletableFuture<Reply> reply) {
        reply.whenComplete((r, error) -> ctx.vertx().runOnContext(v -> {
            if (error != null) {
                ctx.fail(unwrap(error));
            } else {
                JsonBody.send(ctx, r.status(), r.body());
            }
        }));
    }

    private static Throwable unwrap(Throwable t) {
        return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    }

    private static String text(JsonNode b, String field, boolean required) {
        JsonNode v = b.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw bad(field + " is required");
            }
            return null;
        }
        if (!v.isTextual()) {
            throw bad(field + " must be a string");
        }
        return v.textValue();
    }

    private static boolean bool(JsonNode b, String field) {
        JsonNode v = b.get(field);
        if (v == null || v.isNull()) {
            return false;
        }
        if (!v.isBoolean()) {
            throw bad(field + " must be true or false");
        }
        return v.booleanValue();
    }

    /**
     * An exact decimal given as a string (or a JSON number), positive (or, when {@code signed}, not
     * zero), at most 10^20 with at most 18 decimals.
     */
    static BigDecimal decimal(JsonNode b, String field, boolean required, boolean signed) {
        JsonNode v = b.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw bad(field + " is required");
            }
            return null;
        }
        BigDecimal d;
        if (v.isTextual()) {
            String s = v.textValue().trim();
            if (s.length() > 48) {
                throw bad(field + " must be a decimal number of at most 48 characters");
            }
            try {
                d = new BigDecimal(s);
            } catch (NumberFormatException e) {
                throw bad(field + " must be a decimal number such as \"0.015\"; got \"" + cut(s) + "\"");
            }
        } else if (v.isNumber()) {
            d = v.decimalValue();
        } else {
            throw bad(field + " must be a decimal number, best sent as a string (\"0.015\")");
        }
        d = d.stripTrailingZeros();
        if (d.scale() > 18 || d.abs().compareTo(MAX_DECIMAL) >= 0) {
            throw bad(field + " must have at most 18 decimals and be below 10^20; got " + cut(d.toPlainString()));
        }
        if (signed ? d.signum() == 0 : d.signum() <= 0) {
            throw bad(field + " must be " + (signed ? "non-zero" : "positive") + "; got " + d.toPlainString());
        }
        if (d.scale() < 0) {
            d = d.setScale(0);
        }
        return d;
    }

    private static Limits limits(JsonNode b) {
        Integer open = integer(b, "max_open_orders", 1, Limits.MAX_OPEN_ORDERS);
        Integer rate = integer(b, "orders_per_second", 1, Limits.MAX_ORDERS_PER_SECOND);
        BigDecimal band = decimal(b, "price_band", false, false);
        if (band != null && band.compareTo(BigDecimal.ONE) > 0) {
            throw bad("price_band must be above 0 and at most 1 (a fraction of the mid)");
        }
        return new Limits(decimal(b, "max_order_quantity", false, false), decimal(b, "max_order_notional", false, false),
                decimal(b, "max_position", false, false), open, rate, band);
    }

    private static Integer integer(JsonNode b, String field, int min, int max) {
        JsonNode v = b.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() < min || v.intValue() > max) {
            throw bad(field + " must be a whole number from " + min + " to " + max);
        }
        return v.intValue();
    }

    private static String reason(RoutingContext ctx) {
        String r = text(JsonBody.object(ctx, Set.of("reason")), "reason", false);
        if (r != null && (r.length() > 200 || !r.chars().allMatch(c -> c >= 0x20 && c != 0x7f))) {
            throw bad("reason must be at most 200 printable characters");
        }
        return r;
    }

    private void admin(RoutingContext ctx) {
        Grant g = Grant.of(ctx);
        if (!"open".equals(g.keyId()) && !g.admin() && !admins.contains(g.user())) {
            throw new HttpProblem(403, "forbidden", "only admins (the admin role, or users listed in ems.admins) may set or clear"
                    + " the global kill switch");
        }
    }

    static String name(String name, String field) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw bad(field + " must be 1-64 letters, digits or . _ -, starting with a letter or digit; got \"" + cut(name) + "\"");
        }
        return name;
    }

    private static String optionalName(String name, String field) {
        return name == null ? null : name(name, field);
    }

    private static long orderId(RoutingContext ctx) {
        return parseId(ctx.pathParam("id"));
    }

    private static long parseId(String s) {
        try {
            long id = Long.parseLong(s);
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw bad("an order id is a positive whole number; got \"" + cut(s) + "\"");
    }

    private static long since(RoutingContext ctx) {
        String s = ctx.request().getParam("since");
        if (s == null || s.isBlank()) {
            return Long.MIN_VALUE;
        }
        try {
            return Timestamps.parseTimeOrDate(s.trim());
        } catch (RuntimeException e) {
            throw bad("since must be an ISO-8601 UTC time such as 2024-01-01T00:00:00Z; got \"" + cut(s) + "\"");
        }
    }

    private static String cut(String s) {
        return s == null ? "null" : s.length() > 64 ? s.substring(0, 64) + "..." : s;
    }

    private static HttpProblem bad(String message) {
        return new HttpProblem(400, "bad_request", message);
    }
}
