package io.dpp.streams.venue;

import java.time.Duration;

/**
 * What a venue documents about its public API's limits, which a feed keeps within (by default
 * using only a share of each allowance, see the feed configuration).
 *
 * @param subscriptionsPerConnection most streams one connection carries
 * @param restWeight                 REST allowance per IP, in the venue's weight units (requests where it counts requests)
 * @param snapshotWeight             weight of one order-book snapshot request
 * @param connections                new WebSocket connections per IP
 * @param sentMessages               messages a client may send on one connection
 * @param maxConnectionAge           the venue closes connections at this age (Binance: 24 h); null when it does not
 */
public record VenueLimits(int subscriptionsPerConnection, RateLimit restWeight, int snapshotWeight,
                          RateLimit connections, RateLimit sentMessages, Duration maxConnectionAge) {
}
