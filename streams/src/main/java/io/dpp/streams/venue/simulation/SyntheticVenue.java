package io.dpp.streams.venue.simulation;

import io.dpp.core.instrument.Instrument;
import io.dpp.streams.venue.ChannelKind;
import io.dpp.streams.venue.Subscription;
import java.util.List;
import java.util.Map;

/**
 * A venue's part of the synthetic market: the instruments it lists (as its own REST listing, which
 * DPP parses as it parses the real one) and a {@link StreamWriter} for each channel it carries.
 */
public interface SyntheticVenue {

    /** The venue's id ("kraken"). */
    String id();

    /**
     * The venue's usual instruments first, then generated ones, {@code count} in all (0: the usual
     * ones only): each with its native symbol, assets, type, tick and lot as the venue's listing
     * rules give them.
     */
    List<Instrument> instruments(int count);

    /** The listing responses by path and query, as the venue's REST API answers them. */
    Map<String, String> listing(List<Instrument> instruments);

    /** The channel kinds this venue carries for {@code instrument}. */
    List<ChannelKind> channels(Instrument instrument);

    /**
     * What one lot of {@code instrument} is worth in the quote asset, for the market model to size
     * its levels and trades; {@code NaN} (the default) means the lot times the contract size, if
     * any, times the price. Venues with inverse contracts (sized in the quote asset) say so here.
     */
    default double quotePerLot(Instrument instrument) {
        return Double.NaN;
    }

    /** A writer of {@code stream}'s messages, or null when the venue has no such stream. */
    StreamWriter writer(Subscription stream, Instrument instrument);
}
