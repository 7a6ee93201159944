package io.dpp.ems.live;

import io.dpp.trading.live.HttpCall;
import io.dpp.trading.live.LiveOrder;
import io.dpp.trading.live.OrderProtocol;
import io.dpp.trading.live.VenueFill;
import io.dpp.trading.live.VenueKey;
import io.dpp.trading.live.VenueOrder;
import io.dpp.trading.live.VenueReject;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * One venue account's trading adapter: places, cancels and queries orders, lists the working ones
 * and the fills since a time, through the venue's {@link OrderProtocol}, signed with the account's
 * key at the venue's clock. Every call completes with an {@link Outcome}: the venue's answer read
 * into DPP's terms, or its refusal mapped to a reason (a timeout or a 5xx is a refusal whose
 * {@code stateUnknown} says the order must be looked up by its client order id before anything is
 * sent again). Never blocks a thread.
 */
public final class LiveVenue {

    /** A call's outcome: a value, or the venue's refusal. */
    public record Outcome<T>(T value, VenueReject reject, long roundTripNanos) {
        public boolean ok() {
            return reject == null;
        }
    }

    private final VenueHttp http;
    private final OrderProtocol protocol;
    private final VenueKey key;
    /** Order entry (places and cancels) kept within the venue's documented limit. */
    private final io.dpp.runtime.rate.TokenBucket entry;
    /** Whether the venue offers a dead man's switch for this account. */
    private final boolean cancelsOnDisconnect;
    private final boolean cancelsSymbolsOnDisconnect;
    /** Whether the account's calls go one at a time (a venue that needs increasing nonces). */
    private final boolean oneAtATime;
    /** The last call sent, where they go one at a time. */
    private CompletableFuture<?> previous = CompletableFuture.completedFuture(null);
    /**
     * The venue's REST allowance for this process's address, which the feeds' book snapshots spend
     * too (Binance's request weight, Bybit's requests per IP); null where the venue has none.
     */
    private final io.dpp.runtime.rate.VenueWeights.Weight address;
    /**
     * The account's private stream where order entry goes over it ({@link VenueStream#entersOrders}:
     * Deribit's socket, whose cancel-on-disconnect covers only the orders sent over it); null elsewhere.
     */
    private volatile VenueStream entryStream;
    /** How long a rate-limit answer without a Retry-After holds the venue's calls back. */
    static final long DEFAULT_PAUSE_SECONDS = 60;

    public LiveVenue(VenueHttp http, OrderProtocol protocol, VenueKey key) {
        this(http, protocol, key, System::nanoTime, null);
    }

    /** @param ticker nanoseconds for the order-entry limit ({@link System#nanoTime} outside tests) */
    public LiveVenue(VenueHttp http, OrderProtocol protocol, VenueKey key, java.util.function.LongSupplier ticker) {
        this(http, protocol, key, ticker, null);
    }

    /**
     * @param ticker  nanoseconds for the order-entry limit ({@link System#nanoTime} outside tests)
     * @param weights the venues' REST allowances of this process's address, shared with the feeds (null: not counted)
     */
    public LiveVenue(VenueHttp http, OrderProtocol protocol, VenueKey key, java.util.function.LongSupplier ticker,
                     io.dpp.runtime.rate.VenueWeights weights) {
        this.http = http;
        this.protocol = protocol;
        this.key = key;
        io.dpp.trading.live.OrderLimits limits = io.dpp.trading.live.OrderLimits.of(protocol.venue());
        this.address = weights == null || limits.addressWeight() == 0 ? null
                : weights.of(protocol.venue(), limits.addressWeight(), limits.addressWindow());
        this.entry = new io.dpp.runtime.rate.TokenBucket(limits.orders(), limits.window(), ticker);
        this.cancelsOnDisconnect = protocol.cancelAllAfter(0) != null;
        this.cancelsSymbolsOnDisconnect = protocol.cancelSymbolAfter("X", 0) != null;
        this.oneAtATime = io.dpp.trading.live.VenueSigner.of(protocol.venue()).increasingTime();
    }

