package io.dpp.streams.venue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Helpers the venue protocols share: reading client messages (cold path, Jackson), writing JSON,
 * grouping and splitting subscriptions.
 */
public final class ProtocolSupport {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ProtocolSupport() {
    }

    /** The message as a JSON tree, or null when it is not JSON. */
    public static JsonNode read(String message) {
        if (message == null) {
            return null;
        }
        try {
            return JSON.readTree(message);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /** A new JSON object to fill. */
    public static ObjectNode object() {
        return JSON.createObjectNode();
    }

    /** A JSON array of strings. */
    public static ArrayNode strings(Collection<String> values) {
        ArrayNode a = JSON.createArrayNode();
        values.forEach(a::add);
        return a;
    }

    /** The compact JSON text of a tree. */
    public static String write(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Text members of an array node (strings only). */
    public static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        if (array != null && array.isArray()) {
            for (JsonNode n : array) {
                if (n.isTextual()) {
                    out.add(n.asText());
                }
            }
        }
        return out;
    }

    /** Subscriptions grouped by channel, in first-seen order. */
    public static Map<String, List<String>> symbolsByChannel(List<Subscription> streams) {
        Map<String, List<String>> byChannel = new LinkedHashMap<>();
        for (Subscription s : streams) {
            byChannel.computeIfAbsent(s.channel(), c -> new ArrayList<>()).add(s.symbol());
        }
        return byChannel;
    }

    /** Consecutive slices of at most {@code size} elements. */
    public static <T> List<List<T>> chunks(List<T> items, int size) {
        List<List<T>> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i += size) {
            out.add(List.copyOf(items.subList(i, Math.min(items.size(), i + size))));
        }
        return out;
    }

    /**
     * The common plan: streams in slices of the venue's per-connection limit, one connection each,
     * at {@code url}, with the messages {@code messages} writes for a slice.
     */
    public static List<ConnectionPlan> perConnection(String url, List<Subscription> streams, int perConnection,
                                                     Function<List<Subscription>, List<String>> messages) {
        List<ConnectionPlan> plans = new ArrayList<>();
        for (List<Subscription> slice : chunks(streams, perConnection)) {
            plans.add(new ConnectionPlan(url, messages.apply(slice), slice));
        }
        return plans;
    }

    /** {@code base} without a trailing slash, followed by {@code path}. */
    public static String join(String base, String path) {
        String b = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        if (path.isEmpty()) {
            return b;
        }
        return path.startsWith("/") ? b + path : b + "/" + path;
    }

    /** The value of a query parameter of a URL, or null. */
    public static String query(String url, String name) {
        int q = url.indexOf('?');
        if (q < 0) {
            return null;
        }
        for (String part : url.substring(q + 1).split("&")) {
            if (part.startsWith(name + "=")) {
                return part.substring(name.length() + 1);
            }
        }
        return null;
    }
}
