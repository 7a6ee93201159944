package io.dpp.streams.venue;

import io.dpp.streams.venue.simulation.Simulation;

/**
 * The part every venue has in the same shape: its id, its protocol and its part in the simulator,
 * given once to this constructor. A venue's class adds only what is its own: reading its listing
 * and making its decoder.
 */
public abstract class VenueDefinition implements Venue {

    private final String id;
    private final VenueProtocol protocol;
    private final Simulation simulation;

    protected VenueDefinition(String id, VenueProtocol protocol, Simulation simulation) {
        this.id = id;
        this.protocol = protocol;
        this.simulation = simulation;
    }

    @Override
    public final String id() {
        return id;
    }

    @Override
    public final VenueProtocol protocol() {
        return protocol;
    }

    @Override
    public final Simulation simulation() {
        return simulation;
    }
}
