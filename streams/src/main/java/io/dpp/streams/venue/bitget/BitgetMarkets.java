package io.dpp.streams.venue.bitget;

/**
 * Bitget's v1 markets and how a native symbol names one: the REST symbol ("BTCUSDT_SPBL",
 * "BTCUSDT_UMCBL", "BTCUSD_DMCBL") is the instrument id the streams use ("BTCUSDT") plus the
 * market's suffix; the streams name the market by their {@code instType} ({@code SP} spot,
 * {@code MC} futures, whose USDT, USDC and coin-margined contracts end in their margin coin).
 */
final class BitgetMarkets {

    static final String SPOT = "_SPBL";
    static final String USDT_FUTURES = "_UMCBL";
    static final String USDC_FUTURES = "_CMCBL";
    static final String COIN_FUTURES = "_DMCBL";

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

    /** The stream's instType of a native symbol ("SP" or "MC"). */
    static String instType(String nativeSymbol) {
        return spot(nativeSymbol) ? "SP" : "MC";
    }

    /** The native symbol of a stream's instrument id in a market ({@code spot}: SP, else MC). */
    static String nativeSymbol(boolean spot, String instId) {
        return instId + suffix(spot, instId.getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, instId.length());
    }

    /** The market suffix of an instrument id held in {@code buf}: a futures contract's is that of its margin coin. */
    static String suffix(boolean spot, byte[] buf, int start, int length) {
        if (spot) {
            return SPOT;
        }
        return endsWith(buf, start, length, "USDT") ? USDT_FUTURES : endsWith(buf, start, length, "USDC") ? USDC_FUTURES : COIN_FUTURES;
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
