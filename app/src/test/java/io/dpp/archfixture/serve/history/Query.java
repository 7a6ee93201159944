package io.dpp.archfixture.serve.history;

import io.dpp.archfixture.bus.Topic;
import io.dpp.archfixture.serve.stream.Session;

/** Fixture: a history query consuming the bus and using the live stream, which the rules forbid. */
public class Query {
    public long latest(Topic topic, Session session) {
        return topic.offset() + session.hashCode();
    }
}
