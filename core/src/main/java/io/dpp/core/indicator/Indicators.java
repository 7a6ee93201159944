package io.dpp.core.indicator;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Indicators by name and parameters, as the indicator API ({@code GET /api/v1/indicators/{name}})
 * and node graphs name them. Parameters are strings (query parameters, JSON fields); errors name
 * the parameter and the accepted values.
 */
public final class Indicators {

    /** The parameters each indicator takes, with their defaults. */
    private static final Map<String, Map<String, String>> PARAMS = new LinkedHashMap<>();

    static {
        PARAMS.put("sma", Map.of("period", "20"));
        PARAMS.put("ema", Map.of("period", "20"));
        PARAMS.put("wma", Map.of("period", "20"));
        PARAMS.put("rsi", Map.of("period", "14"));
        PARAMS.put("macd", Map.of("fast", "12", "slow", "26", "signal", "9"));
        PARAMS.put("bollinger", Map.of("period", "20", "k", "2"));
        PARAMS.put("atr", Map.of("period", "14"));
        PARAMS.put("stochastic", Map.of("period", "14", "smoothing", "1", "d", "3"));
        PARAMS.put("vwap", Map.of());
        PARAMS.put("obv", Map.of());
    }

    private Indicators() {
    }

    /** Every indicator name. */
    public static List<String> names() {
        return List.copyOf(PARAMS.keySet());
    }

    /** The parameters {@code name} takes, sorted. */
    public static Set<String> parameters(String name) {
        Map<String, String> p = PARAMS.get(name);
        return p == null ? Set.of() : new TreeSet<>(p.keySet());
    }

    /** The parameters {@code name} takes with their default values, sorted by name (empty when none). */
    public static Map<String, String> defaults(String name) {
        Map<String, String> p = PARAMS.get(name);
        return p == null ? Map.of() : new java.util.TreeMap<>(p);
    }

    /**
     * A new indicator.
     *
     * @param name   one of {@link #names()}
     * @param params parameter values by name; absent ones take their defaults
     * @throws IllegalArgumentException naming the indicator or parameter that is wrong
     */
    public static Indicator create(String name, Map<String, String> params) {
        Map<String, String> defaults = PARAMS.get(name);
        if (defaults == null) {
            throw new IllegalArgumentException("unknown indicator \"" + name + "\"; indicators: " + String.join(", ", names()));
        }
        for (String p : params.keySet()) {
            if (!defaults.containsKey(p)) {
                throw new IllegalArgumentException(name + " takes " + (defaults.isEmpty() ? "no parameters"
                        : "the parameters " + String.join(", ", new TreeSet<>(defaults.keySet()))) + ", not \"" + p + "\"");
            }
        }
        Map<String, String> v = new LinkedHashMap<>(defaults);
        v.putAll(params);
        return switch (name) {
            case "sma" -> new Sma(integer(name, "period", v));
            case "ema" -> new Ema(integer(name, "period", v));
            case "wma" -> new Wma(integer(name, "period", v));
            case "rsi" -> new Rsi(integer(name, "period", v));
            case "macd" -> new Macd(integer(name, "fast", v), integer(name, "slow", v), integer(name, "signal", v));
            case "bollinger" -> new Bollinger(integer(name, "period", v), number(name, "k", v));
            case "atr" -> new Atr(integer(name, "period", v));
            case "stochastic" -> new Stochastic(integer(name, "period", v), integer(name, "smoothing", v), integer(name, "d", v));
            case "vwap" -> new Vwap();
            default -> new Obv();
        };
    }

    private static int integer(String indicator, String param, Map<String, String> v) {
        String text = v.get(param);
        try {
            int n = Integer.parseInt(text.trim());
            if (n >= 1 && n <= 10_000) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(indicator + " " + param + " must be a whole number from 1 to 10000, got \"" + text + "\"");
    }

    private static double number(String indicator, String param, Map<String, String> v) {
        String text = v.get(param);
        try {
            double d = Double.parseDouble(text.trim());
            if (d > 0 && d <= 100) {
                return d;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(indicator + " " + param + " must be a number above 0 and at most 100, got \"" + text + "\"");
    }
}
