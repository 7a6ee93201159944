package io.dpp.archfixture.core;

import io.dpp.archfixture.app.Wiring;
import io.dpp.archfixture.streams.Feed;

/** Fixture: a core class depending on the app and on a service, which the rules forbid. */
public class Price {
    public String owner(Feed feed) {
        return Wiring.name() + feed;
    }
}
