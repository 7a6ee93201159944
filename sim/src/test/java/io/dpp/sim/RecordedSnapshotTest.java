package io.dpp.sim;

import static org.assertj.core.api.Assertions.assertThat;


import io.dpp.streams.capture.Capture;
import io.dpp.streams.venue.Venues;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A recording made through the simulator (every demo recording) has the venue's prefix in its
 * URLs; replayed, its REST snapshots must still answer the venue's own paths. They answered 404,
 * so a replay at full speed got its snapshots only after the stream had gone by and lost the book
 * changes in between.
 */
class RecordedSnapshotTest {

    @Test
    void aSnapshotRecordedThroughTheSimulatorAnswersTheVenuesOwnPath() {
        byte[] body = "{\"timestamp\": \"1\", \"microtimestamp\": \"1000000\", \"bids\": [[\"1\",\"1\"]], \"asks\": [[\"2\",\"1\"]]}"
                .getBytes(StandardCharsets.UTF_8);
        Capture recorded = Capture.ofRest("BITSTAMP.http.0.0", List.of(
                new Capture.RestResponse("http://127.0.0.1:33877/bitstamp/api/v2/order_book/btcusd", 1_000_000L, body)));
        Capture direct = Capture.ofRest("BITSTAMP.http.0.1", List.of(
                new Capture.RestResponse("https://www.bitstamp.net/api/v2/order_book/ethusd", 1_000_000L, body)));
        VenueState venue = new VenueState(Venues.get("bitstamp"), Venues.get("bitstamp").simulation().replay(), List.of(), null,
                List.of(recorded, direct), null);
        assertThat(venue.rest("/api/v2/order_book/btcusd")).as("recorded through the simulator").isEqualTo(body);
        assertThat(venue.rest("/api/v2/order_book/ethusd")).as("recorded from the venue").isEqualTo(body);
        assertThat(venue.rest("/api/v2/order_book/xrpusd")).isNull();
    }
}
