package io.dpp.streams.venue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dpp.streams.Fixtures;
import io.dpp.streams.capture.Capture;
import io.dpp.streams.capture.CaptureReader;
import io.dpp.streams.replay.CaptureDirectory;
import io.dpp.streams.replay.CaptureStreams;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every venue protocol reads the subscriptions of the recorded captures, writes subscribe
 * messages for them, and reads its own messages back to the same streams: the configuration, the
 * captures and the simulator speak of streams the same way.
 */
class VenueProtocolTest {

    @Test
    void everyVenueHasCaptures() throws IOException {
        Map<String, CaptureDirectory.VenueCaptures> all = CaptureDirectory.scan(Fixtures.dir());
        assertEquals(Venues.ids(), List.copyOf(all.keySet()), "a capture directory per venue");
        for (CaptureDirectory.VenueCaptures v : all.values()) {
            assertNotNull(v.listing(), v.venue().id() + " has a listing");
            boolean book = false;
            InstrumentCatalog listed = v.venue().parseListing(CaptureReader.read(v.listing()));
            for (Path ws : v.websocket()) {
                book |= CaptureStreams.of(v.venue().protocol(), CaptureReader.read(ws), listed).stream()
                        .anyMatch(s -> v.venue().protocol().isBookChannel(s.channel()));
            }
            assertTrue(book, v.venue().id() + " has a captured book channel");
        }
        assertEquals(2, all.get("bybit").websocket().size());
        assertEquals(3, all.get("kraken").websocket().size());
        assertEquals(1, all.get("binance").rest().size());
    }

    @TestFactory
    Stream<DynamicTest> capturedSubscriptionsRoundTrip() {
        List<DynamicTest> tests = new ArrayList<>();
        for (CaptureDirectory.VenueCaptures v : CaptureDirectory.scan(Fixtures.dir()).values()) {
            for (Path ws : v.websocket()) {
                tests.add(DynamicTest.dynamicTest(ws.getFileName().toString(), () -> roundTrip(v, ws)));
            }
        }
        return tests.stream();
    }

    private static void roundTrip(CaptureDirectory.VenueCaptures v, Path ws) throws IOException {
        VenueProtocol protocol = v.venue().protocol();
        Capture capture = CaptureReader.read(ws);
        InstrumentCatalog catalog = v.venue().parseListing(CaptureReader.read(v.listing()));
        List<Subscription> streams = CaptureStreams.of(protocol, capture, catalog);
        assertFalse(streams.isEmpty(), "streams read from the capture");
        for (Subscription s : streams) {
            assertNotNull(catalog.find(s.symbol()), s + ": the symbol is a native symbol of the listing");
            assertFalse(s.channel().contains(s.symbol()), s + ": the channel does not repeat the symbol");
        }

        List<ConnectionPlan> plans = protocol.plan(protocol.defaultWsUrl(), streams, catalog);
        Set<Subscription> planned = new HashSet<>();
        for (ConnectionPlan plan : plans) {
            Set<Subscription> read = new HashSet<>();
            ClientRequest connect = protocol.parseClient(plan.url(), null, catalog);
            if (connect.type() == ClientRequest.Type.SUBSCRIBE) {
                read.addAll(connect.subscriptions());
            }
            for (String m : plan.messages()) {
                ClientRequest r = protocol.parseClient(plan.url(), m, catalog);
                if (r.type() == ClientRequest.Type.SUBSCRIBE) {
                    read.addAll(r.subscriptions());
                }
            }
            assertEquals(new HashSet<>(plan.subscriptions()), read, plan.url() + ": messages carry the planned streams");
            assertTrue(plan.subscriptions().size() <= protocol.limits().subscriptionsPerConnection());
            planned.addAll(read);
        }
        assertEquals(new HashSet<>(streams), planned, "every stream planned once");

        // The capture's own URL path is the one the plan uses for its streams.
        String capturedUrl = CaptureStreams.url(capture);
        assertTrue(plans.stream().anyMatch(p -> path(p.url()).equals(path(capturedUrl))),
                "captured " + capturedUrl + " among planned " + plans.stream().map(ConnectionPlan::url).toList());

        Subscription book = streams.stream().filter(s -> protocol.isBookChannel(s.channel())).findFirst().orElse(null);
        if (book == null) {
            return; // a trades or ticker connection
        }
        if (protocol.subscriptionIsWhole()) {
            // The connection's request is sent again, whole (Upbit): it names the book.
            ConnectionPlan holder = plans.stream().filter(p -> p.subscriptions().contains(book)).findFirst().orElseThrow();
            ClientRequest again = protocol.parseClient(capturedUrl, holder.messages().get(holder.messages().size() - 1), catalog);
            assertEquals(ClientRequest.Type.SUBSCRIBE, again.type());
            assertTrue(again.subscriptions().contains(book), "the connection's request asks for the book again: " + again);
        } else if (protocol.recovery() == VenueProtocol.Recovery.RESUBSCRIBE) {
            List<String> again = protocol.resubscribe(book, v.venue().newDecoder(catalog,
                    new io.dpp.streams.feed.FeedOutput(v.venue().id(), new io.dpp.streams.feed.FeedStats(), new io.dpp.core.model.MarketEventListener() { })));
            ClientRequest last = protocol.parseClient(capturedUrl, again.get(again.size() - 1), catalog);
            // (ProBit subscribes the book's market again with every kind its unsubscribe ended; AscendEX
            // keeps the subscription and asks for the book's snapshot.)
            ClientRequest.Type expected = protocol.snapshotsAsked() ? ClientRequest.Type.SNAPSHOT : ClientRequest.Type.SUBSCRIBE;
            assertEquals(expected, last.type(), "resubscribing ends with a " + expected + ": " + last);
            assertTrue(last.subscriptions().contains(book), "resubscribing ends with a request of the book: " + last);
        } else {
            String snapshot = protocol.snapshotPath(catalog.find(streams.get(0).symbol()));
            assertTrue(snapshot.startsWith("/"), snapshot);
        }
    }

