package io.dpp.sim;

import io.dpp.runtime.config.DurationConverter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The faults the simulator injects, from {@code --faults}:
 *
 * <pre>
 * SPEC   = FAULT *( ";" FAULT )
 * FAULT  = KIND [ "@" VENUE ] [ ":" PARAM *( "," PARAM ) ]
 * KIND   = drop | duplicate | reorder | corrupt | close | stall | rest-5xx | rest-429
 * PARAM  = n=N            the capture's N-th received message (1-based) in every capture of the venue
 *        | every=DURATION close or stall each connection this long after it opened, again and again
 *        | for=DURATION   how long a stall lasts (default 30s)
 *        | capture=NAME   only this capture file (e.g. KRAKEN.ws.50.0)
 *        | count=N        rest-5xx, rest-429: how many snapshot requests fail (default 1)
 *        | retry-after=S  rest-429: the Retry-After seconds (default 1)
 *        | synced=true    a message fault waits for the client to hold the message's book: on a
 *                         venue whose books start from a REST snapshot, where the client fetched
 *                         none of that book since it connected before message N left, the fault
 *                         hits the next message that changes a book whose snapshot was served
 *                         (a loss the snapshot already covers would show nothing); the replay
 *                         pauses after message N until the client fetched its book (10 s at most)
 * </pre>
 *
 * <p>Examples: {@code drop@kraken:n=500}, {@code close:every=3s}, {@code stall@okx:n=100,for=10s},
 * {@code rest-429@binance:count=2,retry-after=2}. Without a venue a fault applies to every venue.
 * Message faults act on what one connection receives: drop skips the message, duplicate sends it
 * twice, reorder sends it after the next one, corrupt cuts it in half (invalid JSON), close closes
 * the socket instead of sending it, stall sends nothing and reads nothing (so pings go unanswered)
 * for a while. The venue's own state moves on regardless, as a real venue's would.
 */
public record FaultSpec(List<Fault> faults) {

    /** Kinds of fault. */
    public enum Kind {
        DROP, DUPLICATE, REORDER, CORRUPT, CLOSE, STALL, REST_5XX, REST_429;

        String spelling() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /**
     * One fault.
     *
     * @param kind       what happens
     * @param venue      the venue id, or null for every venue
     * @param message    the capture's received-message number it hits (1-based), or 0
     * @param every      repeat interval of a close or stall, or null
     * @param duration   how long a stall lasts
     * @param capture    the capture file it is limited to, or null
     * @param count      how many REST requests it hits
     * @param retryAfter the Retry-After seconds of a 429
     * @param synced     a message fault hits a change of a book whose REST snapshot the client already holds
     */
    public record Fault(Kind kind, String venue, long message, Duration every, Duration duration, String capture,
                        int count, int retryAfter, boolean synced) {

        boolean appliesTo(String venueId, String captureName) {
            return (venue == null || venue.equals(venueId)) && (capture == null || capture.equals(captureName));
        }

        boolean isMessageFault() {
            return kind != Kind.REST_5XX && kind != Kind.REST_429;
        }
    }

    /** No faults. */
    public static final FaultSpec NONE = new FaultSpec(List.of());

    public FaultSpec {
        faults = List.copyOf(faults);
    }

    /**
     * Reads a spec; null or blank means no faults.
     *
     * @throws IllegalArgumentException naming what is wrong and showing the grammar
     */
    public static FaultSpec parse(String spec) {
        if (spec == null || spec.isBlank()) {
            return NONE;
        }
        List<Fault> out = new ArrayList<>();
        for (String part : spec.split(";")) {
            if (!part.isBlank()) {
                out.add(parseFault(part.trim()));
            }
        }
        return new FaultSpec(out);
    }

    private static Fault parseFault(String text) {
        String head = text;
        String params = "";
        int colon = text.indexOf(':');
        if (colon >= 0) {
            head = text.substring(0, colon);
            params = text.substring(colon + 1);
        }
        String venue = null;
        int at = head.indexOf('@');
        if (at >= 0) {
            venue = head.substring(at + 1).trim();
            head = head.substring(0, at);
            if (venue.isEmpty() || venue.equals("*")) {
                venue = null;
            }
        }
        Kind kind = null;
        for (Kind k : Kind.values()) {
            if (k.spelling().equals(head.trim())) {
                kind = k;
            }
        }
        if (kind == null) {
            throw bad(text, "unknown fault '" + head.trim() + "'");
        }
        Map<String, String> p = new LinkedHashMap<>();
        for (String kv : params.split(",")) {
            if (kv.isBlank()) {
                continue;
            }
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                throw bad(text, "parameter '" + kv + "' is not NAME=VALUE");
            }
            p.put(kv.substring(0, eq).trim(), kv.substring(eq + 1).trim());
        }
        long n = 0;
        Duration every = null;
        Duration duration = Duration.ofSeconds(30);
        String capture = null;
        int count = 1;
        int retryAfter = 1;
        boolean synced = false;
        try {
            for (Map.Entry<String, String> e : p.entrySet()) {
                switch (e.getKey()) {
                    case "n" -> n = Long.parseLong(e.getValue());
                    case "every" -> every = duration(e.getValue());
                    case "for" -> duration = duration(e.getValue());
                    case "capture" -> capture = e.getValue();
                    case "count" -> count = Integer.parseInt(e.getValue());
                    case "retry-after" -> retryAfter = Integer.parseInt(e.getValue());
                    case "synced" -> synced = bool(text, e.getValue());
                    default -> throw bad(text, "unknown parameter '" + e.getKey() + "'");
                }
            }
        } catch (NumberFormatException e) {
            throw bad(text, "not a number: " + e.getMessage());
        }
        boolean rest = kind == Kind.REST_5XX || kind == Kind.REST_429;
        if (!rest && n <= 0 && every == null) {
            throw bad(text, kind.spelling() + " needs n=N (a message number) or every=DURATION");
        }
        if (every != null && kind != Kind.CLOSE && kind != Kind.STALL) {
            throw bad(text, "every= applies to close and stall only");
        }
        if (rest && count <= 0) {
            throw bad(text, "count must be positive");
        }
        if (synced && n <= 0) {
            throw bad(text, "synced=true applies to a fault at a message (n=N)");
        }
        return new Fault(kind, venue, n, every, duration, capture, count, retryAfter, synced);
    }

    private static boolean bool(String fault, String value) {
        return switch (value) {
            case "true" -> true;
            case "false" -> false;
            default -> throw bad(fault, "synced is true or false, not '" + value + "'");
        };
    }

    private static Duration duration(String text) {
        Duration d = new DurationConverter().convert(text);
        if (d == null || d.isNegative() || d.isZero()) {
            throw new NumberFormatException("duration " + text);
        }
        return d;
    }

    private static IllegalArgumentException bad(String fault, String why) {
        return new IllegalArgumentException("--faults: " + why + " in '" + fault + "'. A fault is KIND[@VENUE][:PARAM,...] "
                + "with KIND one of drop, duplicate, reorder, corrupt, close, stall, rest-5xx, rest-429 and PARAM one of "
                + "n=N, every=DURATION, for=DURATION, capture=NAME, count=N, retry-after=SECONDS, synced=true|false; faults are separated by ';'");
    }
}
