package io.dpp.archfixture.streams.venue;

import io.dpp.archfixture.streams.venue.simulation.Writer;

/** Fixture: a venue's definition names its simulator part, which the rules allow. */
public class Listing {
    public Writer simulation() {
        return new Writer();
    }
}
