package io.dpp.streams.live;

import io.dpp.runtime.config.DurationConverter;
import io.dpp.streams.venue.ChannelKind;
import io.dpp.streams.venue.Venue;
import io.dpp.streams.venue.Venues;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code streams} section: which venues the feeds connect to, with which symbols and
 * channels, and how connections behave. Defaults (every venue, BTC and ETH against USD/USDT and
 * the main perpetuals) are in the streams jar's {@code META-INF/dpp/defaults.yaml}.
 */
@ConfigMapping(prefix = "streams")
public interface StreamsConfig {

    /** Per venue id ("binance", "kraken-futures", ...). */
    Map<String, VenueSettings> venues();

    /** Connection behaviour shared by every venue. */
    Connection connection();

    /**
     * A folder to write native captures of every connection into (fixture format), or empty for
     * none; {@code dpp record --capture-out} sets it for one run.
     */
    Optional<String> captureOut();

    /** The {@code symbols} entry that asks for every instrument a venue lists. */
    String ALL_SYMBOLS = "all";

    /** True for the {@value #ALL_SYMBOLS} entry (any case). */
    static boolean isAll(String symbol) {
        return ALL_SYMBOLS.equalsIgnoreCase(symbol.strip());
    }

    /** One venue's feed. */
    interface VenueSettings {

        /** Connect to this venue. */
        @WithDefault("true")
        boolean enabled();

        /**
         * Instruments: native symbols as the venue lists them ("BTCUSDT", "XBT/USD"), or normalized
         * ones ("BTC-USDT"); or {@value StreamsConfig#ALL_SYMBOLS} alone for every instrument the
         * venue lists.
         */
        Optional<List<String>> symbols();

        /** Channel kinds (book, trades, quotes, tickers, candles, liquidations) or the venue's own channel names. */
        @WithDefault("book,trades,quotes")
        List<String> channels();

        /** WebSocket base URL; the venue's public one when absent. */
        Optional<String> wsUrl();

        /** REST base URL; the venue's public one when absent. */
        Optional<String> restUrl();

        /** REST paths of the instrument listing; the venue's default when absent. */
        Optional<List<String>> listingPaths();
    }

    /** How connections are kept up. */
    interface Connection {

        /** Give up a connection attempt (TCP, TLS and WebSocket handshake) after this long. */
        Duration connectTimeout();

        /** First reconnect delay; it doubles per failed attempt, with jitter. */
        Duration reconnectInitial();

        /** Cap of the reconnect delay. */
        Duration reconnectMax();

        /** A connection that stayed up this long resets the reconnect delay. */
        Duration stableAfter();

        /** With nothing received for this long, the feed pings the venue. */
        Duration pingAfter();

        /** With nothing received at all (no data, heartbeat or pong) for this long, the socket is dead: reconnect. */
        Duration deadAfter();

        /** A book in sync with no change for this long, on a live connection, is reported quiet. */
        Duration quietAfter();

        /** A book being rebuilt that is not back in sync after this long is asked for again. */
        Duration recoveryTimeout();

        /**
         * The feeds report ready once every venue's connections have received data and every book
         * is in sync, or at the latest this long after the start (a venue that is down must not hold
         * a rollout forever); 0s: ready at once.
         */
        Duration readyWithin();

        /**
         * Books of venues whose feed cannot show a lost message (no sequence number, no checksum:
         * Coinbase level2, BitMEX, Bitstamp, Bybit's legacy books) are rebuilt from a fresh snapshot
         * this often, so that an undetectable loss cannot leave them wrong for long; 0s turns it off.
         */
        Duration rebuildUnsequencedEvery();

        /** Timeout of one REST request (listing, snapshot). */
        Duration requestTimeout();

        /** Reconnect this long before a venue's documented maximum connection age (Binance: 24 h). */
        Duration maxAgeMargin();

        /** Share (0 to 1] of each documented venue allowance the feeds use. */
        double limitShare();
    }

