package io.dpp.ems;

import java.util.Locale;

/**
 * Where an order stands in the EMS: one state machine for every venue, paper included. Every
 * transition is journaled with its time ({@code order_events}).
 *
 * <pre>
 * pending_new --> new --> partially_filled --> filled
 *      |           |  \         |   \
 *      |           |   pending_cancel --> canceled
 *      |           |   pending_replace --> new / partially_filled
 *      +--> rejected, expired (IOC/FOK rest, no liquidity), canceled
 * </pre>
 */
public enum OrderState {
    /** Accepted by the EMS and journaled; not yet working at the venue. */
    PENDING_NEW,
    /** Working at the venue (resting, or a stop waiting for its trigger). */
    NEW,
    PARTIALLY_FILLED,
    FILLED,
    /** A cancel was sent; the venue has not confirmed it yet. */
    PENDING_CANCEL,
    /** A replace was sent; the venue has not confirmed it yet. */
    PENDING_REPLACE,
    /** Canceled on request (a user, cancel-all, a kill switch, a reset). */
    CANCELED,
    /** Refused: by the EMS's risk checks or by the venue; the reason says which. */
    REJECTED,
    /** Ended by its time in force: an IOC's or FOK's rest, a market order with no liquidity left. */
    EXPIRED;

    /** True once nothing more can happen to the order. */
    public boolean isFinal() {
        return this == FILLED || this == CANCELED || this == REJECTED || this == EXPIRED;
    }

    /** The name in the APIs: lower case with underscores. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The state a name of the APIs stands for, or null. */
    public static OrderState of(String wire) {
        for (OrderState s : values()) {
            if (s.wire().equals(wire)) {
                return s;
            }
        }
        return null;
    }
}
