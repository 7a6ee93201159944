package io.dpp.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.dpp.streams.Fixtures;
import io.dpp.streams.live.ReplayProgress;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Cryptofeed recorded Kraken's trades, tickers and books on three connections at once; a feed
 * asks for them on one, and at full speed one recorded connection may play to its end before the
 * client has asked for the next. Each message must still carry the time it was received at when
 * recorded, whatever the order the recorded connections come in: clamping the book's messages to
 * after the trades' last one (30 s later) stored the whole book within a few milliseconds, and a
 * second replay of the same capture stored it again at other times.
 */
class RecordedConnectionsTimesTest {

    private static final String TRADES = "{\"event\":\"subscribe\",\"pair\":[\"WAVES/EUR\",\"KSM/XBT\",\"GRT/ETH\",\"SC/EUR\","
            + "\"OCEAN/XBT\",\"XBT/CHF\"],\"subscription\":{\"name\":\"trade\"}}";
    private static final String BOOKS = "{\"event\":\"subscribe\",\"pair\":[\"WAVES/EUR\",\"KSM/XBT\",\"GRT/ETH\",\"SC/EUR\","
            + "\"OCEAN/XBT\",\"XBT/CHF\"],\"subscription\":{\"name\":\"book\",\"depth\":1000}}";

    @Test
    void eachRecordedConnectionKeepsItsTimesWhicheverComesFirst() throws Exception {
        Path dir = Fixtures.dir();
        int trades = received(Fixtures.file("kraken/cryptofeed/KRAKEN.ws.48.0"));
        int books = received(Fixtures.file("kraken/cryptofeed/KRAKEN.ws.50.0"));
        List<List<Long>> tradesFirst = serve(dir, TRADES, trades, BOOKS, books);
        List<List<Long>> booksFirst = serve(dir, BOOKS, books, TRADES, trades);
        assertThat(tradesFirst.get(1)).as("the book's times, asked for after the trades had all gone").hasSize(books)
                .isEqualTo(booksFirst.get(0));
        assertThat(tradesFirst.get(0)).as("the trades' times, asked for before or after the book").hasSize(trades)
                .isEqualTo(booksFirst.get(1));
        long lastTrade = tradesFirst.get(0).get(trades - 1);
        assertThat(tradesFirst.get(1).get(0)).as("the book's first message, received when recorded, before the trades' last")
                .isLessThan(lastTrade);
        assertThat(tradesFirst.get(1).get(books - 1) - tradesFirst.get(1).get(0)).as("the book's span, micros")
                .isGreaterThan(20_000_000L);
    }

    /** Messages the venue sent on a recorded connection: its lines that start with their time. */
    private static int received(Path capture) throws Exception {
        return (int) Files.readAllLines(capture).stream().filter(l -> l.matches("^[0-9]+(\\.[0-9]+)?: .*")).count();
    }

    /**
     * One client connection to a fresh simulator: asks for {@code first}, takes the times of its
     * {@code firstCount} messages off the connection's clock as a feed does, then asks for
     * {@code second} and takes those of its {@code secondCount}.
     */
    private static List<List<Long>> serve(Path dir, String first, int firstCount, String second, int secondCount) throws Exception {
        Vertx vertx = Vertx.vertx();
        try (SimServer sim = SimServer.start(dir, Set.of("kraken"), "127.0.0.1", 0, Double.POSITIVE_INFINITY, FaultSpec.parse(null))) {
            sim.feedsAttached();
            // Kraken's first book messages (1000 levels a side) are larger than Vert.x's default frame.
            WebSocket ws = vertx.createWebSocketClient(new io.vertx.core.http.WebSocketClientOptions().setMaxFrameSize(1 << 24)
                    .setMaxMessageSize(1 << 26)).connect(new WebSocketConnectOptions()
                    .setAbsoluteURI(sim.feedSetups().get("kraken").wsUrl())).toCompletionStage().toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);
            ReplayProgress.ReplayClock clock = sim.clock("kraken", ws.localAddress().port());
            assertThat(clock).isNotNull();
            List<Long> firstTimes = new ArrayList<>();
            List<Long> secondTimes = new ArrayList<>();
            CompletableFuture<Void> firstDone = new CompletableFuture<>();
            CompletableFuture<Void> secondDone = new CompletableFuture<>();
            ws.textMessageHandler(m -> {
                long t = clock.next();
                if (!firstDone.isDone()) {
                    firstTimes.add(t);
                    if (firstTimes.size() == firstCount) {
                        firstDone.complete(null);
                    }
                } else {
                    secondTimes.add(t);
                    if (secondTimes.size() == secondCount) {
                        secondDone.complete(null);
                    }
                }
            });
            ws.writeTextMessage(first);
            try {
                firstDone.get(10, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                throw new AssertionError("received " + firstTimes.size() + " of " + firstCount);
            }
            ws.writeTextMessage(second);
            try {
                secondDone.get(20, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                throw new AssertionError("received " + secondTimes.size() + " of " + secondCount + " after the second subscription");
            }
            return List.of(firstTimes, secondTimes);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }
}
