package io.dpp.sim.trading;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dpp.trading.live.BalanceRead;
import io.dpp.trading.live.HttpCall;
import io.dpp.trading.live.VenueKey;
import io.dpp.trading.live.VenueSigner;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The simulator's venue accounts: API keys it issued (through {@code POST /sim/accounts}) with
 * their balances, and the private REST calls it answers for them in each venue's own protocol,
 * after checking the request's signature by the venue's documented rules ({@link VenueSigner})
 * and, on Kraken, that the nonce increases. A refusal is worded and shaped as the venue words it.
 */
public final class SimAccounts {

    /** One account of a venue, known by its key. */
    static final class Account {
        final String venue;
        final VenueKey key;
        final Map<String, BigDecimal> balances = new TreeMap<>();
        long lastNonce;
        /** Orders and trades, once the account trades. */
        SimSpotExchange spot;

        synchronized SimSpotExchange spot() {
            if (spot == null) {
                spot = new SimSpotExchange(balances, 1 + (System.nanoTime() & 0xffffff));
                if (venue.equals("kraken") || venue.equals("coinbase")) {
                    spot.feeInQuote(); // Kraken and Coinbase charge spot fees in the quote currency
                }
                if (venue.equals("binance-futures")) {
                    spot.linear(BinanceFuturesSim.LEVERAGE); // USD-M perpetuals, one-way mode
                }
                if (venue.equals("bybit")) {
                    spot.linear(BybitSim.LEVERAGE); // USDT-margined contracts, one-way mode
                }
                if (venue.equals("deribit")) {
                    spot.inverse(DeribitSim.LEVERAGE); // inverse perpetuals and futures: dollars traded, the wallet in the coin
                }
                if (venue.equals("bitmex")) {
                    spot.inverse(BitmexSim.LEVERAGE).feeScale(8); // XBTUSD: the wallet in XBT, fees in whole satoshis
                }
            }
            return spot;
        }

        /** What the balance call answers: the trading account's free and held amounts once it trades. */
        synchronized Map<String, BigDecimal> totals() {
            if (spot == null) {
                return balances;
            }
            Map<String, BigDecimal> out = new TreeMap<>(spot.free());
            spot.locked().forEach((k, v) -> out.merge(k, v, BigDecimal::add));
            return out;
        }

        Account(String venue, VenueKey key) {
            this.venue = venue;
            this.key = key;
        }
    }

    /** What the simulator answers: status and JSON body. */
    public record Answer(int status, String body) {
    }

    static final int MAX_ACCOUNTS = 10_000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Map<String, Account> accounts = new ConcurrentHashMap<>();

    /** Whether {@code path} of {@code venue} is a private call (or the venue's clock) this simulator answers. */
    public boolean handles(String venue, String path) {
        return VenueSigner.VENUES.contains(venue) && path.equals(BalanceRead.request(venue).path())
                || venue.equals("binance") && (BinanceSpotSim.PATHS.contains(path) || path.equals(BinanceSpotSim.TIME))
                || venue.equals("binance-futures") && (BinanceFuturesSim.PATHS.contains(path) || path.equals(BinanceFuturesSim.TIME)
                        || path.equals(BinanceFuturesSim.LISTEN_KEY))
                || venue.equals("okx") && (OkxSpotSim.PATHS.contains(path) || path.equals(OkxSpotSim.TIME))
                || venue.equals("bybit") && (BybitSim.PATHS.contains(path) || path.equals(BybitSim.TIME))
                || venue.equals("kraken") && (KrakenSpotSim.PATHS.contains(path) || path.equals(KrakenSpotSim.TIME)
                        || path.equals(KrakenSpotSim.TOKEN))
                || venue.equals("coinbase") && (CoinbaseSim.handles(path) || path.equals(CoinbaseSim.TIME))
                || venue.equals("deribit") && (DeribitSim.PATHS.contains(path) || path.equals(DeribitSim.TIME))
                || venue.equals("bitmex") && (BitmexSim.PATHS.contains(path) || path.equals(BitmexSim.TIME));
    }

