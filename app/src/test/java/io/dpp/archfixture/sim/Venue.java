package io.dpp.archfixture.sim;

import io.dpp.archfixture.historical.Recorder;
import io.dpp.archfixture.streams.Feed;

/** Fixture: a simulator class using the feeds' code (allowed) and the recorder (forbidden). */
public class Venue {
    public String serve(Feed feed, Recorder recorder) {
        return feed + " " + recorder;
    }
}
