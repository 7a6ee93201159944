package io.dpp.archfixture.streams.live;

import io.dpp.archfixture.streams.venue.simulation.Writer;

/** Fixture: the live feed running a venue's simulator part, which the rules forbid. */
public class Publisher {
    public String publish() {
        return new Writer().snapshot();
    }
}