    /**
     * {@code POST /sim/accounts}: {@code {"venue","api_key","secret","passphrase"?,"balances":{"BTC":"1.5"}}}
     * opens an account (or replaces the one of that key).
     */
    public Answer open(String body) {
        JsonNode b = object(body);
        if (b == null) {
            return problem(400, "the body must be a JSON object");
        }
        String venue = b.path("venue").asText("");
        if (!VenueSigner.VENUES.contains(venue)) {
            return problem(400, "venue must be one of " + String.join(", ", VenueSigner.VENUES));
        }
        String apiKey = b.path("api_key").asText("");
        String secret = b.path("secret").asText("");
        if (apiKey.isEmpty() || secret.isEmpty() || apiKey.length() > 256 || secret.length() > 4096) {
            return problem(400, "api_key and secret are required (at most 256 and 4096 characters)");
        }
        if (accounts.size() >= MAX_ACCOUNTS && !accounts.containsKey(venue + "|" + apiKey)) {
            return problem(409, "the simulator keeps at most " + MAX_ACCOUNTS + " accounts");
        }
        Account a = new Account(venue, new VenueKey(apiKey, secret, b.hasNonNull("passphrase") ? b.path("passphrase").asText() : null));
        try {
            // Assets by their usual names (Kraken's legacy codes, XXBT or ZUSD, are read as BTC and USD).
            b.path("balances").properties().forEach(e -> {
                String asset = e.getKey().toUpperCase(Locale.ROOT);
                a.balances.put(venue.equals("kraken") ? io.dpp.trading.live.KrakenAssets.dpp(asset) : asset, new BigDecimal(e.getValue().asText()));
            });
        } catch (NumberFormatException e) {
            return problem(400, "balances are {\"ASSET\": \"amount\"} with decimal amounts");
        }
        accounts.put(venue + "|" + apiKey, a);
        return new Answer(201, JSON.createObjectNode().put("venue", venue).put("api_key", a.key.masked())
                .put("balances", a.balances.size()).toString());
    }

    /**
     * {@code POST /sim/accounts/transfers}: {@code {"venue","api_key","asset","amount"}} moves an
     * amount in (a deposit) or, negative, out (a withdrawal) of an account's free balance, outside
     * its trading and without touching its orders.
     */
    public Answer transfer(String body) {
        JsonNode b = object(body);
        if (b == null) {
            return problem(400, "the body must be a JSON object");
        }
        String venue = b.path("venue").asText("");
        Account a = accounts.get(venue + "|" + b.path("api_key").asText(""));
        if (a == null) {
            return problem(404, "no account of that key at " + venue);
        }
        String asset = b.path("asset").asText("").toUpperCase(Locale.ROOT);
        BigDecimal amount;
        try {
            amount = new BigDecimal(b.path("amount").asText(""));
        } catch (NumberFormatException e) {
            return problem(400, "amount is a decimal (negative for a withdrawal)");
        }
        if (asset.isEmpty() || asset.length() > 20) {
            return problem(400, "asset is required (at most 20 characters)");
        }
        String named = venue.equals("kraken") ? io.dpp.trading.live.KrakenAssets.dpp(asset) : asset;
        synchronized (a) {
            if (a.spot != null) {
                if (!a.spot.transfer(named, amount)) {
                    return problem(409, "the account's free " + named + " is below " + amount.negate().toPlainString());
                }
            } else {
                BigDecimal after = a.balances.getOrDefault(named, BigDecimal.ZERO).add(amount);
                if (after.signum() < 0) {
                    return problem(409, "the account's " + named + " is below " + amount.negate().toPlainString());
                }
                a.balances.put(named, after);
            }
            return new Answer(200, JSON.createObjectNode().put("venue", venue).put("asset", named)
                    .put("balance", a.totals().getOrDefault(named, BigDecimal.ZERO).toPlainString()).toString());
        }
    }

