package io.dpp.streams.venue.simulation;

/**
 * A venue's part in the simulator, kept in the venue's own package: how it plays the venue's
 * recorded traffic ({@link SimVenue}) and its synthetic market ({@link SyntheticVenue}).
 */
public record Simulation(SimVenue replay, SyntheticVenue synthetic) {
}
