package io.dpp.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.dpp.streams.live.ReplayProgress;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The simulator keeps a capture clock for each connection only when feeds of its own process read
 * them: a standalone simulator ({@code dpp sim}) would pile up times nobody takes.
 */
class ConnectionClockServingTest {

    private static int connectAndGetLocalPort(Vertx vertx, String url) throws Exception {
        WebSocketClient client = vertx.createWebSocketClient();
        WebSocket ws = client.connect(new io.vertx.core.http.WebSocketConnectOptions().setAbsoluteURI(url))
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        return ws.localAddress().port();
    }

    @Test
    void aClockPerConnectionOnlyOnceFeedsAreAttached() throws Exception {
        SyntheticSettings settings = new SyntheticSettings(7, 0, 100, 1_700_000_000_000_000L, Long.MAX_VALUE);
        try (SimServer sim = SimServer.startSynthetic(Set.of("kraken"), settings, "127.0.0.1", 0, Double.POSITIVE_INFINITY,
                FaultSpec.parse(null))) {
            String url = sim.feedSetups().get("kraken").wsUrl();
            Vertx vertx = Vertx.vertx();
            try {
                int standalone = connectAndGetLocalPort(vertx, url);
                assertThat(sim.clock("kraken", standalone)).as("no feed reads clocks: none kept").isNull();

                sim.feedsAttached();
                int attached = connectAndGetLocalPort(vertx, url);
                ReplayProgress.ReplayClock clock = sim.clock("kraken", attached);
                assertThat(clock).as("kept from the handshake on").isNotNull();
                assertThat(clock.now()).as("starting on the market's clock").isGreaterThanOrEqualTo(settings.start());
            } finally {
                vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            }
        }
    }
}
