package io.dpp.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.dpp.core.decimal.Decimal64;
import io.dpp.core.instrument.Instrument;
import io.dpp.core.instrument.InstrumentType;
import io.dpp.core.time.Timestamps;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MarketEventTest {

    private static final Instrument XBT_CHF = Instrument.builder("kraken", "XBT/CHF").assets("BTC", "CHF").build();
    private static final Instrument BTCUSDT = Instrument.builder("binance-futures", "BTCUSDT")
            .assets("BTC", "USDT").type(InstrumentType.PERPETUAL).build();

    private static long d(String text) {
        return Decimal64.parseOrThrow(text);
    }

    @Test
    void tradeCopiesEveryFieldAndKeepsTimesApart() {
        Trade trade = new Trade();
        trade.instrument(XBT_CHF);
        trade.times(1_618_678_133_700_000L, 1_618_678_133_710_264L);
        trade.id().set("TX-1");
        trade.set(d("56218.30000"), d("0.150000"), Side.BUY);

        Trade copy = new Trade().copyFrom(trade);
        assertThat(copy).hasToString(trade.toString());
        assertThat(copy.venue()).isEqualTo("kraken");
        assertThat(copy.exchangeTime()).isNotEqualTo(copy.receiveTime());
        assertThat(copy.toString()).isEqualTo("Trade{venue=kraken, symbol=XBT/CHF, "
                + "exchangeTime=2021-04-17T16:48:53.700000Z, receiveTime=2021-04-17T16:48:53.710264Z, "
                + "id=TX-1, price=56218.30000, amount=0.150000, side=BUY}");

        trade.reset();
        assertThat(trade.venue()).isNull();
        assertThat(trade.price()).isEqualTo(Decimal64.NULL);
        assertThat(trade.exchangeTime()).isEqualTo(Timestamps.UNKNOWN);
        assertThat(copy.id().toString()).isEqualTo("TX-1");
    }

    @Test
    void bookChangeGrowsAndIsReusedWithoutLosingLevels() {
        BookChange change = new BookChange();
        change.instrument(XBT_CHF);
        change.begin(true, 42);
        for (int i = 0; i < 1000; i++) {
            change.addLevel(i % 2 == 0 ? BookSide.BID : BookSide.ASK, Decimal64.of(5_000_000 + i, 2),
                    Decimal64.of(i, 8));
        }
        assertThat(change.levelCount()).isEqualTo(1000);
        assertThat(change.side(999)).isEqualTo(BookSide.ASK);
        assertThat(Decimal64.toString(change.price(999))).isEqualTo("50009.99");
        assertThat(Decimal64.toString(change.size(999))).isEqualTo("0.00000999");

        BookChange copy = new BookChange().copyFrom(change);
        assertThat(copy.toString()).isEqualTo(change.toString());
        assertThat(copy.snapshot()).isTrue();
        assertThat(copy.sequence()).isEqualTo(42);

        change.begin(false, BookChange.NO_SEQUENCE).addLevel(BookSide.BID, d("1"), d("0"));
        assertThat(change.levelCount()).isEqualTo(1);
        assertThat(change.toString()).contains("sequence=none, levels=[bid 1@0]");
        assertThat(copy.levelCount()).isEqualTo(1000);
    }

    @Test
    void aSidesFirstAndLastLevelAreFoundWhereverItsLevelsStand() {
        BookChange change = new BookChange().begin(true, 1);
        assertThat(change.firstLevel(true)).isEqualTo(-1);
        assertThat(change.lastLevel(false)).isEqualTo(-1);
        change.addLevel(BookSide.ASK, d("101"), d("1")).addLevel(BookSide.BID, d("99"), d("1"))
                .addLevel(BookSide.ASK, d("102"), d("1")).addLevel(BookSide.BID, d("98"), d("1"))
                .addLevel(BookSide.BID, d("97"), d("1"));
        assertThat(change.firstLevel(false)).isZero();
        assertThat(change.lastLevel(false)).isEqualTo(2);
        assertThat(change.firstLevel(true)).isEqualTo(1);
        assertThat(change.lastLevel(true)).isEqualTo(4);
        change.begin(false, 2).addLevel(BookSide.BID, d("99"), d("0"));
        assertThat(change.firstLevel(false)).as("levels of an earlier change do not count").isEqualTo(-1);
        assertThat(change.lastLevel(true)).isZero();
    }

    @Test
    void everyTypeDispatchesToItsOwnListenerMethod() {
        List<String> calls = new ArrayList<>();
        MarketEventListener recorder = new MarketEventListener() {
            @Override public void onTrade(Trade e) { calls.add("trade"); }
            @Override public void onBookChange(BookChange e) { calls.add("book"); }
            @Override public void onQuote(Quote e) { calls.add("quote"); }
            @Override public void onCandle(Candle e) { calls.add("candle"); }
            @Override public void onDerivativeTicker(DerivativeTicker e) { calls.add("ticker"); }
            @Override public void onLiquidation(Liquidation e) { calls.add("liquidation"); }
            @Override public void onFeedStatus(FeedStatus e) { calls.add("status"); }
        };
        List<MarketEvent> events = List.of(new Trade(), new BookChange(), new Quote(), new Candle(),
                new DerivativeTicker(), new Liquidation(), new FeedStatus());
        for (MarketEvent e : events) {
            e.dispatchTo(recorder);
        }
        assertThat(calls).containsExactly("trade", "book", "quote", "candle", "ticker", "liquidation", "status");
        assertThat(events).extracting(MarketEvent::type).containsExactly(EventType.values());
    }

    @Test
    void derivativeTickerCandleQuoteAndLiquidationCopyEverything() {
        DerivativeTicker ticker = new DerivativeTicker();
        ticker.instrument(BTCUSDT);
        ticker.times(Timestamps.ofMillis(1_626_912_000_000L), Timestamps.ofMillis(1_626_912_000_050L));
        ticker.prices(Decimal64.NULL, d("32100.12"), d("32099.5")).funding(d("0.0001"), Decimal64.NULL,
                Timestamps.ofMillis(1_626_940_800_000L)).openInterest(d("12345.678"));
        DerivativeTicker tickerCopy = new DerivativeTicker().copyFrom(ticker);
        assertThat(tickerCopy.toString()).isEqualTo(ticker.toString())
                .contains("lastPrice=NULL", "markPrice=32100.12", "fundingTime=2021-07-22T08:00:00.000000Z");

        Candle candle = new Candle();
        candle.instrument(BTCUSDT);
        candle.interval(60_000_000L, Timestamps.ofMillis(1_626_912_000_000L))
                .set(d("1"), d("3"), d("0.5"), d("2"), d("10.5"), 7, true);
        assertThat(new Candle().copyFrom(candle).toString()).isEqualTo(candle.toString());
        assertThat(candle.reset().tradeCount()).isEqualTo(-1);

        Quote quote = new Quote();
        quote.instrument(XBT_CHF);
        quote.set(d("56218.3"), d("0.15"), Decimal64.NULL, Decimal64.NULL);
        assertThat(new Quote().copyFrom(quote).toString()).isEqualTo(quote.toString()).contains("askPrice=NULL");

        Liquidation liquidation = new Liquidation();
        liquidation.instrument(BTCUSDT);
        liquidation.id().set(123L);
        liquidation.set(d("9910"), d("0.014"), Side.SELL);
        assertThat(new Liquidation().copyFrom(liquidation).toString()).isEqualTo(liquidation.toString());
    }

    @Test
    void feedStatusCanConcernAWholeVenue() {
        FeedStatus status = new FeedStatus().setVenueWide("kraken", FeedState.DISCONNECTED);
        status.reason().set("socket closed by venue: 1006");
        assertThat(status.instrument()).isNull();
        assertThat(status.venue()).isEqualTo("kraken");
        FeedStatus copy = new FeedStatus().copyFrom(status);
        assertThat(copy.reason().toString()).isEqualTo("socket closed by venue: 1006");
        copy.set(XBT_CHF, FeedState.GAP_DETECTED);
        assertThat(copy.instrument()).isSameAs(XBT_CHF);
        assertThat(copy.state()).isEqualTo(FeedState.GAP_DETECTED);
    }
}
