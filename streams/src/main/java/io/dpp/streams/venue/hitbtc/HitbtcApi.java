package io.dpp.streams.venue.hitbtc;

import io.dpp.streams.venue.InstrumentCatalog;

/**
 * The API version an instrument was listed by, which its streams then speak: live feeds use API v3
 * ({@code /api/3}); the fixtures hold API v2 ({@code /api/2}, since replaced). Kept as the
 * instrument's catalog detail where it is v2.
 */
enum HitbtcApi {
    /** {@code /api/2/ws/public}: JSON-RPC methods ({@code subscribeOrderbook}), one symbol a request. */
    V2("/api/2/ws/public"),
    /** {@code /api/3/ws/public}: {@code {"method":"subscribe","ch":..,"params":{"symbols":[..]}}}. */
    V3("/api/3/ws/public");

    /** The public socket's path. */
    final String path;

    HitbtcApi(String path) {
        this.path = path;
    }

    /** The version of an instrument in a catalog: V2 where its listing said so, V3 otherwise. */
    static HitbtcApi of(InstrumentCatalog catalog, String nativeSymbol) {
        return catalog != null && catalog.detail(nativeSymbol) == V2 ? V2 : V3;
    }
}
