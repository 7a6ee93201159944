package io.dpp.serve.stream;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.function.IntSupplier;
import java.util.concurrent.atomic.LongAdder;

/** The {@code dpp_stream_*} metrics of the live WebSocket API. */
final class StreamStats {

    private final LongAdder delivered = new LongAdder();
    private final LongAdder conflated = new LongAdder();
    private final LongAdder slowDisconnects = new LongAdder();
    private final LongAdder badRequests = new LongAdder();
    private final LongAdder framesClients = new LongAdder();
    private final LongAdder vertxClients = new LongAdder();

    void register(PrometheusRegistry registry, IntSupplier clients, IntSupplier subscriptions, IntSupplier maxQueued,
                  java.util.function.LongSupplier totalQueued) {
        GaugeWithCallback.builder().name("dpp_stream_client_queue_max")
                .help("Messages queued for the fullest client (sampled each second; the limit is stream.client-queue)")
                .callback(cb -> cb.call(maxQueued.getAsInt())).register(registry);
        GaugeWithCallback.builder().name("dpp_stream_queued_messages")
                .help("Messages queued for all clients (sampled each second)")
                .callback(cb -> cb.call(totalQueued.getAsLong())).register(registry);
        CounterWithCallback.builder().name("dpp_stream_messages_delivered").help("Messages written to stream clients")
                .callback(cb -> cb.call(delivered.sum())).register(registry);
        CounterWithCallback.builder().name("dpp_stream_messages_conflated")
                .help("Queued book and quote messages dropped for slow clients (replaced by fresh snapshots)")
                .callback(cb -> cb.call(conflated.sum())).register(registry);
        CounterWithCallback.builder().name("dpp_stream_slow_disconnects").help("Clients disconnected as too slow")
                .callback(cb -> cb.call(slowDisconnects.sum())).register(registry);
        CounterWithCallback.builder().name("dpp_stream_bad_requests").help("Client requests refused with an error message")
                .callback(cb -> cb.call(badRequests.sum())).register(registry);
        CounterWithCallback.builder().name("dpp_stream_clients_accepted")
                .help("Stream clients accepted, by how messages are written to them: frames (ready-made, straight to the socket) or vertx (compressed or encrypted connections)")
                .labelNames("writes")
                .callback(cb -> {
                    cb.call(framesClients.sum(), "frames");
                    cb.call(vertxClients.sum(), "vertx");
                }).register(registry);
        GaugeWithCallback.builder().name("dpp_stream_clients").help("Connected stream clients")
                .callback(cb -> cb.call(clients.getAsInt())).register(registry);
        GaugeWithCallback.builder().name("dpp_stream_subscriptions").help("Subscriptions of the connected clients")
                .callback(cb -> cb.call(subscriptions.getAsInt())).register(registry);
    }

    /** The resume metrics, read from the fan-out (docs/stream.md, "Resuming"). */
    void registerResume(PrometheusRegistry registry, Fanout fanout) {
        CounterWithCallback.builder().name("dpp_stream_resumes")
                .help("Subscriptions that asked to resume from a cursor, by outcome: exact (the missed events replayed) or"
                        + " afresh (not buffered here any more, another bus, or a book channel)")
                .labelNames("outcome")
                .callback(cb -> {
                    cb.call(fanout.resumed(), "exact");
                    cb.call(fanout.resumeFailures(), "afresh");
                }).register(registry);
        CounterWithCallback.builder().name("dpp_stream_redelivered_events")
                .help("Events the bus delivered a second time (after a rebalance) and the stream dropped")
                .callback(cb -> cb.call(fanout.redelivered())).register(registry);
        GaugeWithCallback.builder().name("dpp_stream_resume_buffer_events")
                .help("Events held for clients that resume (bounded by stream.resume-events)")
                .callback(cb -> cb.call(fanout.resumeEvents())).register(registry);
        GaugeWithCallback.builder().name("dpp_stream_resume_buffer_bytes")
                .help("Bytes held for clients that resume (bounded by stream.resume-bytes)")
                .callback(cb -> cb.call(fanout.resumeBytes())).register(registry);
    }

    void delivered(int messages) {
        delivered.add(messages);
    }

    void conflated(int n) {
        conflated.add(n);
    }

    void slowDisconnect() {
        slowDisconnects.increment();
    }

    /** Clients dropped as too slow so far. */
    long slowDisconnects() {
        return slowDisconnects.sum();
    }

    /** A client accepted; {@code frames} when its messages go out as ready-made frames. */
    void accepted(boolean frames) {
        (frames ? framesClients : vertxClients).increment();
    }

    /** Clients accepted so far whose messages go out through Vert.x's writes rather than as ready-made frames. */
    long clientsWrittenThroughVertx() {
        return vertxClients.sum();
    }

    /** Clients accepted so far whose messages go out as ready-made frames. */
    long clientsWrittenAsFrames() {
        return framesClients.sum();
    }

    void badRequest() {
        badRequests.increment();
    }
}
