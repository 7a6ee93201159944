package io.dpp.archfixture.streams.venue.simulation;

/** Fixture: a venue's simulator part. */
public class Writer {
    public String snapshot() {
        return "{}";
    }
}
