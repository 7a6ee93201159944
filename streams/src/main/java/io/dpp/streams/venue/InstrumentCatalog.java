package io.dpp.streams.venue;

import io.dpp.core.instrument.Instrument;
import io.dpp.streams.json.AsciiKeyMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The instruments of one venue, from its listing, found by native symbol as a String (cold) or
 * as a byte range of a message (hot, allocation-free).
 */
public final class InstrumentCatalog {

    private final String venue;
    private final List<Instrument> instruments = new ArrayList<>();
    private final AsciiKeyMap<Instrument> bySymbol = new AsciiKeyMap<>();
    private final java.util.Map<String, Object> details = new java.util.HashMap<>();

    public InstrumentCatalog(String venue) {
        this.venue = venue;
    }

    public String venue() {
        return venue;
    }

    /** Adds an instrument under its native symbol; a later listing of the same symbol replaces it. */
    public void add(Instrument instrument) {
        if (!instrument.venue().equals(venue)) {
            throw new IllegalArgumentException(instrument + " is not a " + venue + " instrument");
        }
        if (bySymbol.get(instrument.nativeSymbol()) == null) {
            instruments.add(instrument);
        } else {
            instruments.replaceAll(i -> i.nativeSymbol().equals(instrument.nativeSymbol()) ? instrument : i);
        }
        bySymbol.put(instrument.nativeSymbol(), instrument);
    }

    /** The instrument with this native symbol, or null. */
    public Instrument find(String nativeSymbol) {
        return bySymbol.get(nativeSymbol);
    }

    /** The instrument whose native symbol is the byte range, or null. */
    public Instrument find(byte[] buf, int start, int length) {
        return bySymbol.get(buf, start, length);
    }

    /**
     * Attaches to an instrument what its venue's decoder needs of the listing beyond the
     * {@link Instrument} (Phemex's price and value scales); null removes it.
     */
    public void detail(String nativeSymbol, Object detail) {
        if (detail == null) {
            details.remove(nativeSymbol);
        } else {
            details.put(nativeSymbol, detail);
        }
    }

    /** What {@link #detail(String, Object)} attached to the instrument, or null. */
    public Object detail(String nativeSymbol) {
        return details.get(nativeSymbol);
    }

    /** Every instrument, in listing order. */
    public List<Instrument> all() {
        return Collections.unmodifiableList(instruments);
    }

    public int size() {
        return instruments.size();
    }
}