    /**
     * Answers a call of {@code venue} (one {@link #handles} accepted) at the venue's clock {@code now}
     * (epoch ms); {@code books} finds the book an order of a symbol matches against (null: none).
     */
    public Answer serve(String venue, HttpCall call, long now, java.util.function.Function<String, SimBook> books) {
        if (venue.equals("binance") && call.path().equals(BinanceSpotSim.TIME)) {
            return new Answer(200, JSON.createObjectNode().put("serverTime", now).toString());
        }
        if (venue.equals("binance-futures") && call.path().equals(BinanceFuturesSim.TIME)) {
            return new Answer(200, JSON.createObjectNode().put("serverTime", now).toString());
        }
        if (venue.equals("okx") && call.path().equals(OkxSpotSim.TIME)) {
            return OkxSpotSim.time(now);
        }
        if (venue.equals("bybit") && call.path().equals(BybitSim.TIME)) {
            return BybitSim.time(now);
        }
        if (venue.equals("kraken") && call.path().equals(KrakenSpotSim.TIME)) {
            return KrakenSpotSim.time(now);
        }
        if (venue.equals("coinbase") && call.path().equals(CoinbaseSim.TIME)) {
            return CoinbaseSim.time(now);
        }
        if (venue.equals("deribit") && call.path().equals(DeribitSim.TIME)) {
            return DeribitSim.time(now);
        }
        if (venue.equals("bitmex") && call.path().equals(BitmexSim.TIME)) {
            return BitmexSim.time(now);
        }
        VenueSigner signer = VenueSigner.of(venue);
        String apiKey = signer.apiKey(call);
        Account a = apiKey == null ? null : accounts.get(venue + "|" + apiKey);
        if (a == null) {
            return refuse(venue, true, "Invalid API-key, IP, or permissions for action.");
        }
        String why = signer.check(call, a.key, now);
        if (why != null) {
            return refuse(venue, false, why);
        }
        if (venue.equals("kraken")) {
            long nonce;
            try {
                nonce = Long.parseLong(HttpCall.formValue(call.body(), "nonce"));
            } catch (NumberFormatException e) {
                return refuse(venue, false, "EAPI:Invalid nonce");
            }
            synchronized (a) {
                if (nonce <= a.lastNonce) {
                    return refuse(venue, false, "EAPI:Invalid nonce");
                }
                a.lastNonce = nonce;
            }
        }
        return serveAs(a, venue, call, now, books);
    }

    /** Answers a call of account {@code a} at {@code venue} whose sender is known already (a REST call's signature checked, or a socket logged in). */
    Answer serveAs(Account a, String venue, HttpCall call, long now, java.util.function.Function<String, SimBook> books) {
        synchronized (a) {
            if (a.spot != null) {
                a.spot.deadMan(now * 1000); // a dead man's switch that ran out has canceled the orders by now
            }
        }
        if (venue.equals("kraken") && call.path().equals(KrakenSpotSim.TOKEN)) {
            return token(a, now);
        }
        if (venue.equals("binance-futures") && call.path().equals(BinanceFuturesSim.LISTEN_KEY)) {
            return listenKey(a, call.method(), now);
        }
        if (venue.equals("binance") && BinanceSpotSim.PATHS.contains(call.path())) {
            return BinanceSpotSim.serve(a.spot(), call, books, now);
        }
        if (venue.equals("binance-futures") && BinanceFuturesSim.PATHS.contains(call.path())) {
            return BinanceFuturesSim.serve(a.spot(), call, books, now);
        }
        if (venue.equals("okx") && OkxSpotSim.PATHS.contains(call.path())) {
            return OkxSpotSim.serve(a.spot(), call, books, now);
        }
        if (venue.equals("bybit") && BybitSim.PATHS.contains(call.path())) {
            return BybitSim.serve(a.spot(), call, books, now);
        }
        if (venue.equals("kraken") && KrakenSpotSim.PATHS.contains(call.path())) {
            return KrakenSpotSim.serve(a.spot(), call, books, now);
        }
        if (venue.equals("coinbase") && CoinbaseSim.handles(call.path())) {
            return CoinbaseSim.serve(a.spot(), call, books, now);
        }
        if (venue.equals("deribit") && DeribitSim.PATHS.contains(call.path())) {
            return DeribitSim.serve(a.spot(), call, books, now);
        }
        if (venue.equals("bitmex") && BitmexSim.PATHS.contains(call.path())) {
            return BitmexSim.serve(a.spot(), call, books, now);
        }
        synchronized (a) {
            return new Answer(200, balances(venue, a.totals()).toString());
        }
    }

    /** The private stream connections open now, by venue. */
    private final Map<String, java.util.Set<PrivateSim>> streams = new ConcurrentHashMap<>();