    /** Null when an order may be entered now, else the refusal that keeps the account under the venue's limit. */
    private VenueReject overLimit() {
        long wait = entry.tryAcquire();
        if (wait == 0) {
            return null;
        }
        io.dpp.trading.live.OrderLimits l = io.dpp.trading.live.OrderLimits.of(protocol.venue());
        return new VenueReject(VenueReject.Reason.RATE_LIMITED, "dpp", "over " + protocol.venue() + "'s " + l.orders()
                + " orders per " + l.window().toMillis() + " ms; retry in " + Math.max(1, wait / 1_000_000) + " ms", true, false);
    }

    public String venue() {
        return protocol.venue();
    }

    /**
     * The venue's time as this process estimates it (epoch ms), and how far off the estimate may be:
     * the venue's clock resolution and a margin for the network's delay when it was measured.
     */
    public long clock() {
        return System.currentTimeMillis() + http.offset(protocol.venue());
    }

    public long clockUncertaintyMillis() {
        return 200 + protocol.clockResolutionMillis();
    }

    /** Measures the venue's clock; the offset in ms. */
    public CompletableFuture<Long> syncClock() {
        return http.syncClock(protocol.venue(), protocol.serverTime(), protocol::serverTime);
    }

    /** The order as the venue took it, with the fills it made at once (where the venue's answer carries them). */
    public record Placed(VenueOrder order, List<VenueFill> fills) {
    }

    public CompletableFuture<Outcome<Placed>> place(LiveOrder order) {
        return entry(() -> protocol.place(order), a -> new Placed(protocol.order(a), protocol.placeFills(a)), false);
    }

    public CompletableFuture<Outcome<VenueOrder>> cancel(String symbol, String clientOrderId) {
        return cancel(symbol, clientOrderId, null);
    }

    /**
     * Cancels an order, by the venue's id {@code venueOrderId} where known (null: not yet). Where the
     * venue cancels by its own id only ({@link OrderProtocol#byVenueOrderId}) and that is not known,
     * the order is found by its client order id first.
     */
    public CompletableFuture<Outcome<VenueOrder>> cancel(String symbol, String clientOrderId, String venueOrderId) {
        return withVenueId(symbol, clientOrderId, venueOrderId, id -> entry(() -> protocol.cancel(symbol, clientOrderId, id), protocol::canceled,
                true));
    }

    /** Runs {@code then} with the order's venue id, looked up first where the venue needs it and it is not known. */
    private <T> CompletableFuture<Outcome<T>> withVenueId(String symbol, String clientOrderId, String venueOrderId,
                                                         Function<String, CompletableFuture<Outcome<T>>> then) {
        if (venueOrderId != null || !protocol.byVenueOrderId()) {
            return then.apply(venueOrderId);
        }
        return query(symbol, clientOrderId, null).thenCompose(found -> found.ok() ? then.apply(found.value().venueOrderId())
                : CompletableFuture.completedFuture(new Outcome<>(null, found.reject(), found.roundTripNanos())));
    }

    /**
     * An order-entry call (a placement, a cancel, an amendment): refused here, nothing sent, when the
     * venue's API cannot express it ({@code invalid_order}), the account is at the venue's limit, or
     * the address's allowance at the venue is spent or held back by a rate-limit answer
     * ({@code rate_limited}, retryable); a cancel ({@code cancel}) goes even when the allowance is spent
     * (the feeds then wait), but not while the venue holds the address back.
     */
    private <T> CompletableFuture<Outcome<T>> entry(java.util.function.Supplier<HttpCall> make,
                                                   Function<com.fasterxml.jackson.databind.JsonNode, T> read, boolean cancel) {
        HttpCall call;
        try {
            call = make.get();
        } catch (IllegalArgumentException e) {
            return inexpressible(e);
        }
        VenueReject limited = overLimit();
        if (limited == null && address != null) {
            int units = protocol.weight(call);
            long wait = cancel ? address.pausedNanos() : address.tryTake(units);
            if (wait > 0) {
                limited = new VenueReject(VenueReject.Reason.RATE_LIMITED, "dpp", (address.pausedNanos() > 0
                        ? protocol.venue() + " holds this address's calls back after a rate-limit answer"
                        : "over " + protocol.venue() + "'s " + address.permits() + " request weight per " + address.window().toSeconds()
                        + " s for this address, shared with the market data feeds") + "; retry in " + Math.max(1, wait / 1_000_000) + " ms",
                        true, false);
            } else if (cancel) {
                address.reserve(units);
            }
        }
        if (limited != null) {
            return CompletableFuture.completedFuture(new Outcome<>(null, limited, 0));
        }
        return call(() -> call, read, false, true);
    }

