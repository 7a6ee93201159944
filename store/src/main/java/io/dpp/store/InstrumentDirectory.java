package io.dpp.store;

import io.dpp.core.instrument.Instrument;
import io.dpp.core.instrument.InstrumentType;
import io.dpp.core.instrument.OptionKind;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The instruments history holds, rebuilt from the {@code instruments} table with their whole
 * definition (so that normalized names come out as the feeds made them), by venue and native or
 * normalized symbol. Reloaded when a name is not found, since the recorder adds instruments as
 * they appear.
 */
public final class InstrumentDirectory {

    private final QuestDbStore store;
    private volatile Map<String, Instrument> byKey = Map.of();

    public InstrumentDirectory(QuestDbStore store) {
        this.store = store;
    }

    /** The instrument of {@code venue} named {@code symbol} (native or normalized), or null. */
    public Instrument find(String venue, String symbol) {
        Instrument i = lookup(venue, symbol);
        if (i == null) {
            reload();
            i = lookup(venue, symbol);
        }
        return i;
    }

    /**
     * Why {@code symbol} names no recorded instrument of {@code venue}, with the recorded names
     * (native or normalized) closest to it: {@code no instrument "BTCUSD" has been recorded on venue
     * "okx" (closest recorded: BTC-USDT, BTC-USDC)}.
     */
    public String notRecorded(String venue, String symbol) {
        java.util.Set<String> names = new java.util.TreeSet<>();
        for (Instrument i : ofVenue(venue)) {
            names.add(i.nativeSymbol());
            if (i.normalizedSymbol() != null) {
                names.add(i.normalizedSymbol());
            }
        }
        List<String> near = io.dpp.runtime.text.Suggestions.nearest(symbol, names, 3);
        return "no instrument \"" + symbol + "\" has been recorded on venue \"" + venue + "\""
                + (near.isEmpty() ? "" : " (closest recorded: " + String.join(", ", near) + ")");
    }

    /** Every instrument of {@code venue}. */
    public List<Instrument> ofVenue(String venue) {
        List<Instrument> out = cachedOfVenue(venue);
        if (out.isEmpty()) {
            reload();
            out = cachedOfVenue(venue);
        }
        return out;
    }

    private List<Instrument> cachedOfVenue(String venue) {
        List<Instrument> out = new ArrayList<>();
        for (Map.Entry<String, Instrument> e : byKey.entrySet()) {
            if (e.getKey().startsWith(venue + "\u0000n:")) {
                out.add(e.getValue());
            }
        }
        out.sort(java.util.Comparator.comparing(Instrument::nativeSymbol));
        return out;
    }

    private Instrument lookup(String venue, String symbol) {
        Instrument i = byKey.get(venue + "\u0000n:" + symbol);
        return i != null ? i : byKey.get(venue + "\u0000N:" + symbol);
    }

    private synchronized void reload() {
        Map<String, Instrument> map = new ConcurrentHashMap<>();
        store.query("SELECT venue, symbol, type, base, quote, expiry, strike, option_kind, tick_size, lot_size,"
                        + " contract_size, scales FROM " + Schema.INSTRUMENTS, List.of(), r -> {
                    String venue = r.text(0).toString();
                    long scales = r.longValue(11);
                    long[] d = new long[Schema.INSTRUMENT_FIELDS.length];
                    for (int k = 0; k < d.length; k++) {
                        d[k] = r.decimal(6 + (k == 0 ? 0 : k + 1), Wide.unpackScale(scales, k));
                    }
                    Instrument.Builder b = Instrument.builder(venue, r.text(1).toString())
                            .assets(r.text(3).toString(), r.text(4).toString())
                            .type(InstrumentType.valueOf(r.text(2).toString().toUpperCase(Locale.ROOT)))
                            .tickSize(d[1]).lotSize(d[2]).contractSize(d[3]);
                    long expiry = r.timestamp(5);
                    if (expiry != Long.MIN_VALUE) {
                        b.expiry(LocalDate.ofEpochDay(Math.floorDiv(expiry, 86_400_000_000L)));
                    }
                    CharSequence kind = r.text(7);
                    if (kind != null) {
                        b.option(d[0], OptionKind.valueOf(kind.toString().toUpperCase(Locale.ROOT)));
                    }
                    try {
                        Instrument i = b.build();
                        map.put(venue + "\u0000n:" + i.nativeSymbol(), i);
                        map.put(venue + "\u0000N:" + i.normalizedSymbol(), i);
                    } catch (IllegalArgumentException e) {
                        // a row written before instruments were stored whole; it cannot be rebuilt
                    }
                    return true;
                });
        byKey = map;
    }
}
