package io.dpp.serve.stream;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The client side of the stream protocol: requests are JSON objects with an {@code op}, answered
 * with a message of the same {@code id}:
 *
 * <pre>
 * {"op":"subscribe","id":"1","channel":"trades","venue":"binance","symbols":["BTCUSDT","ETH-*"]}
 *   -> {"type":"subscribed","id":"1","sub":7,"channel":"trades","venue":"binance","symbols":[...],"matched":[...]}
 * {"op":"subscribe","id":"2","channel":"book_snapshots","venue":"kraken","symbols":["XBT/USD"],"depth":10,"interval":"1s"}
 * {"op":"unsubscribe","id":"3","sub":7}  -> {"type":"unsubscribed","id":"3","sub":7}
 * {"op":"ping","id":"4"}                 -> {"type":"pong","id":"4"}
 * {"op":"auth","id":"5","key":"dpp_..."} -> {"type":"authenticated","id":"5","user":"..","plan":".."}
 * anything wrong                          -> {"type":"error","id":..,"message":"..."}
 * refused by access control               -> {"type":"error","id":..,"code":401|403|429,"message":"..."}
 * </pre>
 */
final class StreamProtocol {

    private static final Pattern INTERVAL = Pattern.compile("([1-9][0-9]{0,5})(ms|s|m)");
    /** Most symbols or symbol patterns in one subscription. */
    static final int MAX_SYMBOLS = 100;
    /** Longest request id echoed back, characters. */
    static final int MAX_ID = 64;
    /** Most levels per side a book_snapshots subscription may ask for. */
    static final int MAX_DEPTH = 1000;

    private StreamProtocol() {
    }

    /** A request that could not be accepted; the message tells the client why. */
    static final class BadRequest extends Exception {
        final String id;

        BadRequest(String id, String message) {
            super(message);
            this.id = id;
        }
    }

    /** The parsed request: an operation and, for a subscription, its checked fields. */
    record Request(String op, String id, Channel channel, String venue, List<String> symbols, int depth,
                   long intervalNanos, int sub, String key, String privateChannel, ResumeBuffer.Cursor resume) {

        Request(String op, String id, Channel channel, String venue, List<String> symbols, int depth, long intervalNanos, int sub) {
            this(op, id, channel, venue, symbols, depth, intervalNanos, sub, null, null, null);
        }

        Request(String op, String id, Channel channel, String venue, List<String> symbols, int depth, long intervalNanos, int sub,
                String key) {
            this(op, id, channel, venue, symbols, depth, intervalNanos, sub, key, null, null);
        }
    }

    /** Most partitions a resume cursor may name. */
    static final int MAX_CURSOR_PARTITIONS = 4096;
    /** Longest bus identity in a cursor, characters. */
    static final int MAX_CURSOR_BUS = 256;
    /** Highest bus partition number ({@link io.dpp.bus.Bus#partition}). */
    static final long MAX_PARTITION = 0xFF_FFFFL;
    /** Highest position in a cursor. */
    static final long MAX_POSITION = 1L << 62;

    /** The {@code resume} cursor of a subscription: {@code {"bus":"...","at":[[partition,next],...]}}. */
    private static ResumeBuffer.Cursor cursor(Object raw, String id) throws BadRequest {
        String shape = "resume must be the cursor the server sent: {\"bus\":\"...\",\"at\":[[partition,next],...]} with at most "
                + MAX_CURSOR_PARTITIONS + " partitions";
        if (!(raw instanceof JsonObject o) || !(o.getValue("bus") instanceof String bus) || bus.isEmpty()
                || bus.length() > MAX_CURSOR_BUS || !(o.getValue("at") instanceof JsonArray at) || at.size() > MAX_CURSOR_PARTITIONS) {
            throw new BadRequest(id, shape);
        }
        int[] partitions = new int[at.size()];
        long[] next = new long[at.size()];
        java.util.Set<Integer> named = new java.util.HashSet<>();
        for (int i = 0; i < at.size(); i++) {
            if (!(at.getValue(i) instanceof JsonArray pair) || pair.size() != 2) {
                throw new BadRequest(id, shape);
            }
            long p = whole(pair.getValue(0), 0, MAX_PARTITION);
            long n = whole(pair.getValue(1), 0, MAX_POSITION);
            if (p < 0 || n < 0) {
                throw new BadRequest(id, "resume: a partition is 0 to " + MAX_PARTITION + " and a position 0 to 2^62");
            }
            if (!named.add((int) p)) {
                throw new BadRequest(id, "resume: partition " + p + " is named twice");
            }
            partitions[i] = (int) p;
            next[i] = n;
        }
        return new ResumeBuffer.Cursor(bus, partitions, next);
    }