    /** Whether the venue amends a working order in place ({@link #amend}). */
    public boolean amends() {
        return protocol.amends();
    }

    /**
     * Amends a working limit order in place: {@code quantity} the whole new quantity, {@code price}
     * the new limit ({@code was*} its terms now). Completes true once the venue took the change; a
     * change the venue's API cannot make is refused here ({@code invalid_order}), nothing sent.
     */
    public CompletableFuture<Outcome<Boolean>> amend(String symbol, String clientOrderId, io.dpp.core.model.Side side, java.math.BigDecimal quantity,
                                                     java.math.BigDecimal price, java.math.BigDecimal wasQuantity,
                                                     java.math.BigDecimal wasPrice) {
        return amend(symbol, clientOrderId, null, side, quantity, price, wasQuantity, wasPrice);
    }

    /** {@link #amend} of an order whose venue id is {@code venueOrderId} (null: not known yet; looked up where the venue needs it). */
    public CompletableFuture<Outcome<Boolean>> amend(String symbol, String clientOrderId, String venueOrderId, io.dpp.core.model.Side side,
                                                     java.math.BigDecimal quantity, java.math.BigDecimal price,
                                                     java.math.BigDecimal wasQuantity, java.math.BigDecimal wasPrice) {
        return withVenueId(symbol, clientOrderId, venueOrderId, id -> entry(() -> protocol.amend(symbol, clientOrderId, id, side, quantity, price,
                wasQuantity, wasPrice), a -> Boolean.TRUE, false));
    }

    public CompletableFuture<Outcome<VenueOrder>> query(String symbol, String clientOrderId) {
        return query(symbol, clientOrderId, null);
    }

    /** Most pages of a venue's order list one lookup by client order id reads (Coinbase's: the newest orders first). */
    static final int MAX_LOOKUP_PAGES = 20;

    /** One order, by the venue's id where known ({@code venueOrderId}, else null), else by client order id. */
    public CompletableFuture<Outcome<VenueOrder>> query(String symbol, String clientOrderId, String venueOrderId) {
        // Where the venue keeps finished orders apart (Kraken), one not among the working ones is asked there.
        return lookup(() -> protocol.query(symbol, clientOrderId, venueOrderId), symbol, clientOrderId, 1).thenCompose(o -> o.ok()
                && o.value() == null && protocol.queryEnded(symbol, clientOrderId) != null
                ? call(() -> protocol.queryEnded(symbol, clientOrderId), a -> protocol.found(a, clientOrderId))
                : CompletableFuture.completedFuture(o))
                .thenApply(o -> o.ok() && o.value() == null ? new Outcome<>(null, new VenueReject(VenueReject.Reason.UNKNOWN_ORDER, "none",
                        "no order " + clientOrderId + " at " + protocol.venue(), false, false), o.roundTripNanos()) : o);
    }

    /** A lookup's answer: the order found in it (null: none), and the answer, which may say a next page follows. */
    private record Lookup(VenueOrder order, com.fasterxml.jackson.databind.JsonNode answer) {
    }

    /** The order of {@code clientOrderId} in the answer to {@code page}, or in the pages after it (at most {@link #MAX_LOOKUP_PAGES}). */
    private CompletableFuture<Outcome<VenueOrder>> lookup(java.util.function.Supplier<HttpCall> page, String symbol, String clientOrderId,
                                                        int pages) {
        return call(page, a -> new Lookup(protocol.found(a, clientOrderId), a)).thenCompose(o -> {
            if (!o.ok() || o.value().order() != null) {
                return CompletableFuture.completedFuture(new Outcome<>(o.ok() ? o.value().order() : null, o.reject(), o.roundTripNanos()));
            }
            HttpCall next = pages < MAX_LOOKUP_PAGES ? protocol.queryNext(symbol, clientOrderId, o.value().answer()) : null;
            return next == null ? CompletableFuture.completedFuture(new Outcome<VenueOrder>(null, null, o.roundTripNanos()))
                    : lookup(() -> next, symbol, clientOrderId, pages + 1);
        });
    }