    /** Whether {@code path} of {@code venue} is its private stream. */
    public boolean streams(String venue, String path) {
        return switch (venue) {
            case "okx" -> path.equals(OkxPrivateSim.PATH);
            case "binance" -> path.equals(BinancePrivateSim.PATH);
            case "binance-futures" -> path.startsWith(BinanceUsdmPrivateSim.PATH) && path.length() > BinanceUsdmPrivateSim.PATH.length();
            case "kraken" -> path.equals(KrakenPrivateSim.PATH);
            case "bybit" -> path.equals(BybitPrivateSim.PATH);
            case "coinbase" -> path.equals(CoinbasePrivateSim.PATH);
            case "deribit" -> path.equals(DeribitPrivateSim.PATH);
            case "bitmex" -> path.equals(BitmexPrivateSim.PATH);
            default -> false;
        };
    }

    /** A listen key (Binance USD-M's): the account it streams, and when it expires unless renewed (epoch ms). */
    private record ListenKey(Account account, long expires) {
    }

    private final Map<String, ListenKey> listenKeys = new ConcurrentHashMap<>();
    /** How long a listen key lives without a keepalive. */
    static final long LISTEN_KEY_LIFE_MILLIS = 60 * 60_000;

    /**
     * {@code POST}, {@code PUT} and {@code DELETE .../listenKey}: the account's listen key made (or,
     * active, given again), extended for 60 minutes, or closed; {@code -1125} when it has none.
     */
    private Answer listenKey(Account a, String method, long nowMillis) {
        listenKeys.values().removeIf(k -> k.expires() < nowMillis);
        String active = null;
        for (Map.Entry<String, ListenKey> e : listenKeys.entrySet()) {
            if (e.getValue().account() == a) {
                active = e.getKey();
            }
        }
        switch (method) {
            case "POST" -> {
                if (active == null) {
                    byte[] raw = new byte[48];
                    new java.security.SecureRandom().nextBytes(raw);
                    active = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
                }
                listenKeys.put(active, new ListenKey(a, nowMillis + LISTEN_KEY_LIFE_MILLIS));
                return new Answer(200, JSON.createObjectNode().put("listenKey", active).toString());
            }
            case "PUT" -> {
                if (active == null) {
                    return BinanceFuturesSim.error(400, -1125, "This listenKey does not exist.");
                }
                listenKeys.put(active, new ListenKey(a, nowMillis + LISTEN_KEY_LIFE_MILLIS));
                return new Answer(200, JSON.createObjectNode().put("listenKey", active).toString());
            }
            case "DELETE" -> {
                if (active != null) {
                    listenKeys.remove(active);
                }
                return new Answer(200, "{}");
            }
            default -> {
                return BinanceFuturesSim.error(405, -1100, "POST, PUT or DELETE");
            }
        }
    }

    /** A private stream token (Kraken's): the account it was given to, and when (epoch ms). */
    private record Token(Account account, long given) {
    }

    private final Map<String, Token> tokens = new ConcurrentHashMap<>();
    /** Most tokens kept at once (each lives 15 minutes). */
    static final int MAX_TOKENS = 100_000;

    /** {@code GetWebSocketsToken}: a token for one connection, to subscribe with within 15 minutes. */
    private Answer token(Account a, long nowMillis) {
        byte[] raw = new byte[32];
        new java.security.SecureRandom().nextBytes(raw);
        String token = java.util.Base64.getEncoder().withoutPadding().encodeToString(raw);
        tokens.values().removeIf(t -> nowMillis - t.given() > KrakenPrivateSim.TOKEN_LIFE_MILLIS); // bounded: only live tokens kept
        if (tokens.size() >= MAX_TOKENS) {
            return refuse("kraken", false, "EAPI:Rate limit exceeded");
        }
        tokens.put(token, new Token(a, nowMillis));
        ObjectNode answer = JSON.createObjectNode();
        answer.putArray("error");
        answer.putObject("result").put("token", token).put("expires", KrakenPrivateSim.TOKEN_LIFE_MILLIS / 1000);
        return new Answer(200, answer.toString());
    }

    private Account tokenAccount(String token, long nowMillis) {
        Token t = tokens.get(token);
        return t == null || nowMillis - t.given() > KrakenPrivateSim.TOKEN_LIFE_MILLIS ? null : t.account();
    }

    /**
     * How a private stream that takes orders (Deribit's) has them answered: as the venue's REST call
     * {@code call} of the logged-in account, through the order-entry faults armed; null when the venue
     * takes the call and never answers (the timeout fault).
     */
    public interface Entry {
        Answer enter(HttpCall call, java.util.function.Supplier<Answer> serve);
    }