    /**
     * The private channels: the caller's own trading events (docs/ems.md), taken from the EMS of the
     * same process; subscribed by name alone, without venue or symbols.
     */
    static final List<String> PRIVATE = List.of("orders", "fills", "positions", "balances");

    /**
     * Parses one client request.
     *
     * @param venues the venue ids the platform knows, for validating a subscription's venue
     */
    static Request parse(String text, java.util.Collection<String> venues) throws BadRequest {
        JsonObject o;
        try {
            o = new JsonObject(text);
        } catch (DecodeException | ClassCastException e) {
            throw new BadRequest(null, "a request is one JSON object, e.g. {\"op\":\"subscribe\",\"channel\":\"trades\","
                    + "\"venue\":\"binance\",\"symbols\":[\"BTCUSDT\"]}");
        }
        Object rawId = o.getValue("id");
        String id = rawId == null ? null : String.valueOf(rawId);
        if (id != null && id.length() > MAX_ID) {
            throw new BadRequest(id.substring(0, MAX_ID), "id must be at most " + MAX_ID + " characters");
        }
        String op = o.getValue("op") instanceof String s ? s : null;
        if (op == null) {
            throw new BadRequest(id, "op is required: auth, subscribe, unsubscribe or ping");
        }
        switch (op) {
            case "ping" -> {
                return new Request(op, id, null, null, List.of(), 0, 0, 0);
            }
            case "unsubscribe" -> {
                long sub = whole(o.getValue("sub"), 1, Integer.MAX_VALUE);
                if (sub < 0) {
                    throw new BadRequest(id, "unsubscribe needs sub: the number the subscribed message gave (1 to "
                            + Integer.MAX_VALUE + ")");
                }
                return new Request(op, id, null, null, List.of(), 0, 0, (int) sub);
            }
            case "subscribe" -> {
                return subscription(o, id, venues);
            }
            case "auth" -> {
                if (!(o.getValue("key") instanceof String key) || key.isBlank()) {
                    throw new BadRequest(id, "auth needs key: an API key (dpp keys create makes one)");
                }
                return new Request(op, id, null, null, List.of(), 0, 0, 0, key.trim());
            }
            default -> throw new BadRequest(id, "unknown op \"" + op + "\"; ops are auth, subscribe, unsubscribe, ping");
        }
    }