    public CompletableFuture<Outcome<List<VenueOrder>>> openOrders(String symbol) {
        return call(() -> protocol.openOrders(symbol), protocol::orders);
    }

    /** Most pages of executions one {@link #fills} reads (the rest are read by the next one). */
    static final int MAX_FILL_PAGES = 20;

    /** One page of executions and the answer it came in (which says whether more follow). */
    private record Page(List<VenueFill> fills, com.fasterxml.jackson.databind.JsonNode answer) {
    }

    /** The executions of {@code symbol} from a time, every page of them (at most {@link #MAX_FILL_PAGES}), oldest first. */
    public CompletableFuture<Outcome<List<VenueFill>>> fills(String symbol, long sinceMillis) {
        return fillPages(() -> protocol.fills(symbol, sinceMillis), symbol, sinceMillis, new java.util.ArrayList<>(), 1);
    }

    private CompletableFuture<Outcome<List<VenueFill>>> fillPages(java.util.function.Supplier<HttpCall> page, String symbol, long since,
                                                                List<VenueFill> read, int pages) {
        return call(page, a -> new Page(protocol.fills(a), a)).thenCompose(o -> {
            if (!o.ok()) {
                return CompletableFuture.completedFuture(new Outcome<>(null, o.reject(), o.roundTripNanos()));
            }
            read.addAll(o.value().fills());
            HttpCall next = pages < MAX_FILL_PAGES ? protocol.nextFills(symbol, since, o.value().answer(), read.size()) : null;
            if (next == null) {
                read.sort(java.util.Comparator.comparingLong(VenueFill::time));
                return CompletableFuture.completedFuture(new Outcome<>(read, null, o.roundTripNanos()));
            }
            return fillPages(() -> next, symbol, since, read, pages + 1);
        });
    }

    /**
     * The account's private stream (not started) at the address {@code url} gives for the venue's
     * stream, or null where DPP has none for the venue yet; pings and reconnections are scheduled on
     * {@code timer}.
     */
    public VenueStream stream(java.util.function.BiFunction<io.dpp.trading.live.PrivateStream, String, java.net.URI> url,
                              VenueStream.Listener listener, java.util.concurrent.ScheduledExecutorService timer) {
        return stream(url, listener, timer, 0);
    }

    /**
     * {@link #stream(java.util.function.BiFunction, VenueStream.Listener, java.util.concurrent.ScheduledExecutorService)}
     * arming the venue's cancel-on-disconnect of {@code cancelOnDisconnect} seconds on each connection
     * where the venue has it on its socket (Deribit); this adapter's orders, cancels and amendments
     * then go over that connection while it is live (over REST otherwise, and not covered by the switch).
     */
    public VenueStream stream(java.util.function.BiFunction<io.dpp.trading.live.PrivateStream, String, java.net.URI> url,
                              VenueStream.Listener listener, java.util.concurrent.ScheduledExecutorService timer, int cancelOnDisconnect) {
        io.dpp.trading.live.PrivateStream p = io.dpp.trading.live.PrivateStream.of(protocol.venue());
        if (p == null) {
            return null;
        }
        VenueStream.Calls calls = new VenueStream.Calls() {
            @Override
            public CompletableFuture<String> token() {
                return call(p::token, p::token).thenApply(o -> value(o, "gave no token"));
            }

            @Override
            public CompletableFuture<Void> renew(String token) {
                return call(() -> p.renew(token), a -> Boolean.TRUE).thenApply(o -> {
                    value(o, "did not renew the stream's token");
                    return null;
                });
            }
        };
        VenueStream stream = new VenueStream(http.client(), t -> url.apply(p, t), p, key, () -> http.venueNow(protocol.venue()), listener, timer,
                calls, p.entersOrders() ? cancelOnDisconnect : 0);
        if (p.entersOrders() && cancelOnDisconnect > 0) {
            entryStream = stream;
        }
        return stream;
    }

