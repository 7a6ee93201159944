package io.dpp.streams.venue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dpp.streams.Fixtures;
import io.dpp.streams.capture.Capture;
import io.dpp.streams.capture.CaptureReader;
import io.dpp.streams.replay.CaptureDirectory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every venue's endpoints.json loads, names a book channel that its own rule recognises, and
 * tells book channels from the others as the venue names them; a missing file fails clearly.
 */
class VenueEndpointsTest {

    @Test
    void everyVenueHasItsEndpointsAndItsBookChannelIsABookChannel() {
        assertThat(Venues.ids()).hasSizeGreaterThanOrEqualTo(11);
        for (String id : Venues.ids()) {
            VenueProtocol p = Venues.get(id).protocol();
            assertThat(p.defaultWsUrl()).as(id).startsWith("wss://");
            assertThat(p.defaultRestUrl()).as(id).startsWith("https://");
            assertThat(p.listingPaths()).as(id).isNotEmpty().allMatch(path -> path.startsWith("/"));
            assertThat(p.channel(ChannelKind.BOOK)).as(id).isNotNull();
            assertThat(p.channel(ChannelKind.TRADES)).as(id).isNotNull();
            assertThat(p.isBookChannel(p.channel(ChannelKind.BOOK))).as(id).isTrue();
            if (!p.channel(ChannelKind.TRADES).equals(p.channel(ChannelKind.BOOK))) {
                // (Gemini's l2 channel carries a symbol's book and its trades: one subscription.)
                assertThat(p.isBookChannel(p.channel(ChannelKind.TRADES))).as(id).isFalse();
            }
        }
    }

    @Test
    void bookChannelsAreToldApartAsEachVenueNamesThem() {
        Map<String, Map<String, Boolean>> cases = Map.of(
                "binance", Map.of("depth@100ms", true, "depth", true, "depth20@100ms", false, "depth5", false, "aggTrade", false),
                "binance-futures", Map.of("depth@100ms", true, "depth10", false, "markPrice@1s", false),
                "deribit", Map.of("book.100ms", true, "book.BTC-PERPETUAL.100ms", false, "trades.100ms", false),
                "okx", Map.of("books", true, "books-l2-tbt", true, "books50-l2-tbt", true, "books5", false, "bbo-tbt", false),
                "bybit", Map.of("orderbook.50", true, "orderBookL2_25", true, "publicTrade", false),
                "kraken-futures", Map.of("book", true, "book_snapshot", false, "ticker", false),
                "bitstamp", Map.of("diff_order_book", true, "order_book", false),
                "coinbase", Map.of("level2_batch", true, "level2", true, "ticker", false));
        cases.forEach((venue, names) -> names.forEach((name, book) ->
                assertThat(Venues.get(venue).protocol().isBookChannel(name)).as(venue + " " + name).isEqualTo(book)));
        assertThat(Venues.get("binance").protocol().channel(ChannelKind.LIQUIDATIONS)).isNull();
        assertThat(Venues.get("binance-futures").protocol().channel(ChannelKind.LIQUIDATIONS)).isEqualTo("forceOrder");
    }

    @Test
    void aMissingFileFailsNamingIt() {
        assertThatThrownBy(() -> VenueEndpoints.load(VenueEndpointsTest.class, "nope.json"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("io/dpp/streams/venue/nope.json");
    }

    @Test
    void aUrlNamesItsVenueByHostThenByDomain() throws IOException {
        // Every connection and REST request of the fixture captures, recorded over years: some hosts have moved since.
        int urls = 0;
        for (CaptureDirectory.VenueCaptures v : Fixtures.venues()) {
            List<Path> files = new ArrayList<>(v.websocket());
            files.addAll(v.rest());
            if (v.listing() != null) {
                // A listing shared by the venues of one capture prefix (BIT.COM) names each of them in one of its requests.
                Capture listing = CaptureReader.read(v.listing());
                List<java.util.Optional<String>> named = new ArrayList<>();
                for (int i = 0; i < listing.size(); i++) {
                    named.add(Venues.ofUrl(listing.url(i)));
                }
                assertThat(named).as(v.listing().toString()).contains(java.util.Optional.of(v.venue().id()));
                urls++;
            }
            for (Path file : files) {
                Capture c = CaptureReader.read(file);
                String url = c.connectUrl() != null ? c.connectUrl() : c.size() > 0 ? c.url(0) : null;
                assertThat(url).as(file.toString()).isNotNull();
                assertThat(Venues.ofUrl(url)).as(file + ": " + url).hasValue(v.venue().id());
                urls++;
            }
        }
        assertThat(urls).isGreaterThanOrEqualTo(Venues.ids().size());
        // Nothing to say of the simulator, of another kraken.com host (two venues live there), or of garbage.
        assertThat(Venues.ofUrl("ws://127.0.0.1:8900/kraken")).isEmpty();
        assertThat(Venues.ofUrl("wss://beta-ws.kraken.com")).isEmpty();
        assertThat(Venues.ofUrl("not a url at all")).isEmpty();
        assertThat(Venues.ofUrl(null)).isEmpty();
    }
}
