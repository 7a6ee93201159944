package io.dpp.streams.live;

import io.dpp.streams.venue.Subscription;
import io.dpp.streams.venue.Venue;
import java.util.List;

/**
 * What one venue feed connects to and subscribes: endpoints, listing paths, and either symbols
 * and channels as configured (resolved against the listing) or explicit streams (what a capture
 * subscribed to, for {@code --replay}).
 *
 * @param venue        the venue
 * @param wsUrl        WebSocket base URL
 * @param restUrl      REST base URL
 * @param listingPaths REST paths of the instrument listing
 * @param symbols      configured symbols (native or normalized); ignored when {@code streams} is not empty
 * @param channels     configured channel kinds or venue channel names
 * @param streams      explicit streams, or empty
 */
public record FeedSetup(Venue venue, String wsUrl, String restUrl, List<String> listingPaths, List<String> symbols,
                        List<String> channels, List<Subscription> streams) {

    public FeedSetup {
        listingPaths = List.copyOf(listingPaths);
        symbols = List.copyOf(symbols);
        channels = List.copyOf(channels);
        streams = List.copyOf(streams);
    }

    /** The setup of a venue as the configuration describes it. */
    public static FeedSetup fromConfig(Venue venue, StreamsConfig.VenueSettings v) {
        return new FeedSetup(venue, v.wsUrl().orElse(venue.protocol().defaultWsUrl()),
                v.restUrl().orElse(venue.protocol().defaultRestUrl()),
                v.listingPaths().orElse(venue.protocol().listingPaths()), v.symbols().orElse(List.of()), v.channels(), List.of());
    }
}