    /** The value of a successful outcome; else fails with the venue's refusal. */
    private <T> T value(Outcome<T> o, String what) {
        if (!o.ok()) {
            throw new java.util.concurrent.CompletionException(new IllegalStateException(protocol.venue() + " " + what + ": " + o.reject()));
        }
        return o.value();
    }

    /** Whether the account trades margined contracts (its balance a margin wallet, its holdings positions). */
    public boolean margined() {
        return protocol.margined();
    }

    /** A margined account's open positions at the venue: signed quantity by symbol. */
    public CompletableFuture<Outcome<java.util.Map<String, java.math.BigDecimal>>> positions() {
        return call(protocol::positions, protocol::positions);
    }

    /** Whether the venue offers a dead man's switch ({@link #cancelAllAfter}). */
    public boolean cancelsOnDisconnect() {
        return cancelsOnDisconnect;
    }

    /**
     * Arms (or pushes back) the venue's dead man's switch: every order of the account is canceled
     * at the venue unless this is called again within {@code seconds}. Only where
     * {@link #cancelsOnDisconnect} holds.
     */
    public CompletableFuture<Outcome<Boolean>> cancelAllAfter(int seconds) {
        return call(() -> protocol.cancelAllAfter(seconds), a -> Boolean.TRUE);
    }

    /** Whether the venue's dead man's switch is per symbol ({@link #cancelSymbolAfter}). */
    public boolean cancelsSymbolsOnDisconnect() {
        return cancelsSymbolsOnDisconnect;
    }

    /** Arms (or pushes back) the venue's dead man's switch of one symbol; only where {@link #cancelsSymbolsOnDisconnect} holds. */
    public CompletableFuture<Outcome<Boolean>> cancelSymbolAfter(String symbol, int seconds) {
        return call(() -> protocol.cancelSymbolAfter(symbol, seconds), a -> Boolean.TRUE);
    }

    /** The account's balances at the venue (its signed read-only balance call), asset by asset. */
    public CompletableFuture<Outcome<java.util.Map<String, java.math.BigDecimal>>> balances() {
        long start = System.nanoTime();
        return send(io.dpp.trading.live.BalanceRead.request(protocol.venue()), true).handle((answer, error) -> {
            if (error != null) {
                Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null ? error.getCause() : error;
                return new Outcome<>(null, new VenueReject(VenueReject.Reason.VENUE_UNAVAILABLE, "connect", "cannot reach "
                        + protocol.venue() + ": " + cause, true, false), System.nanoTime() - start);
            }
            try {
                return new Outcome<>(io.dpp.trading.live.BalanceRead.parse(protocol.venue(), answer.status(), answer.body()), null,
                        answer.roundTripNanos());
            } catch (IllegalArgumentException | ArithmeticException e) {
                return new Outcome<>(null, new VenueReject(VenueReject.Reason.OTHER, "balances", e.getMessage(), false, false),
                        answer.roundTripNanos());
            }
        });
    }

    /**
     * Sends a call to the venue, after its turn in the address's allowance where it pays for itself
     * ({@code pay}); a rate-limit answer (429, or Binance's 418 ban) holds every call of the address
     * to the venue back for as long as the venue says, the feeds' book snapshots included.
     */
    private CompletableFuture<VenueHttp.Answer> send(HttpCall call, boolean pay) {
        long wait = pay && address != null ? address.reserve(protocol.weight(call)) : 0;
        CompletableFuture<VenueHttp.Answer> sent = wait <= 0 ? send(call) : CompletableFuture.supplyAsync(() -> null,
                CompletableFuture.delayedExecutor(wait, java.util.concurrent.TimeUnit.NANOSECONDS)).thenCompose(x -> send(call));
        if (address == null) {
            return sent;
        }
        return sent.thenApply(a -> {
            if (a.status() == 429 || a.status() == 418) {
                address.pause(a.retryAfterSeconds() > 0 ? a.retryAfterSeconds() : DEFAULT_PAUSE_SECONDS);
            }
            return a;
        });
    }

