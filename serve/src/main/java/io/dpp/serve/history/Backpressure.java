package io.dpp.serve.history;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.WriteStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * Writing from a query thread to a client connection without outrunning it: write, then wait
 * while the connection's queue is full, so a slow client slows its own query and nothing piles up
 * in memory.
 */
final class Backpressure {

    /** How long a client may stop reading before it is given up on. */
    static final long STALL_SECONDS = 60;

    private Backpressure() {
    }

    /**
     * Runs {@code write} on {@code stream}, then waits until the queue drains.
     *
     * @param gone    true once the client is gone
     * @param stalled called when the client read nothing for {@link #STALL_SECONDS}
     * @return false when the client is gone or stalled: stop producing
     */
    static boolean write(WriteStream<Buffer> stream, Runnable write, BooleanSupplier gone, Runnable stalled) {
        if (gone.getAsBoolean()) {
            return false;
        }
        CompletableFuture<Void> drained = new CompletableFuture<>();
        stream.drainHandler(v -> drained.complete(null));
        write.run();
        if (stream.writeQueueFull()) {
            try {
                drained.get(STALL_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } catch (ExecutionException | TimeoutException e) {
                stalled.run();
                return false;
            }
        }
        return !gone.getAsBoolean();
    }
}
