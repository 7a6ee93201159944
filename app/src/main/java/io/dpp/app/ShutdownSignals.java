package io.dpp.app;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * Turns SIGTERM and SIGINT into a graceful stop. The JVM's default handling would run shutdown
 * hooks and exit with 143 or 130; orchestrators and scripts expect a clean stop to exit 0, so the
 * signals are handled here and the process exits with the outcome of its own shutdown. A second
 * signal while stopping ends the process at once.
 */
final class ShutdownSignals {

    private static final Logger LOG = LoggerFactory.getLogger(ShutdownSignals.class);

    private final CountDownLatch received = new CountDownLatch(1);
    private final AtomicReference<String> name = new AtomicReference<>();

    /** Installs handlers for TERM and INT. */
    static ShutdownSignals install() {
        ShutdownSignals signals = new ShutdownSignals();
        for (String signal : new String[] {"TERM", "INT"}) {
            Signal.handle(new Signal(signal), s -> signals.onSignal("SIG" + s.getName()));
        }
        return signals;
    }

    private void onSignal(String signal) {
        if (!name.compareAndSet(null, signal)) {
            LOG.warn("received {} while stopping; exiting now", signal);
            Runtime.getRuntime().halt(130);
        }
        received.countDown();
    }

    /** Blocks until a signal arrives; returns its name, e.g. "SIGTERM". */
    String await() throws InterruptedException {
        received.await();
        return name.get();
    }

    /** Requests a stop as if a signal had arrived (used when startup is abandoned). */
    void trigger(String reason) {
        onSignal(reason);
    }
}
