package io.dpp.streams.venue.binance;

import static org.assertj.core.api.Assertions.assertThat;

import io.dpp.core.instrument.Instrument;
import io.dpp.core.instrument.InstrumentType;
import io.dpp.core.model.DerivativeTicker;
import io.dpp.core.model.Liquidation;
import io.dpp.core.model.MarketEventListener;
import io.dpp.core.model.Side;
import io.dpp.core.model.Trade;
import io.dpp.core.time.Timestamps;
import io.dpp.streams.Fixtures;
import io.dpp.streams.feed.FeedOutput;
import io.dpp.streams.feed.FeedStats;
import io.dpp.streams.venue.InstrumentCatalog;
import io.dpp.streams.venue.VenueDecoder;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The single documented messages of the fixtures: Binance futures mark price, liquidation and trades. */
class BinanceSampleMessagesTest {

    private final List<String> events = new ArrayList<>();
    private final FeedStats stats = new FeedStats();
    private final VenueDecoder decoder;

    BinanceSampleMessagesTest() {
        InstrumentCatalog catalog = new InstrumentCatalog("binance-futures");
        catalog.add(Instrument.builder("binance-futures", "BTCUSDT").assets("BTC", "USDT").type(InstrumentType.PERPETUAL).build());
        decoder = new BinanceFuturesVenue().newDecoder(catalog, new FeedOutput("binance-futures", stats, new MarketEventListener() {
            @Override
            public void onDerivativeTicker(DerivativeTicker t) {
                events.add(t.toString());
            }

            @Override
            public void onLiquidation(Liquidation l) {
                events.add(l.toString());
                assertThat(l.side()).isEqualTo(Side.SELL);
            }

            @Override
            public void onTrade(Trade t) {
                events.add(t.toString());
            }
        }));
    }

    private void feed(String file) throws Exception {
        byte[] bytes = Files.readAllBytes(Fixtures.file(file));
        decoder.onMessage(bytes, 0, bytes.length, Timestamps.ofMillis(1_700_000_000_000L));
    }

    @Test
    void markPriceBecomesADerivativeTicker() throws Exception {
        feed("binance_futures/nautilus/mark_price_stream.json");
        assertThat(stats.decodeErrors()).isZero();
        assertThat(events).singleElement().asString()
                .contains("exchangeTime=2019-07-05T05:43:00.000000Z", "markPrice=11794.15000000", "indexPrice=11784.62659091",
                        "fundingRate=0.00038167", "fundingTime=2019-07-05T06:00:00.000000Z");
    }

    @Test
    void forceOrderBecomesALiquidationAtItsAveragePrice() throws Exception {
        feed("binance_futures/nautilus/liquidation_stream.json");
        assertThat(stats.decodeErrors()).isZero();
        assertThat(events).singleElement().asString()
                .contains("price=9910.12345678", "amount=0.014", "side=SELL", "exchangeTime=2019-09-09T07:34:20.893000Z");
    }

    @Test
    void aggTradeAndTradeNameTheAggressor() throws Exception {
        feed("binance_futures/nautilus/agg_trade_stream.json");
        feed("binance_futures/nautilus/trade_stream.json");
        assertThat(stats.decodeErrors()).isZero();
        // "m": true, the buyer was the maker: the aggressor sold.
        assertThat(events).hasSize(2).allSatisfy(e -> assertThat(e).startsWith("Trade{")
                .contains("id=5933014", "price=0.001", "amount=100", "side=SELL"));
    }
}
