package io.dpp.streams.venue.gemini;

import io.dpp.core.decimal.Decimal64;
import io.dpp.core.instrument.Instrument;
import io.dpp.streams.venue.ChannelKind;
import io.dpp.streams.venue.Listings;
import io.dpp.streams.venue.Subscription;
import io.dpp.streams.venue.simulation.Assets;
import io.dpp.streams.venue.simulation.LevelChanges;
import io.dpp.streams.venue.simulation.StreamWriter;
import io.dpp.streams.venue.simulation.SyntheticVenue;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Gemini v2 market data: the /v1/symbols listing (lower-case names), the {@code l2} channel with
 * no acknowledgement: the first {@code l2_updates} is the whole book with the recent trades (none
 * here), then level changes, and each trade as a {@code trade} message (the taker's side).
 */
final class GeminiMarket implements SyntheticVenue {

    private static final List<String> USUAL = List.of("BTCUSD", "ETHUSD");

    @Override
    public String id() {
        return GeminiVenue.ID;
    }

    @Override
    public List<Instrument> instruments(int count) {
        List<Instrument> out = new ArrayList<>();
        for (String s : Assets.usualThenExtra(count, USUAL, (i, base) -> base + "USD")) {
            Instrument parsed = GeminiVenue.instrument(s);
            out.add(Instrument.builder(id(), s).assets(parsed.base(), parsed.quote())
                    .tickSize(Listings.step(Assets.priceDecimals(parsed.base(), parsed.quote()))).lotSize(Listings.step(6)).build());
        }
        return out;
    }

    @Override
    public Map<String, String> listing(List<Instrument> instruments) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < instruments.size(); i++) {
            sb.append(i == 0 ? "" : ",").append('"').append(instruments.get(i).nativeSymbol().toLowerCase(Locale.ROOT)).append('"');
        }
        return Map.of("/v1/symbols", sb.append(']').toString());
    }

    @Override
    public List<ChannelKind> channels(Instrument instrument) {
        return List.of(ChannelKind.BOOK, ChannelKind.TRADES);
    }

    @Override
    public StreamWriter writer(Subscription stream, Instrument instrument) {
        return stream.channel().equals("l2") ? new L2(stream, instrument) : null;
    }

    /** The l2 channel: the book and the trades of one symbol. */
    private static final class L2 extends StreamWriter {
        L2(Subscription stream, Instrument instrument) {
            super(stream, instrument);
        }

        @Override
        public String ack() {
            return null; // Gemini acknowledges nothing: the snapshot is the first message
        }

        @Override
        public void book(long time, boolean snapshot, long firstUpdate, long lastUpdate, LevelChanges changes) {
            StringBuilder sb = new StringBuilder("{\"type\":\"l2_updates\",\"symbol\":\"").append(stream.symbol()).append("\",\"changes\":[");
            for (int i = 0; i < changes.count(); i++) {
                sb.append(i == 0 ? "" : ",").append("[\"").append(changes.isBid(i) ? "buy" : "sell").append("\",\"")
                        .append(Decimal64.toString(changes.price(i))).append("\",\"").append(Decimal64.toString(changes.size(i))).append("\"]");
            }
            sb.append(']');
            if (snapshot) {
                sb.append(",\"trades\":[],\"auction_events\":[]");
            }
            emit(time, sb.append('}').toString());
        }

        @Override
        public void trade(long time, long id, boolean buy, long price, long size) {
            emit(time, "{\"type\":\"trade\",\"symbol\":\"" + stream.symbol() + "\",\"event_id\":" + id + ",\"timestamp\":" + millis(time)
                    + ",\"price\":\"" + Decimal64.toString(price) + "\",\"quantity\":\"" + Decimal64.toString(size) + "\",\"side\":\""
                    + (buy ? "buy" : "sell") + "\"}");
        }
    }
}
