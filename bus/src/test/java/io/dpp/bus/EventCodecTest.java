package io.dpp.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventCodecTest {

    static final Instrument PERP = Instrument.builder("binance-futures", "BTCUSDT").assets("BTC", "USDT")
            .type(InstrumentType.PERPETUAL).tickSize(Decimal64.parse("0.10")).lotSize(Decimal64.parse("0.001")).build();
    static final Instrument FUTURE = Instrument.builder("deribit", "BTC-27JUN25").assets("BTC", "USD")
            .type(InstrumentType.FUTURE).expiry(LocalDate.of(2025, 6, 27)).contractSize(Decimal64.parse("10")).build();

    static List<MarketEvent> samples() {
        Trade t = new Trade();
        t.instrument(PERP);
        t.times(1_618_617_842_840_123L, 1_618_617_842_841_000L);
        t.id().set("669293764");
        t.set(Decimal64.parse("61234.50"), Decimal64.parse("0.00100000"), Side.BUY);
        Liquidation l = new Liquidation();
        l.instrument(PERP);
        l.times(io.dpp.core.time.Timestamps.UNKNOWN, 5);
        l.set(Decimal64.parse("60000"), Decimal64.parse("1.5"), Side.SELL);
        BookChange b = new BookChange();
        b.instrument(FUTURE);
        b.times(7, 8);
        b.begin(true, 123456789L).addLevel(BookSide.BID, Decimal64.parse("61000.5"), Decimal64.parse("10"))
                .addLevel(BookSide.ASK, Decimal64.parse("61001"), Decimal64.parse("0"));
        Quote q = new Quote();
        q.instrument(PERP);
        q.times(9, 10);
        q.set(Decimal64.parse("1.1"), Decimal64.parse("2"), Decimal64.NULL, Decimal64.NULL);
        Candle c = new Candle();
        c.instrument(PERP);
        c.times(11, 12);
        c.interval(60_000_000L, 1_618_617_840_000_000L).set(Decimal64.parse("1"), Decimal64.parse("2"), Decimal64.parse("0.5"),
                Decimal64.parse("1.5"), Decimal64.parse("100.25"), 42, true);
        DerivativeTicker d = new DerivativeTicker();
        d.instrument(PERP);
        d.times(13, 14);
        d.prices(Decimal64.parse("61000"), Decimal64.parse("61000.12345678"), Decimal64.NULL)
                .funding(Decimal64.parse("0.0001"), Decimal64.parse("-0.00005"), 1_618_646_400_000_000L)
                .openInterest(Decimal64.parse("12345.678"));
        FeedStatus s = new FeedStatus();
        s.times(15, 16);
        s.setVenueWide("kraken", FeedState.DISCONNECTED).reason().set("connection 0: closed by peer (1006)");
        FeedStatus g = new FeedStatus();
        g.times(17, 18);
        g.set(FUTURE, FeedState.GAP_DETECTED).reason().set("sequence gap: expected 17, got 19");
        return List.of(t, l, b, q, c, d, s, g);
    }

    @Test
    void everyTypeRoundTripsExactly() {
        EventCodec writer = new EventCodec();
        EventCodec reader = new EventCodec();
        EventSlot slot = new EventSlot();
        for (MarketEvent e : samples()) {
            MarketEvent back = reader.decode(writer.encode(e), slot);
            assertThat(back.toString()).isEqualTo(e.toString());
            assertThat(back.instrument()).isEqualTo(e.instrument());
            if (back.instrument() != null) {
                assertThat(back.instrument().normalizedSymbol()).isEqualTo(e.instrument().normalizedSymbol());
                assertThat(back.instrument().tickSize()).isEqualTo(e.instrument().tickSize());
            }
        }
    }

    @Test
    void theDemoMarkerTravelsAndVersionOneEventsAreReadAsReal() {
        EventCodec writer = new EventCodec();
        EventCodec reader = new EventCodec();
        EventSlot slot = new EventSlot();
        for (MarketEvent e : samples()) {
            e.demo(true);
            byte[] bytes = writer.encode(e);
            assertThat(reader.decode(bytes, slot).demo()).as(e.toString()).isTrue();
            e.demo(false);
            assertThat(reader.decode(writer.encode(e), slot).demo()).as(e.toString()).isFalse();
            // A version 1 producer (before the marker) wrote the same bytes without the flags.
            byte[] v1 = Arrays.copyOf(bytes, bytes.length - 1);
            v1[0] = 1;
            MarketEvent old = reader.decode(v1, slot);
            assertThat(old.demo()).isFalse();
            assertThat(old.toString()).isEqualTo(e.toString());
        }
    }

    @Test
    void thePublishersIdTravelsAfterTheFlagsAndIsNotPartOfTheEventsIdentity() {
        EventCodec feedA = new EventCodec(0x1234_5678_9ABC_DEF0L);
        EventCodec feedB = new EventCodec(-7);
        EventCodec reader = new EventCodec();
        EventSlot slot = new EventSlot();
        for (MarketEvent e : samples()) {
            e.demo(true);
            byte[] a = feedA.encode(e);
            MarketEvent back = reader.decode(a, slot);
            assertThat(reader.source()).isEqualTo(0x1234_5678_9ABC_DEF0L);
            assertThat(back.demo()).isTrue();
            assertThat(back.toString()).isEqualTo(e.toString());
            int end = reader.identityEnd();
            assertThat(end).isEqualTo(a.length - 8);
            // The other feed received the same event later: only the receive time and the source differ.
            e.times(e.exchangeTime(), e.receiveTime() + 250);
            byte[] b = feedB.encode(e);
            reader.decode(b, slot);
            assertThat(reader.source()).isEqualTo(-7);
            assertThat(HotHotFilter.hash(b, reader.receiveTimeOffset(), reader.identityEnd(), 1))
                    .as(e.toString()).isEqualTo(HotHotFilter.hash(a, reader.receiveTimeOffset(), end, 1));
            // Without a source (an earlier build), none is read.
            reader.decode(new EventCodec().encode(e), slot);
            assertThat(reader.source()).isZero();
            e.times(e.exchangeTime(), e.receiveTime() - 250);
            e.demo(false);
        }
    }

    @Test
    void unknownVersionsAndTruncatedMessagesAreRefusedWithAReason() {
        byte[] bytes = new EventCodec().encode(samples().get(0));
        byte[] future = bytes.clone();
        future[0] = 3;
        assertThatThrownBy(() -> new EventCodec().decode(future, new EventSlot()))
                .hasMessageContaining("version 3 is not known");
        assertThatThrownBy(() -> new EventCodec().decode(Arrays.copyOf(bytes, bytes.length - 3), new EventSlot()))
                .hasMessageContaining("truncated or corrupt");
    }

    @Test
    void everyTruncationOfEveryTypeIsRefusedNotMisread() {
        EventCodec reader = new EventCodec();
        for (MarketEvent e : samples()) {
            byte[] bytes = new EventCodec().encode(e);
            reader.decode(bytes, new EventSlot()); // its instrument header is now known to the reader
            for (int cut = 0; cut < bytes.length - 1; cut++) {
                byte[] part = Arrays.copyOf(bytes, cut);
                assertThatThrownBy(() -> reader.decode(part, new EventSlot())).as(e + " cut at " + cut)
                        .isInstanceOf(IllegalArgumentException.class);
            }
        }
    }

    @Test
    void anInstrumentWhoseDetailsChangeIsReadAsTheNewOneAndKeysStayPerInstrument() {
        EventCodec writer = new EventCodec();
        EventCodec reader = new EventCodec();
        EventSlot slot = new EventSlot();
        Trade t = (Trade) samples().get(0);
        assertThat(reader.decode(writer.encode(t), slot).instrument().tickSize()).isEqualTo(PERP.tickSize());
        // The venue changed the tick size: a new listing, a new instrument object, the same symbol.
        Instrument finer = Instrument.builder("binance-futures", "BTCUSDT").assets("BTC", "USDT")
                .type(InstrumentType.PERPETUAL).tickSize(Decimal64.parse("0.01")).lotSize(Decimal64.parse("0.001")).build();
        t.instrument(finer);
        MarketEvent back = reader.decode(writer.encode(t), slot);
        assertThat(back.instrument().tickSize()).isEqualTo(Decimal64.parse("0.01"));
        assertThat(new String(writer.key(t), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("binance-futures:BTCUSDT");
        t.instrument(PERP);
        assertThat(reader.decode(writer.encode(t), slot).instrument().tickSize()).isEqualTo(PERP.tickSize());
        FeedStatus venueWide = (FeedStatus) samples().get(6);
        assertThat(new String(writer.key(venueWide), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("kraken");
    }

    @Test
    void manyInstrumentsStayExactPastTheCacheBound() {
        EventCodec writer = new EventCodec();
        EventCodec reader = new EventCodec();
        EventSlot slot = new EventSlot();
        Trade t = (Trade) samples().get(0);
        int n = EventCodec.MAX_CACHED_INSTRUMENTS * 2 + 100;
        for (int i = 0; i < n; i++) {
            Instrument sym = Instrument.builder("v", "S" + i).assets("S" + i, "USD").type(InstrumentType.SPOT).build();
            t.instrument(sym);
            assertThat(reader.decode(writer.encode(t), slot).instrument().nativeSymbol()).isEqualTo("S" + i);
        }
    }

    @Test
    void aNonAsciiIdentifierIsRefused() {
        byte[] bytes = new EventCodec().encode(samples().get(0));
        // The trade id "669293764" sits right before price, amount and side (17 bytes) and the flags.
        int idEnd = bytes.length - 1 - 17;
        bytes[idEnd - 1] = (byte) 0xC3;
        assertThatThrownBy(() -> new EventCodec().decode(bytes, new EventSlot())).hasMessageContaining("non-ASCII");
    }
}