    @Test
    void streamsAreSpreadOverConnectionsWithinEachVenuesLimits() throws IOException {
        Map<String, CaptureDirectory.VenueCaptures> all = CaptureDirectory.scan(Fixtures.dir());
        // Bitfinex: 25 channels per connection, conf first on each.
        InstrumentCatalog bitfinex = Venues.get("bitfinex").parseListing(CaptureReader.read(all.get("bitfinex").listing()));
        List<Subscription> books = new ArrayList<>();
        for (var i : bitfinex.all().subList(0, 60)) {
            books.add(new Subscription("book:P0:F0:100", i.nativeSymbol()));
        }
        List<ConnectionPlan> plans = Venues.get("bitfinex").protocol().plan("wss://x", books, bitfinex);
        assertEquals(List.of(25, 25, 10), plans.stream().map(p -> p.subscriptions().size()).toList());
        for (ConnectionPlan p : plans) {
            assertTrue(p.messages().get(0).startsWith("{\"event\":\"conf\""), p.messages().get(0));
            assertEquals(p.subscriptions().size() + 1, p.messages().size());
        }
        // Binance: streams named in the URL, 200 per connection.
        InstrumentCatalog binance = Venues.get("binance").parseListing(CaptureReader.read(all.get("binance").listing()));
        List<Subscription> depth = new ArrayList<>();
        for (var i : binance.all().subList(0, 450)) {
            depth.add(new Subscription("depth@100ms", i.nativeSymbol()));
        }
        plans = Venues.get("binance").protocol().plan("wss://stream.binance.com:9443", depth, binance);
        assertEquals(List.of(200, 200, 50), plans.stream().map(p -> p.subscriptions().size()).toList());
        assertTrue(plans.get(0).url().startsWith("wss://stream.binance.com:9443/stream?streams=" + binance.all().get(0)
                .nativeSymbol().toLowerCase() + "@depth@100ms/"), plans.get(0).url());
        // Bybit: at most 10 topics per subscribe message.
        InstrumentCatalog bybit = Venues.get("bybit").parseListing(CaptureReader.read(all.get("bybit").listing()));
        List<Subscription> topics = new ArrayList<>();
        for (var i : bybit.all()) {
            topics.add(new Subscription("orderbook.50", i.nativeSymbol()));
        }
        for (ConnectionPlan p : Venues.get("bybit").protocol().plan("wss://stream.bybit.com", topics, bybit)) {
            for (String m : p.messages()) {
                assertTrue(Venues.get("bybit").protocol().parseClient(p.url(), m).subscriptions().size() <= 10, m);
            }
        }
    }

    private static String path(String url) {
        String rest = url.replaceFirst("^[a-z]+://[^/?]+", "");
        int q = rest.indexOf('?');
        String p = q < 0 ? rest : rest.substring(0, q);
        return p.isEmpty() ? "/" : p;
    }
}
