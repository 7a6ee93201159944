package io.dpp.core.instrument;

import io.dpp.core.decimal.Decimal64;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One tradable instrument on one venue, named both as the venue spells it ({@link #nativeSymbol()},
 * e.g. "XBT/CHF", "BTC-USDT-SWAP") and in DPP's normalized form ({@link #normalizedSymbol()}).
 *
 * <p>The normalized symbol is unique per venue: {@code BASE-QUOTE} for spot, with a suffix for
 * derivatives so that a spot pair and its perpetual on the same venue never share a name:
 * {@code BTC-USDT-PERP}, {@code BTC-USD-20210924} (future, expiry date in UTC),
 * {@code BTC-USD-20210924-30000-C} (option: strike, C or P). {@link #pair()} is always
 * {@code BASE-QUOTE}. Instruments are built once from the venue's listing, so this class favours
 * clarity over speed; events hold a reference to it.
 *
 * <p>Tick size, lot size and contract size are {@link Decimal64} values, {@link Decimal64#NULL}
 * when the listing does not give them.
 */
public final class Instrument {

    private static final Pattern VENUE_ID = Pattern.compile("[a-z][a-z0-9-]*");
    private static final Pattern ASSET = Pattern.compile("[A-Z0-9]+");
    private static final DateTimeFormatter EXPIRY = DateTimeFormatter.BASIC_ISO_DATE;

    private final String venue;
    private final String nativeSymbol;
    private final String base;
    private final String quote;
    private final InstrumentType type;
    private final LocalDate expiry;
    private final long strike;
    private final OptionKind optionKind;
    private final long tickSize;
    private final long lotSize;
    private final long contractSize;
    private final String normalizedSymbol;
    private final int hash;

    private Instrument(Builder b) {
        this.venue = require(b.venue, "venue");
        this.nativeSymbol = require(b.nativeSymbol, "nativeSymbol");
        this.base = require(b.base, "base");
        this.quote = require(b.quote, "quote");
        this.type = Objects.requireNonNull(b.type, "type");
        this.expiry = b.expiry;
        this.strike = b.strike;
        this.optionKind = b.optionKind;
        this.tickSize = b.tickSize;
        this.lotSize = b.lotSize;
        this.contractSize = b.contractSize;
        validate();
        this.normalizedSymbol = buildNormalizedSymbol();
        this.hash = 31 * (31 * venue.hashCode() + nativeSymbol.hashCode()) + normalizedSymbol.hashCode();
    }

    /** Starts an instrument of {@code venue} named {@code nativeSymbol} there. */
    public static Builder builder(String venue, String nativeSymbol) {
        return new Builder(venue, nativeSymbol);
    }

    /** Venue id, e.g. "kraken", "binance-futures". */
    public String venue() {
        return venue;
    }

    /** The symbol exactly as the venue spells it. */
    public String nativeSymbol() {
        return nativeSymbol;
    }

    /** DPP's normalized symbol, unique per venue. */
    public String normalizedSymbol() {
        return normalizedSymbol;
    }

    /** {@code BASE-QUOTE}, whatever the type. */
    public String pair() {
        return base + "-" + quote;
    }

    public String base() {
        return base;
    }

    public String quote() {
        return quote;
    }

    public InstrumentType type() {
        return type;
    }

    /** Expiry date (UTC) of a future or option; null otherwise. */
    public LocalDate expiry() {
        return expiry;
    }

    /** Strike of an option as {@link Decimal64}; {@link Decimal64#NULL} otherwise. */
    public long strike() {
        return strike;
    }

    /** Call or put for an option; null otherwise. */
    public OptionKind optionKind() {
        return optionKind;
    }

    /** Smallest price step as {@link Decimal64}, or {@link Decimal64#NULL}. */
    public long tickSize() {
        return tickSize;
    }

    /** Smallest size step as {@link Decimal64}, or {@link Decimal64#NULL}. */
    public long lotSize() {
        return lotSize;
    }

    /** Contract multiplier of a derivative as {@link Decimal64}, or {@link Decimal64#NULL}. */
    public long contractSize() {
        return contractSize;
    }

    private void validate() {
        if (!VENUE_ID.matcher(venue).matches()) {
            throw new IllegalArgumentException("venue id \"" + venue + "\" must match " + VENUE_ID);
        }
        if (nativeSymbol.isBlank()) {
            throw new IllegalArgumentException("native symbol of a " + venue + " instrument is blank");
        }
        requireAsset(base, "base");
        requireAsset(quote, "quote");
        boolean dated = type == InstrumentType.FUTURE || type == InstrumentType.OPTION;
        if (dated && expiry == null) {
            throw new IllegalArgumentException(describe() + " is a " + type + " and needs an expiry");
        }
        if (!dated && expiry != null) {
            throw new IllegalArgumentException(describe() + " is a " + type + " and cannot have an expiry");
        }
        boolean option = type == InstrumentType.OPTION;
        if (option && (optionKind == null || !Decimal64.isNumber(strike) || Decimal64.signum(strike) <= 0)) {
            throw new IllegalArgumentException(describe() + " is an option and needs a positive strike and a kind");
        }
        if (!option && (optionKind != null || strike != Decimal64.NULL)) {
            throw new IllegalArgumentException(describe() + " is not an option and cannot have a strike or kind");
        }
        requireSizeOrNull(tickSize, "tick size");
        requireSizeOrNull(lotSize, "lot size");
        requireSizeOrNull(contractSize, "contract size");
    }

    private void requireAsset(String asset, String what) {
        if (!ASSET.matcher(asset).matches()) {
            throw new IllegalArgumentException(describe() + ": " + what + " asset \"" + asset
                    + "\" must be upper-case letters and digits");
        }
    }

    private void requireSizeOrNull(long value, String what) {
        if (value != Decimal64.NULL && (!Decimal64.isNumber(value) || Decimal64.signum(value) <= 0)) {
            throw new IllegalArgumentException(describe() + ": " + what + " must be positive, got "
                    + Decimal64.toString(value));
        }
    }

    private String buildNormalizedSymbol() {
        return switch (type) {
            case SPOT -> pair();
            case PERPETUAL -> pair() + "-PERP";
            case FUTURE -> pair() + "-" + EXPIRY.format(expiry);
            case OPTION -> pair() + "-" + EXPIRY.format(expiry) + "-"
                    + Decimal64.toString(Decimal64.stripTrailingZeros(strike)) + "-" + optionKind.letter();
        };
    }

    private String describe() {
        return venue + " instrument " + nativeSymbol;
    }

    private static String require(String value, String what) {
        return Objects.requireNonNull(value, () -> what + " is required");
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true; // the usual case: events carry the catalog's one instance
        }
        return o instanceof Instrument other && venue.equals(other.venue) && nativeSymbol.equals(other.nativeSymbol)
                && normalizedSymbol.equals(other.normalizedSymbol) && tickSize == other.tickSize
                && lotSize == other.lotSize && contractSize == other.contractSize;
    }

    @Override
    public int hashCode() {
        return hash; // computed once: instruments are map keys on hot paths
    }

    @Override
    public String toString() {
        return venue + ":" + nativeSymbol + " (" + normalizedSymbol + ")";
    }

    /** Builds an {@link Instrument}; {@link #build()} validates and names what is wrong. */
    public static final class Builder {
        private final String venue;
        private final String nativeSymbol;
        private String base;
        private String quote;
        private InstrumentType type = InstrumentType.SPOT;
        private LocalDate expiry;
        private long strike = Decimal64.NULL;
        private OptionKind optionKind;
        private long tickSize = Decimal64.NULL;
        private long lotSize = Decimal64.NULL;
        private long contractSize = Decimal64.NULL;

        private Builder(String venue, String nativeSymbol) {
            this.venue = venue;
            this.nativeSymbol = nativeSymbol;
        }

        /** Base and quote assets in normalized spelling ("BTC", not "XBT"). */
        public Builder assets(String base, String quote) {
            this.base = base;
            this.quote = quote;
            return this;
        }

        public Builder type(InstrumentType type) {
            this.type = type;
            return this;
        }

        public Builder expiry(LocalDate expiry) {
            this.expiry = expiry;
            return this;
        }

        public Builder option(long strike, OptionKind kind) {
            this.strike = strike;
            this.optionKind = kind;
            return this;
        }

        public Builder tickSize(long tickSize) {
            this.tickSize = tickSize;
            return this;
        }

        public Builder lotSize(long lotSize) {
            this.lotSize = lotSize;
            return this;
        }

        public Builder contractSize(long contractSize) {
            this.contractSize = contractSize;
            return this;
        }

        /**
         * @throws IllegalArgumentException naming the instrument and the field that is wrong
         */
        public Instrument build() {
            return new Instrument(this);
        }
    }
}
