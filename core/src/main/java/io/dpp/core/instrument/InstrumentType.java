package io.dpp.core.instrument;

/** What kind of contract an instrument is. */
public enum InstrumentType {
    /** Spot pair: BTC-USDT. */
    SPOT,
    /** Perpetual swap, no expiry: BTC-USDT-PERP. */
    PERPETUAL,
    /** Dated future: BTC-USD-20210924. */
    FUTURE,
    /** Option: BTC-USD-20210924-30000-C. */
    OPTION
}
