package io.dpp.core.json;

import static org.assertj.core.api.Assertions.assertThat;

import io.dpp.core.decimal.Decimal64;
import io.dpp.core.instrument.Instrument;
import io.dpp.core.instrument.InstrumentType;
import io.dpp.core.model.BookChange;
import io.dpp.core.model.BookSide;
import io.dpp.core.model.Candle;
import io.dpp.core.model.DerivativeTicker;
import io.dpp.core.model.FeedState;
import io.dpp.core.model.FeedStatus;
import io.dpp.core.model.Liquidation;
import io.dpp.core.model.MarketEvent;
import io.dpp.core.model.Quote;
import io.dpp.core.model.Side;
import io.dpp.core.model.Trade;
import io.dpp.core.time.Timestamps;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EventJsonWriterTest {

    private static final Instrument XBT_CHF = Instrument.builder("kraken", "XBT/CHF").assets("BTC", "CHF").build();
    private static final Instrument PERP = Instrument.builder("binance-futures", "BTCUSDT").assets("BTC", "USDT")
            .type(InstrumentType.PERPETUAL).build();
    private static final long T = 1_618_678_133_700_000L;

    private static String json(MarketEvent e) {
        EventJsonWriter w = new EventJsonWriter();
        w.write(e);
        return new String(w.buffer(), 0, w.length(), StandardCharsets.UTF_8);
    }

    private static long d(String s) {
        return Decimal64.parseOrThrow(s);
    }

    @Test
    void tradeKeepsTheReceivedDecimalTextAndBothTimes() {
        Trade t = new Trade();
        t.instrument(XBT_CHF);
        t.times(T, T + 10_264);
        t.id().set(42L);
        t.set(d("56218.30000"), d("0.150000"), Side.SELL);
        assertThat(json(t)).isEqualTo("{\"type\":\"trade\",\"venue\":\"kraken\",\"symbol\":\"XBT/CHF\","
                + "\"normalized_symbol\":\"BTC-CHF\",\"timestamp\":\"2021-04-17T16:48:53.700000Z\","
                + "\"local_timestamp\":\"2021-04-17T16:48:53.710264Z\",\"id\":\"42\",\"price\":\"56218.30000\","
                + "\"amount\":\"0.150000\",\"side\":\"sell\"}\n");
    }

    @Test
    void syntheticEventsSaySoAndACopyKeepsTheMarker() {
        Trade t = new Trade();
        t.instrument(XBT_CHF);
        t.times(T, T + 1);
        t.set(d("1"), d("2"), Side.BUY);
        t.demo(true);
        assertThat(json(t)).contains("\"local_timestamp\":\"2021-04-17T16:48:53.700001Z\",\"demo\":true,\"id\":");
        Trade copy = new Trade().copyFrom(t);
        assertThat(json(copy)).isEqualTo(json(t));
        assertThat(json(copy.reset().copyFrom(t.reset()))).doesNotContain("demo");
        FeedStatus s = new FeedStatus();
        s.setVenueWide("kraken", FeedState.CONNECTED);
        s.demo(true);
        assertThat(json(s)).contains(",\"demo\":true,");
    }

    @Test
    void bookChangeListsBidsAndAsksAsPairsOfStrings() {
        BookChange c = new BookChange();
        c.instrument(XBT_CHF);
        c.times(Timestamps.UNKNOWN, T);
        c.begin(false, 17).addLevel(BookSide.ASK, d("56218.4"), d("0")).addLevel(BookSide.BID, d("56000"), d("1.5"));
        assertThat(json(c)).endsWith("\"timestamp\":null,\"local_timestamp\":\"2021-04-17T16:48:53.700000Z\","
                + "\"snapshot\":false,\"sequence\":17,\"bids\":[[\"56000\",\"1.5\"]],\"asks\":[[\"56218.4\",\"0\"]]}\n");
    }

    @Test
    void absentValuesAreNull() {
        Quote q = new Quote();
        q.instrument(XBT_CHF);
        q.times(T, T);
        q.set(d("1"), d("2"), Decimal64.NULL, Decimal64.NULL);
        assertThat(json(q)).contains("\"bid_price\":\"1\",\"bid_amount\":\"2\",\"ask_price\":null,\"ask_amount\":null}");

        DerivativeTicker t = new DerivativeTicker();
        t.instrument(PERP);
        t.times(T, T);
        t.prices(Decimal64.NULL, d("32100.12"), Decimal64.NULL).funding(d("0.0001"), Decimal64.NULL, Timestamps.UNKNOWN);
        assertThat(json(t)).contains("\"normalized_symbol\":\"BTC-USDT-PERP\"")
                .contains("\"last_price\":null,\"mark_price\":\"32100.12\",\"index_price\":null,\"funding_rate\":\"0.0001\","
                        + "\"predicted_funding_rate\":null,\"funding_timestamp\":null,\"open_interest\":null}");
    }

    @Test
    void candleNamesItsInterval() {
        Candle c = new Candle();
        c.instrument(PERP);
        c.times(T, T);
        c.interval(60_000_000L, T - 700_000L).set(d("1"), d("2"), d("0.5"), d("1.5"), d("10"), 7, true);
        assertThat(json(c)).contains("\"interval\":\"1m\",\"open_time\":\"2021-04-17T16:48:53.000000Z\"")
                .contains("\"trades\":7,\"closed\":true}");
        c.interval(3_600_000_000L, T).set(d("1"), d("1"), d("1"), d("1"), d("0"), -1, false);
        assertThat(json(c)).contains("\"interval\":\"1h\"").contains("\"trades\":null");
    }

    @Test
    void venueWideStatusHasNoSymbolAndEscapesItsReason() {
        FeedStatus s = new FeedStatus().setVenueWide("okx", FeedState.DISCONNECTED);
        s.times(T, T);
        s.reason().set("closed: \"bye\"\\n");
        assertThat(json(s)).contains("\"venue\":\"okx\",\"symbol\":null,\"normalized_symbol\":null")
                .endsWith("\"state\":\"disconnected\",\"reason\":\"closed: \\\"bye\\\"\\\\n\"}\n");
    }

    @Test
    void liquidationWithoutIdWritesNull() {
        Liquidation l = new Liquidation();
        l.instrument(PERP);
        l.times(T, T);
        l.set(d("9910.12345678"), d("0.014"), Side.SELL);
        assertThat(json(l)).contains("\"type\":\"liquidation\"").contains("\"id\":null,\"price\":\"9910.12345678\"");
    }

    @Test
    void reusesItsBufferAcrossEvents() {
        EventJsonWriter w = new EventJsonWriter();
        Trade t = new Trade();
        t.instrument(XBT_CHF);
        t.times(T, T);
        t.set(d("1"), d("1"), Side.BUY);
        w.write(t).write(t);
        assertThat(new String(w.buffer(), 0, w.length(), StandardCharsets.UTF_8).split("\n")).hasSize(2);
        assertThat(w.reset().length()).isZero();
    }
}