    /**
     * Sends a call to the venue. Where the venue needs every request's nonce above the last one it
     * saw (Kraken), the account's calls go one at a time, so that none arrives after a later one.
     */
    private CompletableFuture<VenueHttp.Answer> send(HttpCall call) {
        if (!oneAtATime) {
            try {
                return http.send(protocol.venue(), call, key);
            } catch (IllegalArgumentException e) {
                return CompletableFuture.failedFuture(e); // the key cannot sign: nothing sent
            }
        }
        synchronized (this) {
            CompletableFuture<VenueHttp.Answer> next = previous.handle((a, e) -> null).thenCompose(x -> http.send(protocol.venue(), call, key));
            previous = next;
            return next;
        }
    }

    /** The refusal of a request the venue's API cannot express: {@code invalid_order}, nothing sent. */
    private static <T> CompletableFuture<Outcome<T>> inexpressible(IllegalArgumentException e) {
        return CompletableFuture.completedFuture(new Outcome<>(null, new VenueReject(VenueReject.Reason.INVALID_ORDER, "dpp",
                e.getMessage(), false, false), 0));
    }

    /** The call the protocol makes, or the refusal of an order the venue's API cannot express (nothing sent). */
    private <T> CompletableFuture<Outcome<T>> call(java.util.function.Supplier<HttpCall> make,
                                                  Function<com.fasterxml.jackson.databind.JsonNode, T> read) {
        return call(make, read, true, false);
    }

    /** Whether order entry goes over the account's stream now ({@link #entryStream}). */
    public boolean entersOverStream() {
        VenueStream s = entryStream;
        return s != null && s.entersOrders();
    }

    /** An order-entry call over the account's stream, its answer read as REST's would be (an error answer as 400). */
    private CompletableFuture<VenueHttp.Answer> sendOverStream(VenueStream stream, HttpCall call) {
        long start = System.nanoTime();
        return stream.call(call, http.timeout()).thenApply(m -> new VenueHttp.Answer(m.has("error") ? 400 : 200, m, System.nanoTime() - start, -1));
    }

    /**
     * The call the protocol makes; {@code pay}: its weight is spent from the address's allowance
     * here, and it waits its turn when that is spent (a lookup, a read), else it was paid for already.
     */
    private <T> CompletableFuture<Outcome<T>> call(java.util.function.Supplier<HttpCall> make,
                                                  Function<com.fasterxml.jackson.databind.JsonNode, T> read, boolean pay, boolean entry) {
        HttpCall call;
        try {
            call = make.get();
        } catch (IllegalArgumentException e) {
            return inexpressible(e);
        }
        long start = System.nanoTime();
        VenueStream stream = entryStream;
        CompletableFuture<VenueHttp.Answer> sent = entry && stream != null && stream.entersOrders() ? sendOverStream(stream, call) : send(call, pay);
        return sent.handle((answer, error) -> {
            if (error != null) {
                Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null ? error.getCause() : error;
                if (cause instanceof java.net.ConnectException) {
                    // Never connected: nothing reached the venue.
                    return new Outcome<>(null, new VenueReject(VenueReject.Reason.VENUE_UNAVAILABLE, "connect",
                            "cannot connect to " + protocol.venue() + ": " + cause.getMessage(), true, false), System.nanoTime() - start);
                }
                if (cause instanceof IllegalArgumentException) {
                    // The key could not sign the call: nothing was sent.
                    return new Outcome<>(null, new VenueReject(VenueReject.Reason.AUTHENTICATION, "key", cause.getMessage(), false, false),
                            System.nanoTime() - start);
                }
                // No answer: the venue may have acted (an order may exist); say so.
                return new Outcome<>(null, protocol.reject(0, null), System.nanoTime() - start);
            }
            VenueReject reject = protocol.reject(answer.status(), answer.body());
            if (reject != null) {
                return new Outcome<>(null, reject, answer.roundTripNanos());
            }
            try {
                return new Outcome<>(read.apply(answer.body()), null, answer.roundTripNanos());
            } catch (RuntimeException e) {
                return new Outcome<>(null, new VenueReject(VenueReject.Reason.OTHER, "unreadable",
                        "the answer does not read as the venue documents it: " + e.getMessage(), false, true), answer.roundTripNanos());
            }
        });
    }
}
