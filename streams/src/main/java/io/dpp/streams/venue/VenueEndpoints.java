package io.dpp.streams.venue;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * What a venue's public API is, as data: where it is, where its instrument listing comes from, and
 * what its channels are called. Each venue keeps it in {@code endpoints.json} in its own package
 * ({@link #load}); what it says and how it is spoken (subscribe messages, limits, recovery) stays
 * with its {@link VenueProtocol}.
 *
 * @param wsUrl        the public WebSocket base, no path
 * @param restUrl      the public REST base, no path
 * @param listingPaths REST paths (query included) whose responses together form the instrument listing
 * @param channels     the venue channel serving each kind DPP subscribes to; a kind absent has none
 * @param bookChannel  true for the channel names that carry an L2 book
 */
public record VenueEndpoints(String wsUrl, String restUrl, List<String> listingPaths, Map<ChannelKind, String> channels,
                             Predicate<String> bookChannel) {

    public VenueEndpoints {
        Objects.requireNonNull(wsUrl, "wsUrl");
        Objects.requireNonNull(restUrl, "restUrl");
        Objects.requireNonNull(bookChannel, "bookChannel");
        listingPaths = List.copyOf(listingPaths);
        EnumMap<ChannelKind, String> copy = new EnumMap<>(ChannelKind.class);
        copy.putAll(channels);
        channels = java.util.Collections.unmodifiableMap(copy);
    }

    private static final ClassValue<VenueEndpoints> BESIDE = new ClassValue<>() {
        @Override
        protected VenueEndpoints computeValue(Class<?> type) {
            return load(type, "endpoints.json");
        }
    };

    /** {@code endpoints.json} beside {@code owner}, read once per class. */
    public static VenueEndpoints beside(Class<?> owner) {
        return BESIDE.get(owner);
    }

    /**
     * Reads {@code resource} beside {@code owner} (its package), a JSON object:
     * <pre>{"ws": "wss://...", "rest": "https://...", "listing": ["/path?query", ...],
     *  "channels": {"BOOK": "...", "TRADES": "...", ...}, "book_channels": "regex of book channel names"}</pre>
     * Channel kinds are {@link ChannelKind} names; a kind left out has no channel. Fails at class
     * initialisation, naming the file and the problem, when the file is missing or wrong.
     */
    public static VenueEndpoints load(Class<?> owner, String resource) {
        String where = owner.getPackageName().replace('.', '/') + "/" + resource;
        try (java.io.InputStream in = owner.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no " + where + " on the class path");
            }
            com.fasterxml.jackson.databind.JsonNode n = new com.fasterxml.jackson.databind.ObjectMapper().readTree(in);
            List<String> listing = new java.util.ArrayList<>();
            n.path("listing").forEach(p -> listing.add(p.asText()));
            Map<ChannelKind, String> channels = new EnumMap<>(ChannelKind.class);
            n.path("channels").properties().forEach(e -> channels.put(ChannelKind.valueOf(e.getKey()), e.getValue().asText()));
            String book = text(n, "book_channels", where);
            return new VenueEndpoints(text(n, "ws", where), text(n, "rest", where), listing, channels,
                    java.util.regex.Pattern.compile(book).asMatchPredicate());
        } catch (java.io.IOException | IllegalArgumentException e) {
            throw new IllegalStateException(where + ": " + e.getMessage(), e);
        }
    }

    private static String text(com.fasterxml.jackson.databind.JsonNode n, String field, String where) {
        com.fasterxml.jackson.databind.JsonNode v = n.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw new IllegalStateException(where + ": \"" + field + "\" must be a non-empty string");
        }
        return v.asText();
    }
}