    /** Checks the types do not express, every problem naming its key. */
    static void check(StreamsConfig config, List<String> problems) {
        for (Map.Entry<String, VenueSettings> e : config.venues().entrySet()) {
            String key = "streams.venues." + e.getKey();
            if (!Venues.ids().contains(e.getKey())) {
                problems.add(key + ": unknown venue; venues: " + String.join(", ", Venues.ids()));
                continue;
            }
            Venue venue = Venues.get(e.getKey());
            VenueSettings v = e.getValue();
            List<String> symbols = v.symbols().orElse(List.of());
            if (v.enabled() && symbols.isEmpty()) {
                problems.add(key + ".symbols: an enabled venue needs at least one symbol (or " + ALL_SYMBOLS + ")");
            }
            if (symbols.size() > 1 && symbols.stream().anyMatch(StreamsConfig::isAll)) {
                problems.add(key + ".symbols: " + ALL_SYMBOLS + " stands alone (every listed instrument), got " + symbols);
            }
            for (String channel : v.channels()) {
                ChannelKind kind = ChannelKind.fromConfigName(channel);
                if (kind != null && venue.protocol().channel(kind) == null) {
                    problems.add(key + ".channels: " + e.getKey() + " has no " + channel + " channel DPP decodes");
                } else if (channel.isBlank()) {
                    problems.add(key + ".channels: empty channel name");
                }
            }
            v.wsUrl().ifPresent(u -> checkUrl(problems, key + ".ws-url", u, "ws://", "wss://"));
            v.restUrl().ifPresent(u -> checkUrl(problems, key + ".rest-url", u, "http://", "https://"));
        }
        Connection c = config.connection();
        positive(problems, "streams.connection.connect-timeout", c.connectTimeout());
        positive(problems, "streams.connection.reconnect-initial", c.reconnectInitial());
        positive(problems, "streams.connection.ping-after", c.pingAfter());
        positive(problems, "streams.connection.quiet-after", c.quietAfter());
        positive(problems, "streams.connection.recovery-timeout", c.recoveryTimeout());
        if (c.readyWithin().isNegative() || c.readyWithin().compareTo(Duration.ofHours(1)) > 0) {
            problems.add("streams.connection.ready-within: must be from 0s to 1h, got " + c.readyWithin());
        }
        positive(problems, "streams.connection.request-timeout", c.requestTimeout());
        if (c.reconnectMax().compareTo(c.reconnectInitial()) < 0) {
            problems.add("streams.connection.reconnect-max: must not be below reconnect-initial (" + DurationConverter.text(c.reconnectInitial())
                    + "), got " + DurationConverter.text(c.reconnectMax()));
        }
        if (c.deadAfter().compareTo(c.pingAfter()) <= 0) {
            problems.add("streams.connection.dead-after: must be longer than ping-after (" + DurationConverter.text(c.pingAfter())
                    + ") so that a ping can be answered, got " + DurationConverter.text(c.deadAfter()));
        }
        if (c.rebuildUnsequencedEvery().isNegative()) {
            problems.add("streams.connection.rebuild-unsequenced-every: must not be negative, got " + DurationConverter.text(c.rebuildUnsequencedEvery()));
        }
        if (c.stableAfter().isNegative() || c.maxAgeMargin().isNegative()) {
            problems.add("streams.connection.stable-after and max-age-margin: must not be negative");
        }
        if (!(c.limitShare() > 0 && c.limitShare() <= 1)) {
            problems.add("streams.connection.limit-share: must be in (0, 1], got " + c.limitShare());
        }
    }

    private static void positive(List<String> problems, String key, Duration d) {
        if (d.isNegative() || d.isZero()) {
            problems.add(key + ": must be positive, got " + d);
        }
    }

    private static void checkUrl(List<String> problems, String key, String url, String... schemes) {
        for (String s : schemes) {
            if (url.startsWith(s) && url.length() > s.length()) {
                return;
            }
        }
        problems.add(key + ": must start with " + String.join(" or ", schemes) + ", got " + url);
    }
}
