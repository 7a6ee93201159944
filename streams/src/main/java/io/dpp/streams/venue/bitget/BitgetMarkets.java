package io.dpp.streams.venue.bitget;

/**
 * Bitget's markets and how a native symbol names one. Spot and futures streams share instrument
 * ids ("BTCUSDT"), so DPP names an instrument as Bitget's API v1 did in REST: the id plus the
 * market's suffix ("BTCUSDT_SPBL" spot, "BTCUSDT_UMCBL" USDT-margined, "BTCUSD_DMCBL"
 * coin-margined, "BTCPERP_CMCBL" USDC-margined), whichever API version lists it. The streams
 * name the market by their {@code instType}: API v1 {@code SP} (spot) or {@code MC} (futures, whose
 * margin coin ends the id), API v2 {@code SPOT}, {@code USDT-FUTURES}, {@code COIN-FUTURES},
 * {@code USDC-FUTURES}.
 */
final class BitgetMarkets {

    static final String SPOT = "_SPBL";
    static final String USDT_FUTURES = "_UMCBL";
    static final String USDC_FUTURES = "_CMCBL";
    static final String COIN_FUTURES = "_DMCBL";

    /** API v2's product types, in the order of {@link #V2_SUFFIXES}. */
    static final String[] V2_TYPES = {"SPOT", "USDT-FUTURES", "COIN-FUTURES", "USDC-FUTURES"};
    static final String[] V2_SUFFIXES = {SPOT, USDT_FUTURES, COIN_FUTURES, USDC_FUTURES};

    private BitgetMarkets() {
    }

    /** True for a spot symbol ("BTCUSDT_SPBL"). */
    static boolean spot(String nativeSymbol) {
        return nativeSymbol.endsWith(SPOT);
    }

    /** The stream's instrument id of a native symbol: the symbol without its market suffix. */
    static String instId(String nativeSymbol) {
        int cut = nativeSymbol.lastIndexOf('_');
        return cut > 0 ? nativeSymbol.substring(0, cut) : nativeSymbol;
    }

    /** API v1's instType of a native symbol ("SP" or "MC"). */
    static String v1InstType(String nativeSymbol) {
        return spot(nativeSymbol) ? "SP" : "MC";
    }

    /** API v2's instType of a native symbol ("SPOT", "USDT-FUTURES", ...). */
    static String v2InstType(String nativeSymbol) {
        for (int i = 0; i < V2_SUFFIXES.length; i++) {
            if (nativeSymbol.endsWith(V2_SUFFIXES[i])) {
                return V2_TYPES[i];
            }
        }
        throw new IllegalArgumentException("not a Bitget symbol with a market suffix: " + nativeSymbol);
    }

    /** The native symbol of a stream's instrument in the market its instType names (either API version); null when it names none. */
    static String nativeSymbol(String instType, String instId) {
        String suffix = suffix(instType, instId.getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, instId.length());
        return suffix == null ? null : instId + suffix;
    }

    /**
     * The market suffix of the instrument id held in {@code buf} in the market {@code instType}
     * names; null when instType is none of either version's. An API v1 futures id ends in its margin coin.
     */
    static String suffix(String instType, byte[] buf, int start, int length) {
        if (instType.equalsIgnoreCase("SP")) {
            return SPOT;
        }
        if (instType.equalsIgnoreCase("MC")) {
            return endsWith(buf, start, length, "USDT") ? USDT_FUTURES : endsWith(buf, start, length, "USDC") ? USDC_FUTURES : COIN_FUTURES;
        }
        for (int i = 0; i < V2_TYPES.length; i++) {
            if (V2_TYPES[i].equals(instType)) {
                return V2_SUFFIXES[i];
            }
        }
        return null;
    }

    private static boolean endsWith(byte[] buf, int start, int length, String tail) {
        if (length < tail.length()) {
            return false;
        }
        for (int i = 0; i < tail.length(); i++) {
            if (buf[start + length - tail.length() + i] != tail.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
