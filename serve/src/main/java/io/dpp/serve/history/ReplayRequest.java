package io.dpp.serve.history;

import io.dpp.core.time.Timestamps;
import io.dpp.runtime.access.Grant;
import io.dpp.runtime.http.HttpProblem;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;

/**
 * The parameters of a replay as the client sent them, checked for form and bounds only: nothing
 * here reads the store, so it can run on the event loop before the caller is authenticated.
 *
 * @param speed events per second of recorded time, from {@value #MIN_SPEED} to {@value #MAX_SPEED};
 *              infinite for {@code max}
 */
record ReplayRequest(List<String> venues, List<String> symbols, List<String> channels, long from, long to, double speed) {

    /** Slowest replay speed: a thousandth of real time (a burst of a second spread over a quarter of an hour). */
    static final double MIN_SPEED = 0.001;
    /** Fastest paced speed; {@code max} goes as fast as the client reads. */
    static final double MAX_SPEED = 100_000;
    /** Most venues in one replay. */
    static final int MAX_VENUES = 32;
    /** Most symbols in one replay. */
    static final int MAX_SYMBOLS = 200;
    /** Longest venue or symbol name, characters. */
    static final int MAX_NAME = 64;

    static ReplayRequest parse(RoutingContext ctx) {
        String venueParam = first(ctx, "venues", "venue");
        if (venueParam == null) {
            throw bad("venues is required: one or more venue ids, comma-separated");
        }
        List<String> venues = names("venues", venueParam, MAX_VENUES);
        String symbolParam = first(ctx, "symbols", "symbol");
        List<String> symbols = symbolParam == null ? List.of() : names("symbols", symbolParam, MAX_SYMBOLS);
        String channelParam = ctx.request().getParam("channels");
        List<String> channels = channelParam == null ? ReplayReader.CHANNELS
                : names("channels", channelParam, ReplayReader.CHANNELS.size() * 2);
        for (String c : channels) {
            if (!ReplayReader.CHANNELS.contains(c)) {
                throw bad("unknown channel \"" + c + "\"; channels are " + ReplayReader.CHANNELS);
            }
        }
        long from = HistoryQueries.time(ctx, "from", Long.MIN_VALUE);
        if (from == Long.MIN_VALUE) {
            throw bad("from is required: where the replay starts, ISO-8601 UTC");
        }
        long to = HistoryQueries.time(ctx, "to", Timestamps.now());
        if (to <= from) {
            throw bad("to must be after from");
        }
        String speedParam = ctx.request().getParam("speed", "1");
        double speed;
        try {
            speed = speedParam.equals("max") ? Double.POSITIVE_INFINITY
                    : speedParam.length() > 32 ? Double.NaN : Double.parseDouble(speedParam);
        } catch (NumberFormatException e) {
            speed = Double.NaN;
        }
        boolean max = speedParam.equals("max");
        if (!(max || speed >= MIN_SPEED && speed <= MAX_SPEED)) {
            throw bad("speed must be a number from " + MIN_SPEED + " to " + (long) MAX_SPEED + " (1 is real time) or max; got \""
                    + shorten(speedParam) + "\"");
        }
        List<String> ordered = ReplayReader.CHANNELS.stream().filter(channels::contains).toList();
        return new ReplayRequest(venues, symbols, ordered, from, to, speed);
    }

    /** 403 unless the grant covers every venue and channel asked for and the start time. */
    void entitled(Grant grant) {
        venues.forEach(grant::checkVenue);
        channels.forEach(grant::checkChannel);
        grant.checkHistory(from, Timestamps.now());
    }

    private static List<String> names(String field, String csv, int max) {
        List<String> out = new ArrayList<>();
        for (String s : csv.split(",", max + 1)) {
            if (s.isBlank()) {
                continue;
            }
            if (out.size() == max) {
                throw bad(field + " may list at most " + max + " names");
            }
            String name = s.trim();
            if (name.length() > MAX_NAME) {
                throw bad(field + ": a name is at most " + MAX_NAME + " characters, got \"" + shorten(name) + "\"");
            }
            out.add(name);
        }
        if (out.isEmpty()) {
            throw bad(field + " lists no names");
        }
        return out;
    }

    private static String first(RoutingContext ctx, String... names) {
        for (String n : names) {
            String v = ctx.request().getParam(n);
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }

    private static String shorten(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }

    private static HttpProblem bad(String message) {
        return new HttpProblem(400, "bad_request", message);
    }
}
