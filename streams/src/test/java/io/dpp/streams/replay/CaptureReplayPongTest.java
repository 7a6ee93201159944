package io.dpp.streams.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.dpp.core.model.MarketEventListener;
import io.dpp.streams.Fixtures;
import io.dpp.streams.capture.CaptureReader;
import io.dpp.streams.venue.InstrumentCatalog;
import io.dpp.streams.venue.Venue;
import io.dpp.streams.venue.Venues;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class CaptureReplayPongTest {

    /**
     * A recording made by DPP keeps the venue's text pongs (OKX answers "ping" with "pong"); the live
     * connection consumes them, and so does an offline replay, while any other text is still a
     * decode error.
     */
    @Test
    void theVenuesTextPongIsNoMessage() throws Exception {
        Venue okx = Venues.get("okx");
        InstrumentCatalog catalog = okx.parseListing(CaptureReader.read(Fixtures.file("okx/cryptofeed/OKX.0")));
        String capture = "wss://ws.okx.com:8443/ws/v5/public <-> 1.0\n"
                + "wss://ws.okx.com:8443/ws/v5/public <- 2.0: ping\n"
                + "3.0: pong\n"
                + "4.0: pang\n";
        CaptureReplay.Result result = new CaptureReplay(okx, catalog).run(
                CaptureReader.parse("OKX.ws.1.0", capture.getBytes(StandardCharsets.UTF_8)), List.of(), new MarketEventListener() { });
        assertThat(result.stats().decodeErrors()).isEqualTo(1); // "pang" only
    }
}
