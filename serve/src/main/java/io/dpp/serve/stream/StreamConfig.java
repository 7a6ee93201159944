package io.dpp.serve.stream;

import io.dpp.runtime.config.DurationConverter;
import io.smallrye.config.ConfigMapping;
import java.time.Duration;
import java.util.List;

/** The {@code stream} section: the live WebSocket API at {@code /api/v1/stream}. */
@ConfigMapping(prefix = "stream")
public interface StreamConfig {

    /** Messages a client may have queued before books and quotes are conflated, then the client dropped. */
    int clientQueue();

    /** Server heartbeat to every client this often. */
    Duration heartbeat();

    /** Subscriptions one connection may hold. */
    int maxSubscriptions();

    /** Checks that the types do not express. */
    static void check(StreamConfig c, List<String> problems) {
        if (c.clientQueue() < 16) {
            problems.add("stream.client-queue: must be at least 16, got " + c.clientQueue());
        }
        if (c.heartbeat().isNegative() || c.heartbeat().isZero()) {
            problems.add("stream.heartbeat: must be positive, got " + DurationConverter.text(c.heartbeat()));
        }
        if (c.maxSubscriptions() < 1) {
            problems.add("stream.max-subscriptions: must be at least 1, got " + c.maxSubscriptions());
        }
    }
}
