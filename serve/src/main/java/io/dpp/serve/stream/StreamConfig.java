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

    /** Events of the resumable channels kept for clients that reconnect with a cursor. */
    int resumeEvents();

    /** Bytes of messages kept for clients that reconnect with a cursor. */
    long resumeBytes();

    /** Checks that the types do not express. */
    static void check(StreamConfig c, List<String> problems) {
        if (c.clientQueue() < 16) {
            problems.add("stream.client-queue: must be at least 16, got " + c.clientQueue());
        }
        if (c.heartbeat().isNegative() || c.heartbeat().isZero()) {
            problems.add("stream.heartbeat: must be positive, got " + DurationConverter.text(c.heartbeat()));
        }
        if (c.resumeEvents() < 1024 || c.resumeEvents() > (1 << 26)) {
            problems.add("stream.resume-events: must be from 1024 to " + (1 << 26) + ", got " + c.resumeEvents());
        }
        if (c.resumeBytes() < (1L << 20) || c.resumeBytes() > (1L << 36)) {
            problems.add("stream.resume-bytes: must be from 1048576 (1 MiB) to " + (1L << 36) + " (64 GiB), got " + c.resumeBytes());
        }
        if (c.maxSubscriptions() < 1) {
            problems.add("stream.max-subscriptions: must be at least 1, got " + c.maxSubscriptions());
        }
    }
}