    private static Request subscription(JsonObject o, String id, java.util.Collection<String> venues) throws BadRequest {
        String channelName = o.getValue("channel") instanceof String s ? s : null;
        if (channelName != null && PRIVATE.contains(channelName)) {
            return new Request("subscribe", id, null, null, List.of(), 0, 0, 0, null, channelName, null);
        }
        Channel channel = channelName == null ? null : Channel.of(channelName);
        if (channel == null) {
            throw new BadRequest(id, (channelName == null ? "channel is required" : "unknown channel \"" + channelName + "\"")
                    + "; channels are " + Channel.names() + ", and the private " + PRIVATE);
        }
        String venue = o.getValue("venue") instanceof String s ? s : null;
        if (venue == null || venue.isBlank()) {
            throw new BadRequest(id, "venue is required: a venue id (" + String.join(", ", venues)
                    + ") or a pattern with * and ?");
        }
        String venueProblem = Glob.problem("venue", venue);
        if (venueProblem != null) {
            throw new BadRequest(id, venueProblem);
        }
        if (!Glob.isPattern(venue) && !venues.contains(venue)) {
            throw new BadRequest(id, "unknown venue \"" + venue + "\"; venues are " + venues);
        }
        List<String> symbols = new ArrayList<>();
        Object raw = o.getValue("symbols", o.getValue("symbol"));
        if (raw == null) {
            symbols.add("*");
        } else if (raw instanceof String s) {
            symbols.add(s);
        } else if (raw instanceof JsonArray a && !a.isEmpty()) {
            if (a.size() > MAX_SYMBOLS) {
                throw new BadRequest(id, "symbols may list at most " + MAX_SYMBOLS + " symbols or patterns, got " + a.size());
            }
            for (Object s : a) {
                if (!(s instanceof String str) || str.isBlank()) {
                    throw new BadRequest(id, "symbols must be a list of symbol names or patterns");
                }
                symbols.add(str);
            }
        } else {
            throw new BadRequest(id, "symbols must be a symbol name, a pattern, or a list of them");
        }
        for (String s : symbols) {
            String problem = Glob.problem("a symbol", s);
            if (problem != null) {
                throw new BadRequest(id, problem);
            }
        }
        int depth = 0;
        long interval = 0;
        if (channel == Channel.BOOK_SNAPSHOTS) {
            long d = whole(o.getValue("depth", 10), 1, MAX_DEPTH);
            if (d < 0) {
                throw new BadRequest(id, "depth must be a whole number of levels from 1 to " + MAX_DEPTH);
            }
            depth = (int) d;
            String text = o.getValue("interval", "1s") instanceof String s ? s : "";
            Matcher m = INTERVAL.matcher(text);
            Duration every = m.matches() ? switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(Long.parseLong(m.group(1)));
                case "s" -> Duration.ofSeconds(Long.parseLong(m.group(1)));
                default -> Duration.ofMinutes(Long.parseLong(m.group(1)));
            } : null;
            if (every == null || every.compareTo(Duration.ofMillis(100)) < 0 || every.compareTo(Duration.ofMinutes(1)) > 0) {
                throw new BadRequest(id, "interval must be from 100ms to 1m, e.g. 250ms, 1s, 5s");
            }
            interval = every.toNanos();
        }
        Object resume = o.getValue("resume");
        return new Request("subscribe", id, channel, venue, List.copyOf(symbols), depth, interval, 0, null, null,
                resume == null ? null : cursor(resume, id));
    }

    /** The whole number {@code v} when it lies in [min, max], else -1 (min is at least 0). */
    static long whole(Object v, long min, long max) {
        long n;
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            n = ((Number) v).longValue();
        } else if (v instanceof Double || v instanceof Float) {
            double x = ((Number) v).doubleValue();
            if (x != Math.rint(x) || Math.abs(x) > 1e15) {
                return -1;
            }
            n = (long) x;
        } else {
            return -1; // absent, text, or beyond a long (BigInteger)
        }
        return n >= min && n <= max ? n : -1;
    }

    static String subscribed(Subscription s, List<String> matched) {
        return subscribed(s, matched, null, null, null);
    }

    /**
     * @param resumed null for a plain subscription; true when the events after the client's cursor
     *                follow; false when they could not be served and the subscription starts now
     * @param reason  why it could not resume
     * @param cursor  the cursor of a subscription that starts now (null for a resumed one: the
     *                replayed events and the heartbeat after them carry it on)
     */
    static String subscribed(Subscription s, List<String> matched, Boolean resumed, String reason, String cursor) {
        JsonObject o = new JsonObject().put("type", "subscribed").put("id", s.requestId).put("sub", s.id)
                .put("channel", s.channel.wire()).put("matched", new JsonArray(matched));
        if (s.channel == Channel.BOOK_SNAPSHOTS) {
            o.put("depth", s.depth).put("interval_ms", s.intervalNanos / 1_000_000);
        }
        if (resumed != null) {
            o.put("resumed", resumed);
        }
        if (reason != null) {
            o.put("reason", reason);
        }
        if (cursor != null) {
            o.put("cursor", new JsonObject(cursor));
        }
        return o.encode();
    }

    static String error(String id, String message) {
        return new JsonObject().put("type", "error").put("id", id).put("message", message).encode();
    }

    /** An error of access control, with the HTTP status it corresponds to (401, 403, 429). */
    static String error(String id, int code, String message) {
        return new JsonObject().put("type", "error").put("id", id).put("code", code).put("message", message).encode();
    }

    static String authenticated(String id, io.dpp.runtime.access.Grant grant) {
        return new JsonObject().put("type", "authenticated").put("id", id).put("user", grant.user())
                .put("plan", grant.plan().name()).encode();
    }

    static String quote(String s) {
        return s == null ? "null" : io.vertx.core.json.Json.encode(s);
    }
}