    /** Serves a connection to {@code venue}'s private stream; {@code venueNowMillis} is the venue's clock. */
    public void privateStream(String venue, io.vertx.core.http.ServerWebSocket ws, java.util.function.LongSupplier venueNowMillis) {
        privateStream(venue, ws, venueNowMillis, symbol -> null, (call, serve) -> serve.get());
    }

    /**
     * Serves a connection to {@code venue}'s private stream; {@code venueNowMillis} is the venue's
     * clock, and a stream that takes orders matches them against {@code books} through {@code entry}.
     */
    public void privateStream(String venue, io.vertx.core.http.ServerWebSocket ws, java.util.function.LongSupplier venueNowMillis,
                              java.util.function.Function<String, SimBook> books, Entry entry) {
        java.util.function.Function<String, Account> byKey = key -> accounts.get(venue + "|" + key);
        PrivateSim s = switch (venue) {
            case "okx" -> new OkxPrivateSim(ws, byKey, venueNowMillis);
            case "binance-futures" -> {
                String key = ws.path().substring(ws.path().lastIndexOf('/') + 1);
                ListenKey k = listenKeys.get(key);
                yield new BinanceUsdmPrivateSim(ws, k == null || k.expires() < venueNowMillis.getAsLong() ? null : k.account(), key, venueNowMillis);
            }
            case "kraken" -> new KrakenPrivateSim(ws, this::tokenAccount, venueNowMillis);
            case "bybit" -> new BybitPrivateSim(ws, byKey, venueNowMillis);
            case "coinbase" -> new CoinbasePrivateSim(ws, byKey, venueNowMillis);
            case "deribit" -> new DeribitPrivateSim(ws, byKey, venueNowMillis,
                    (a, call) -> entry.enter(call, () -> serveAs(a, venue, call, venueNowMillis.getAsLong(), books)));
            case "bitmex" -> new BitmexPrivateSim(ws, byKey, venueNowMillis);
            default -> new BinancePrivateSim(ws, byKey, venueNowMillis);
        };
        java.util.Set<PrivateSim> open = streams.computeIfAbsent(venue, k -> ConcurrentHashMap.newKeySet());
        open.add(s);
        ws.closeHandler(v -> {
            open.remove(s);
            s.close();
        });
        s.open();
    }

    /** Drops every private stream connection of {@code venue} at once, as a venue's failing gateway does; how many. */
    public int dropStreams(String venue) {
        java.util.Set<PrivateSim> open = streams.getOrDefault(venue, java.util.Set.of());
        int n = 0;
        for (PrivateSim s : List.copyOf(open)) {
            s.drop();
            n++;
        }
        return n;
    }

    /**
     * Forgets the subscriptions of every private stream connection of {@code venue}, as a restart of
     * its stream service does (the connections stay open); how many, or -1 where the venue's stream
     * keeps no subscription apart from its connection.
     */
    public int forgetStreams(String venue) {
        if (!venue.equals("binance") && !venue.equals("binance-futures")) {
            return -1;
        }
        listenKeys.values().removeIf(k -> k.account().venue.equals(venue)); // a restart that forgets the listen keys
        int n = 0;
        for (PrivateSim s : List.copyOf(streams.getOrDefault(venue, java.util.Set.of()))) {
            s.forget();
            n++;
        }
        return n;
    }

    /**
     * Matches the working orders of {@code venue}'s accounts whose private stream is open against the
     * books now ({@code books} by symbol), as the venue's engine does on its own: their fills are
     * pushed as they happen, not when the account next calls.
     */
    public void sweepStreamed(String venue, java.util.function.Function<String, SimBook> books, long nowMillis) {
        if (streams.getOrDefault(venue, java.util.Set.of()).isEmpty()) {
            return;
        }
        for (Account a : accounts.values()) {
            SimSpotExchange x;
            synchronized (a) {
                x = a.venue.equals(venue) ? a.spot : null;
            }
            if (x != null && x.listened()) {
                for (String symbol : x.workingSymbols()) {
                    x.sweep(books.apply(symbol), nowMillis * 1000);
                }
            }
        }
    }

    /**
     * The next {@code count} trade lists every trading account of {@code venue} answers (its fills
     * queries, and Binance's order answers) repeat each trade, out of order; the number of accounts armed.
     */
    public int echoTrades(String venue, int count) {
        int armed = 0;
        for (Account a : accounts.values()) {
            if (a.venue.equals(venue)) {
                a.spot().echo(count);
                armed++;
            }
        }
        return armed;
    }

