package io.dpp.streams.replay;

import io.dpp.streams.capture.Capture;
import io.dpp.streams.capture.CaptureKind;
import io.dpp.streams.venue.ClientRequest;
import io.dpp.streams.venue.InstrumentCatalog;
import io.dpp.streams.venue.Subscription;
import io.dpp.streams.venue.VenueProtocol;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The streams a WebSocket capture's client subscribed to, read from its URL and sent messages. */
public final class CaptureStreams {

    private CaptureStreams() {
    }

    /**
     * The subscriptions in force at the end of the capture, in the order they were first made;
     * {@code catalog} (the venue's listing) names the instruments of channels that carry several
     * ({@link VenueProtocol#parseClient(String, String, InstrumentCatalog)}).
     */
    public static List<Subscription> of(VenueProtocol protocol, Capture capture, InstrumentCatalog catalog) {
        Set<Subscription> subs = new LinkedHashSet<>();
        for (int i = 0; i < capture.size(); i++) {
            CaptureKind kind = capture.kind(i);
            ClientRequest request;
            if (kind == CaptureKind.CONNECT) {
                request = protocol.parseClient(capture.url(i), null, catalog);
            } else if (kind == CaptureKind.SENT) {
                request = protocol.parseClient(capture.url(i), new String(capture.bytes(), capture.offset(i),
                        capture.length(i), StandardCharsets.UTF_8), catalog);
            } else {
                continue;
            }
            if (request.type() == ClientRequest.Type.SUBSCRIBE) {
                subs.addAll(request.subscriptions());
            } else if (request.type() == ClientRequest.Type.UNSUBSCRIBE) {
                request.subscriptions().forEach(subs::remove);
            }
        }
        return new ArrayList<>(subs);
    }

    /** The URL of the capture's (first) connection, or null. */
    public static String url(Capture capture) {
        for (int i = 0; i < capture.size(); i++) {
            if (capture.kind(i) == CaptureKind.CONNECT || capture.kind(i) == CaptureKind.SENT) {
                return capture.url(i);
            }
        }
        return null;
    }
}
