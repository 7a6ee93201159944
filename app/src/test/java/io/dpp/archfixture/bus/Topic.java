package io.dpp.archfixture.bus;

/** Fixture: the bus, which the history API must not consume. */
public class Topic {
    public long offset() {
        return 0;
    }
}
