package io.dpp.trading.live;

/**
 * How one venue authenticates a private REST request, as its current documentation says: what is
 * signed, with which algorithm, where the key, time and signature go. The EMS's adapters sign with
 * it; the venue simulator checks what arrives with the same rules (the documented examples of
 * each venue, in {@code VenueSignerTest}, hold both to the venue's own algorithm).
 */
public interface VenueSigner {

    /** The venue id, as the feeds name it. */
    String venue();

    /**
     * {@code call} with the venue's authentication added (headers, query parameters). {@code now}
     * is the venue's clock in milliseconds as the adapter estimates it (local time plus the
     * measured offset); venues that use a nonce take it from {@code now}, which the caller keeps
     * strictly increasing per key.
     */
    HttpCall sign(HttpCall call, VenueKey key, long now);

    /**
     * Whether {@code now} must grow with every request of a key (Kraken's nonce); other venues take
     * the clock as it is, so that a clock measured again (a smaller offset) is used at once.
     */
    default boolean increasingTime() {
        return false;
    }

    /**
     * Makes ready ahead of use, off the order path, what signing a call like {@code call} at about
     * {@code now} takes, where the venue's signature is slow to make (Coinbase's JWT, a public-key
     * signature per request); nothing by default. {@link #sign} does the same in the background
     * after each call it signs.
     */
    default void prepare(HttpCall call, VenueKey key, long now) {
    }

    /**
     * Whether signing {@code call} takes long enough (a public-key signature made on the spot) that the
     * caller should not wait for it on a thread that serves others; false by default.
     */
    default boolean slowToSign(HttpCall call) {
        return false;
    }

    /** The public key a signed request names, or null when it names none. */
    String apiKey(HttpCall call);

    /**
     * Null when {@code call} carries a valid signature by {@code key} made within the venue's time
     * window around {@code now}; otherwise the reason, in the venue's terms.
     */
    String check(HttpCall call, VenueKey key, long now);

    /** The signer of a venue id: binance, binance-futures, okx, bybit, kraken, coinbase, deribit, bitmex. */
    static VenueSigner of(String venue) {
        return switch (venue) {
            case "binance", "binance-futures" -> new BinanceSigner(venue);
            case "okx" -> new OkxSigner();
            case "bybit" -> new BybitSigner();
            case "kraken" -> new KrakenSigner();
            case "coinbase" -> new CoinbaseSigner();
            case "deribit" -> new DeribitSigner();
            case "bitmex" -> new BitmexSigner();
            default -> throw new IllegalArgumentException("no trading adapter for venue " + venue + "; venues: "
                    + String.join(", ", VENUES));
        };
    }

    /** The venues DPP trades on. */
    java.util.List<String> VENUES = java.util.List.of("binance", "binance-futures", "okx", "bybit", "kraken", "coinbase",
            "deribit", "bitmex");
}