    /**
     * {@code GET /sim/accounts?venue=&api_key=}: the venue's ground truth of one account: its
     * balances, every order (with how many placements asked for its client order id), every trade
     * and, for a margined account, its open positions. What a test compares the EMS's books with; null when there is no such account.
     */
    public Answer truth(String venue, String apiKey) {
        Account a = accounts.get(venue + "|" + apiKey);
        if (a == null) {
            return problem(404, "no account of key " + apiKey + " at " + venue);
        }
        ObjectNode root = JSON.createObjectNode().put("venue", venue);
        synchronized (a) {
            ObjectNode balances = root.putObject("balances");
            a.totals().forEach((asset, amount) -> balances.put(asset, amount.toPlainString()));
            SimSpotExchange x = a.spot();
            x.deadMan(System.currentTimeMillis() * 1000);
            root.put("echoes_left", x.echoesLeft());
            // When the account's dead man's switch fires (ISO time), null while disarmed.
            root.put("cancel_all_at", x.cancelAllAt() == 0 ? null : java.time.Instant.ofEpochMilli(x.cancelAllAt() / 1000).toString());
            if (!x.cancelSymbolAt().isEmpty()) {
                // Per-symbol switches (Binance USD-M's countdown): when each fires, by symbol.
                ObjectNode bySymbol = root.putObject("cancel_symbol_at");
                x.cancelSymbolAt().forEach((symbol, at) -> bySymbol.put(symbol, java.time.Instant.ofEpochMilli(at / 1000).toString()));
            }
            Map<String, Integer> placements = x.placements();
            ArrayNode orders = root.putArray("orders");
            for (SimSpotExchange.Order o : x.allOrders()) {
                orders.addObject().put("client_order_id", o.clientOrderId).put("order_id", o.id).put("symbol", o.symbol)
                        .put("side", o.buy ? "buy" : "sell").put("status", o.status).put("quantity", o.quantity.toPlainString())
                        .put("price", o.price == null ? null : o.price.toPlainString())
                        .put("filled", o.filled.toPlainString()).put("placements", placements.getOrDefault(o.clientOrderId, 0));
            }
            ObjectNode asked = root.putObject("placements");
            placements.forEach(asked::put);
            if (x.isLinear()) {
                // A margined account's open positions: signed quantity and entry price, by symbol.
                ObjectNode positions = root.putObject("positions");
                x.positions().forEach((symbol, p) -> positions.putObject(symbol).put("quantity", p.quantity().toPlainString())
                        .put("entry_price", p.entry().toPlainString()));
            }
            ArrayNode trades = root.putArray("trades");
            for (SimSpotExchange.Trade t : x.allTrades()) {
                // The trade's id as the venue's API names it (Kraken's look like "THVRQM-33VKH-UCI7BS", Deribit's "BTC-12").
                trades.addObject().put("trade_id", venue.equals("kraken") ? KrakenSpotSim.id('T', t.id())
                                : venue.equals("deribit") ? DeribitSim.tradeId(t) : venue.equals("bitmex") ? BitmexSim.execId(t)
                                : Long.toString(t.id()))
                        .put("client_order_id", t.order().clientOrderId)
                        .put("price", t.price().toPlainString()).put("quantity", t.quantity().toPlainString())
                        .put("fee", t.commission().toPlainString()).put("fee_asset", t.commissionAsset())
                        .put("realized", t.realized().toPlainString());
            }
        }
        return new Answer(200, root.toString());
    }

