package io.dpp.archfixture.book;

import io.dpp.archfixture.core.Price;
import io.dpp.archfixture.streams.Feed;

/** Fixture: a book class depending on core (allowed) and on a service (forbidden). */
public class Ladder {
    public String levels(Price price, Feed feed) {
        return price + " " + feed;
    }
}
