package io.dpp.streams.venue.bitget;

/**
 * The API version an instrument was listed by, which its streams then speak: the fixtures hold
 * API v1 (retired by Bitget), live feeds use API v2. Kept as the instrument's catalog detail.
 */
enum BitgetApi {
    /** {@code /spot/v1/stream} and {@code /mix/v1/stream}, instType {@code SP} and {@code MC}. */
    V1,
    /** {@code /v2/ws/public} for every market, instType {@code SPOT}, {@code USDT-FUTURES}, ... */
    V2;

    /** The version of an instrument in a catalog: V1 where its listing said so, V2 otherwise. */
    static BitgetApi of(io.dpp.streams.venue.InstrumentCatalog catalog, String nativeSymbol) {
        return catalog != null && catalog.detail(nativeSymbol) == V1 ? V1 : V2;
    }
}