    private static JsonNode balances(String venue, Map<String, BigDecimal> balances) {
        ObjectNode root = JSON.createObjectNode();
        switch (venue) {
            case "binance" -> {
                ArrayNode list = root.put("makerCommission", 10).put("takerCommission", 10).put("canTrade", true)
                        .put("accountType", "SPOT").putArray("balances");
                balances.forEach((asset, amount) -> list.addObject().put("asset", asset).put("free", amount.toPlainString()).put("locked", "0"));
            }
            case "binance-futures" -> {
                ArrayNode list = JSON.createArrayNode();
                balances.forEach((asset, amount) -> list.addObject().put("accountAlias", "SgsR").put("asset", asset)
                        .put("balance", amount.toPlainString()).put("availableBalance", amount.toPlainString()));
                return list;
            }
            case "okx" -> {
                root.put("code", "0").put("msg", "");
                ArrayNode details = root.putArray("data").addObject().putArray("details");
                balances.forEach((asset, amount) -> details.addObject().put("ccy", asset).put("cashBal", amount.toPlainString())
                        .put("availBal", amount.toPlainString()));
            }
            case "bybit" -> {
                root.put("retCode", 0).put("retMsg", "OK");
                ArrayNode coins = root.putObject("result").putArray("list").addObject().put("accountType", "UNIFIED").putArray("coin");
                balances.forEach((asset, amount) -> coins.addObject().put("coin", asset).put("walletBalance", amount.toPlainString()));
            }
            case "kraken" -> {
                root.putArray("error");
                ObjectNode result = root.putObject("result");
                balances.forEach((asset, amount) -> result.put(io.dpp.trading.live.KrakenAssets.kraken(asset), amount.toPlainString()));
            }
            case "coinbase" -> {
                ArrayNode list = root.putArray("accounts");
                balances.forEach((asset, amount) -> {
                    ObjectNode acc = list.addObject().put("uuid", java.util.UUID.nameUUIDFromBytes(asset.getBytes()).toString())
                            .put("currency", asset);
                    acc.putObject("available_balance").put("value", amount.toPlainString()).put("currency", asset);
                    acc.putObject("hold").put("value", "0").put("currency", asset);
                });
                root.put("has_next", false).put("size", balances.size());
            }
            case "deribit" -> {
                root.put("jsonrpc", "2.0");
                ArrayNode list = root.putObject("result").putArray("summaries");
                // Plain numbers, as Deribit writes them.
                balances.forEach((asset, amount) -> list.addObject().put("currency", asset).put("balance", new BigDecimal(amount.toPlainString()))
                        .put("equity", new BigDecimal(amount.toPlainString())));
            }
            case "bitmex" -> {
                ArrayNode list = JSON.createArrayNode();
                balances.forEach((asset, amount) -> {
                    String currency = asset.equals("BTC") ? "XBt" : asset.equals("USDT") ? "USDt" : asset;
                    BigDecimal raw = asset.equals("BTC") ? amount.movePointRight(8) : asset.equals("USDT") ? amount.movePointRight(6) : amount;
                    list.addObject().put("account", 1).put("currency", currency).put("walletBalance", raw.toBigInteger());
                });
                return list;
            }
            default -> throw new IllegalArgumentException(venue);
        }
        return root;
    }

    /** Whether {@code call} places an order at {@code venue} (what order-entry faults hit). */
    public static boolean isPlace(String venue, HttpCall call) {
        if (venue.equals("deribit")) {
            return call.method().equals("GET") && (call.path().equals(DeribitSim.PREFIX + "buy") || call.path().equals(DeribitSim.PREFIX + "sell"));
        }
        return call.method().equals("POST") && switch (venue) {
            case "binance" -> call.path().equals("/api/v3/order");
            case "binance-futures" -> call.path().equals("/fapi/v1/order");
            case "okx" -> call.path().equals("/api/v5/trade/order");
            case "bybit" -> call.path().equals("/v5/order/create");
            case "kraken" -> call.path().equals(KrakenSpotSim.PLACE);
            case "coinbase" -> call.path().equals(CoinbaseSim.PREFIX);
            case "bitmex" -> call.path().equals(BitmexSim.ORDER);
            default -> false;
        };
    }

    /** Whether {@code call} amends an order in place at {@code venue} (what amendment faults hit). */
    public static boolean isAmend(String venue, HttpCall call) {
        return switch (venue) {
            case "binance" -> call.method().equals("PUT") && call.path().equals("/api/v3/order/amend/keepPriority");
            case "binance-futures" -> call.method().equals("PUT") && call.path().equals("/fapi/v1/order");
            case "okx" -> call.method().equals("POST") && call.path().equals("/api/v5/trade/amend-order");
            case "bybit" -> call.method().equals("POST") && call.path().equals("/v5/order/amend");
            case "kraken" -> call.method().equals("POST") && call.path().equals("/0/private/AmendOrder");
            case "coinbase" -> call.method().equals("POST") && call.path().equals(CoinbaseSim.PREFIX + "/edit");
            case "deribit" -> call.method().equals("GET") && call.path().equals(DeribitSim.PREFIX + "edit");
            case "bitmex" -> call.method().equals("PUT") && call.path().equals(BitmexSim.ORDER);
            default -> false;
        };
    }

