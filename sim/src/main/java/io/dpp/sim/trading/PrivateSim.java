package io.dpp.sim.trading;

import io.vertx.core.http.ServerWebSocket;
import java.util.function.LongSupplier;

/**
 * One connection to a venue's private WebSocket as the simulator serves it: it checks the login by
 * the venue's rules, pushes the account's order changes in the venue's shapes, and fails on request.
 * A venue's connection reads what the client sends in {@link #message}; one that only pushes
 * (Binance USD-M's, whose listen key is in its address) overrides {@link #open}.
 */
abstract class PrivateSim {

    protected final ServerWebSocket ws;
    /** The venue's clock (ms), which a fault may set apart from this machine's. */
    protected final LongSupplier venueNowMillis;

    PrivateSim(ServerWebSocket ws, LongSupplier venueNowMillis) {
        this.ws = ws;
        this.venueNowMillis = venueNowMillis;
    }

    /** Starts reading the connection's messages. */
    void open() {
        ws.textMessageHandler(this::message);
        ws.exceptionHandler(e -> close());
    }

    /** One text message from the client. */
    void message(String text) {
        throw new UnsupportedOperationException("this venue's private stream reads nothing from its clients");
    }

    /** Ends the connection at once (the venue's gateway failing): 1011, the venue's error. */
    void drop() {
        close();
        ws.close((short) 1011, "the simulator dropped the connection");
    }

    /**
     * Forgets the connection's subscriptions, as a venue restarting its stream service does (a listen
     * key or a session forgotten): the venue says so where it would, and pushes nothing more on the
     * connection, which stays open. Only where the venue's stream keeps such state.
     */
    void forget() {
        throw new UnsupportedOperationException("this venue's private stream keeps no subscription apart from its connection");
    }

    /** The connection ended: stops listening to the accounts. */
    abstract void close();
}
