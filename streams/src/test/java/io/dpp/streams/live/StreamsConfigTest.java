package io.dpp.streams.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dpp.runtime.RuntimeSections;
import io.dpp.runtime.config.ConfigException;
import io.dpp.runtime.config.ConfigSection;
import io.dpp.runtime.config.DppConfig;
import io.dpp.streams.venue.Venues;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StreamsConfigTest {

    private static List<ConfigSection<?>> sections() {
        List<ConfigSection<?>> s = new ArrayList<>(RuntimeSections.all());
        s.add(new ConfigSection<>("streams", StreamsConfig.class, StreamsConfig::check));
        return s;
    }

    @Test
    void defaultsCoverEveryVenueWithBtcAndEth() {
        StreamsConfig c = DppConfig.load(null, Map.of(), sections()).section(StreamsConfig.class);
        assertEquals(Venues.ids().stream().sorted().toList(), c.venues().keySet().stream().sorted().toList());
        c.venues().forEach((id, v) -> {
            assertTrue(v.enabled(), id);
            assertTrue(v.symbols().orElseThrow().stream().anyMatch(s -> s.toUpperCase().contains("BTC") || s.toUpperCase().contains("XBT")), id);
            assertTrue(v.symbols().orElseThrow().stream().anyMatch(s -> s.toUpperCase().contains("ETH")), id);
            assertTrue(v.channels().contains("book"), id);
        });
        assertEquals(Duration.ofSeconds(30), c.connection().deadAfter());
        assertEquals(0.5, c.connection().limitShare());
    }

    @Test
    void environmentOverridesListsAndVenueKeys() {
        StreamsConfig c = DppConfig.load(null, Map.of("DPP_STREAMS_VENUES_BINANCE_SYMBOLS", "BTCUSDT",
                "DPP_STREAMS_VENUES_BINANCE_FUTURES_ENABLED", "false",
                "DPP_STREAMS_VENUES_KRAKEN_WS_URL", "ws://127.0.0.1:9400/kraken"), sections()).section(StreamsConfig.class);
        assertEquals(List.of("BTCUSDT"), c.venues().get("binance").symbols().orElseThrow());
        assertFalse(c.venues().get("binance-futures").enabled());
        assertEquals("ws://127.0.0.1:9400/kraken", c.venues().get("kraken").wsUrl().orElseThrow());
    }

    /** symbols: all (YAML scalar or list) is every listed instrument; beside other symbols it is an error. */
    @Test
    void allStandsAlone(@TempDir Path dir) throws IOException {
        Path ok = dir.resolve("ok.yaml");
        Files.writeString(ok, """
                streams:
                  venues:
                    kraken:
                      symbols: all
                """);
        StreamsConfig c = DppConfig.load(ok, Map.of(), sections()).section(StreamsConfig.class);
        assertEquals(List.of("all"), c.venues().get("kraken").symbols().orElseThrow());
        assertTrue(StreamsConfig.isAll(c.venues().get("kraken").symbols().orElseThrow().get(0)));
        Path mixed = dir.resolve("mixed.yaml");
        Files.writeString(mixed, """
                streams:
                  venues:
                    kraken:
                      symbols: [ALL, XBT/USD]
                """);
        ConfigException e = assertThrows(ConfigException.class, () -> DppConfig.load(mixed, Map.of(), sections()));
        assertTrue(e.getMessage().contains("streams.venues.kraken.symbols: all stands alone"), e.getMessage());
    }

    @Test
    void problemsNameTheirKeys(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("dpp.yaml");
        Files.writeString(file, """
                streams:
                  venues:
                    nosuch:
                      symbols: [X]
                    binance:
                      symbols: []
                      channels: [book, candles, tickers]
                      rest-url: ftp://example.com
                  connection:
                    dead-after: 5s
                    ping-after: 10s
                    limit-share: 2
                """);
        ConfigException e = assertThrows(ConfigException.class, () -> DppConfig.load(file, Map.of(), sections()));
        String m = e.getMessage();
        assertTrue(m.contains("streams.venues.nosuch: unknown venue"), m);
        assertTrue(m.contains("streams.venues.binance.symbols: an enabled venue needs at least one symbol"), m);
        assertTrue(m.contains("streams.venues.binance.channels: binance has no tickers channel"), m);
        assertTrue(m.contains("streams.venues.binance.rest-url: must start with http:// or https://"), m);
        assertTrue(m.contains("streams.connection.dead-after: must be longer than ping-after"), m);
        assertTrue(m.contains("streams.connection.limit-share: must be in (0, 1]"), m);
    }
}