    /** The venue's generic refusal of a new order (a reject storm), in its own shape. */
    public static Answer genericReject(String venue, long nowMillis) {
        return switch (venue) {
            case "binance" -> new Answer(400, JSON.createObjectNode().put("code", -2010).put("msg", "New order rejected.").toString());
            case "binance-futures" -> new Answer(400, JSON.createObjectNode().put("code", -2010).put("msg", "NEW_ORDER_REJECTED").toString());
            case "okx" -> {
                ObjectNode b = JSON.createObjectNode().put("code", "1").put("msg", "All operations failed");
                b.putArray("data").addObject().put("sCode", "51149").put("sMsg", "Order failed. Please try again later.");
                yield new Answer(200, b.toString());
            }
            case "bybit" -> new Answer(200, JSON.createObjectNode().put("retCode", 110094).put("retMsg", "Order does not meet minimum order value")
                    .put("time", nowMillis).toString());
            // A market halted to cancel-only: every new order is refused until it reopens.
            case "kraken" -> KrakenSpotSim.error("EService:Market in cancel_only mode");
            // The matching engine's refusal of a new order, with nothing more said.
            case "coinbase" -> CoinbaseSim.failed("", "COMMANDER_REJECTED_NEW_ORDER", "Order rejected", "UNKNOWN_PREVIEW_FAILURE_REASON");
            // A rejection the matching engine gives with its reason, seldom seen otherwise.
            case "deribit" -> DeribitSim.error(11030, "other_reject", "rejected by the matching engine");
            case "bitmex" -> BitmexSim.error(400, "ValidationError", "Order rejected: price outside the allowed band");
            default -> new Answer(400, JSON.createObjectNode().put("error", "rejected").toString());
        };
    }

    /** A refusal in the venue's shape: {@code unknownKey} for a key the venue does not know. */
    static Answer refuse(String venue, boolean unknownKey, String why) {
        ObjectNode b = JSON.createObjectNode();
        return switch (venue) {
            case "binance", "binance-futures" -> new Answer(401, b.put("code", unknownKey ? -2015 : why.startsWith("Timestamp") ? -1021 : -1022)
                    .put("msg", why).toString());
            case "okx" -> {
                String code = unknownKey ? "50111" : why.substring(0, Math.max(0, why.indexOf(':')));
                b.put("code", code.isEmpty() ? "50113" : code).put("msg", unknownKey ? "Invalid OK-ACCESS-KEY" : why.substring(why.indexOf(':') + 1).trim())
                        .putArray("data");
                yield new Answer(401, b.toString());
            }
            case "bybit" -> new Answer(401, b.put("retCode", unknownKey ? 10003 : Integer.parseInt(why.substring(0, why.indexOf(':'))))
                    .put("retMsg", unknownKey ? "API key is invalid." : why.substring(why.indexOf(':') + 1).trim()).toString());
            case "kraken" -> {
                b.putArray("error").add(unknownKey ? "EAPI:Invalid key" : why);
                yield new Answer(200, b.toString());
            }
            case "coinbase" -> new Answer(401, b.put("error", "UNAUTHENTICATED").put("message", why).toString());
            case "deribit" -> {
                b.put("jsonrpc", "2.0").putObject("error").put("code", unknownKey ? 13004 : Integer.parseInt(why.substring(0, why.indexOf(':'))))
                        .put("message", unknownKey ? "invalid_credentials" : why.substring(why.indexOf(':') + 1).trim());
                yield new Answer(400, b.toString());
            }
            case "bitmex" -> {
                b.putObject("error").put("message", why).put("name", "HTTPError");
                yield new Answer(401, b.toString());
            }
            default -> problem(404, "no venue " + venue);
        };
    }

    /** A request body read as a JSON object, or null when it is not one. */
    private static JsonNode object(String body) {
        try {
            JsonNode b = JSON.readTree(body);
            return b != null && b.isObject() ? b : null;
        } catch (java.io.IOException e) {
            return null;
        }
    }

    private static Answer problem(int status, String message) {
        return new Answer(status, JSON.createObjectNode().put("error", status == 404 ? "not_found" : "bad_request")
                .put("message", message).toString());
    }
}
