package io.dpp.sim.trading;

/**
 * One connection to a venue's private WebSocket as the simulator serves it: it checks the login by
 * the venue's rules, pushes the account's order changes in the venue's shapes, and fails on request.
 */
interface PrivateSim {

    /** Starts reading the connection's messages. */
    void open();

    /** Ends the connection at once (the venue's gateway failing). */
    void drop();

    /**
     * Forgets the connection's subscriptions, as a venue restarting its stream service does (a listen
     * key or a session forgotten): the venue says so where it would, and pushes nothing more on the
     * connection, which stays open. Only where the venue's stream keeps such state.
     */
    default void forget() {
        throw new UnsupportedOperationException("this venue's private stream keeps no subscription apart from its connection");
    }

    /** The connection ended: stops listening to the accounts. */
    void close();
}
