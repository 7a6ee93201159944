package io.dpp.streams.venue;

import io.dpp.streams.capture.Capture;
import io.dpp.streams.feed.FeedOutput;

/**
 * What DPP knows about one venue: its id, how to read its instrument listing, how to decode
 * its traffic, and how the simulator plays it. Everything about a venue lives in its own package
 * under {@code io.dpp.streams.venue}: endpoints ({@code endpoints.json}), listing, protocol,
 * decoder, checksums, and its simulator part ({@code *Sim}, {@code *Market}).
 */
public interface Venue {

    /** The venue id used everywhere: "kraken", "binance-futures", ... */
    String id();

    /**
     * Builds the catalog from the REST responses of the venue's instrument listing (the
     * {@code <VENUE>.0} files of a capture set).
     *
     * @throws IllegalArgumentException when the listing cannot be read, naming what is wrong
     */
    InstrumentCatalog parseListing(Capture listing);

    /** A decoder for one connection. */
    VenueDecoder newDecoder(InstrumentCatalog instruments, FeedOutput output);

    /**
     * A second name prefix under which captures hold this venue's traffic, beside the one its id
     * gives ({@code BITCOM_LINEAR} for {@code bitcom-linear}): cryptofeed records Bit.com's spot and
     * linear markets alike as {@code BIT.COM}. Of the venues sharing a prefix, each connection and
     * REST capture goes to the venue whose host its URL names, and the listing to all of them. Null
     * when there is none.
     */
    default String capturePrefix() {
        return null;
    }

    /** How to connect and subscribe to the venue. */
    VenueProtocol protocol();

    /**
     * The venue as the simulator plays it (docs/simulator.md): replaying its captures (what its
     * messages acknowledge, how it writes a book snapshot) and in the synthetic market of
     * {@code dpp up --demo} (its listing and message writers).
     */
    io.dpp.streams.venue.simulation.Simulation simulation();
}
