package io.dpp.streams.venue.kucoin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dpp.core.decimal.Decimal64;
import io.dpp.core.model.MarketEventListener;
import io.dpp.core.model.Quote;
import io.dpp.core.model.Trade;
import io.dpp.streams.ReplayHarness;
import io.dpp.streams.feed.FeedStats;
import io.dpp.streams.feed.InstrumentBook;
import io.dpp.streams.replay.CaptureReplay;
import io.dpp.streams.venue.ClientRequest;
import io.dpp.streams.venue.Subscription;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class KucoinReplayTest {

    /**
     * Every book with a REST snapshot bridges it (changes numbered at or before its sequence dropped,
     * sequence-only changes at price 0 skipped) and follows the numbers after it without a gap;
     * trades keep the hex trade id and the nanosecond time to the microsecond; tickers name their
     * symbol only in the topic.
     */
    @Test
    void booksBridgeTheirSnapshotsAndFollowTheNumbers() {
        List<String> trades = new ArrayList<>();
        List<String> quotes = new ArrayList<>();
        CaptureReplay.Result result = ReplayHarness.replay("kucoin", "kucoin/cryptofeed/KUCOIN.ws.1.0", new MarketEventListener() {
            @Override
            public void onTrade(Trade t) {
                trades.add(t.instrument().nativeSymbol() + " " + t.id() + " " + t.side() + " " + Decimal64.toString(t.amount()) + "@"
                        + Decimal64.toString(t.price()) + " " + t.exchangeTime());
            }

            @Override
            public void onQuote(Quote q) {
                quotes.add(q.instrument().nativeSymbol() + " " + Decimal64.toString(q.bidPrice()) + "x" + Decimal64.toString(q.bidSize()) + " "
                        + Decimal64.toString(q.askPrice()) + "x" + Decimal64.toString(q.askSize()) + " " + q.exchangeTime());
            }
        });
        FeedStats stats = result.stats();
        assertThat(stats.decodeErrors()).isZero();
        assertThat(stats.sequenceGaps()).isZero();
        assertThat(stats.crossedBooks()).isZero();
        assertThat(stats.snapshots()).isEqualTo(9);
        assertThat(stats.bookChanges()).isGreaterThan(3000);
        assertThat(stats.trades()).isEqualTo(18);
        assertThat(stats.quotes()).isEqualTo(830);
        // {"symbol":"DAPPT-BTC","sequence":"1612701563869","side":"buy","size":"81.8814","price":"0.0000001117",...,
        //  "time":"1619378327739050725",...,"tradeId":"6085c09769bc506996295e36"}
        assertThat(trades).contains("DAPPT-BTC 6085c09769bc506996295e36 BUY 81.8814@0.0000001117 1619378327739050");
        // {"sequence":"1612844051653","bestAsk":"0.00028717",...,"bestBidSize":"3.70422021",...,"time":1619378326323,
        //  "bestAskSize":"14.04274325","bestBid":"0.00028678"},...,"topic":"/market/ticker:SNX-BTC"
        assertThat(quotes).contains("SNX-BTC 0.00028678x3.70422021 0.00028717x14.04274325 1619378326323000");
        int books = 0;
        for (InstrumentBook book : result.decoder().books()) {
            if (book.lastSequence() > 0) {
                assertThat(book.inSync()).as(book.instrument().toString()).isTrue();
                books++;
            }
        }
        assertThat(books).isEqualTo(9);
    }

    @Test
    void aTopicNamesItsChannelAndSymbols() {
        KucoinProtocol p = new KucoinProtocol();
        ClientRequest r = p.parseClient("", "{\"id\":1,\"type\":\"subscribe\",\"topic\":\"/market/level2:EQZ-BTC,ANKR-BTC\",\"response\":true}");
        assertThat(r.subscriptions()).containsExactly(new Subscription("/market/level2", "EQZ-BTC"), new Subscription("/market/level2", "ANKR-BTC"));
        ClientRequest candles = p.parseClient("", "{\"id\":1,\"type\":\"subscribe\",\"topic\":\"/market/candles:BCHSV-USDT_1min\"}");
        assertThat(candles.subscriptions()).containsExactly(new Subscription("/market/candles", "BCHSV-USDT"));
        assertThat(p.parseClient("", "{\"id\":\"x\",\"type\":\"ping\"}")).isEqualTo(ClientRequest.PING);
        assertThat(p.plan("wss://ws-api-spot.kucoin.com", List.of(new Subscription("/market/level2", "BTC-USDT"),
                new Subscription("/market/level2", "ETH-USDT"), new Subscription("/market/candles", "BTC-USDT")), null).get(0).messages())
                .containsExactly("{\"id\":\"1\",\"type\":\"subscribe\",\"topic\":\"/market/level2:BTC-USDT,ETH-USDT\",\"privateChannel\":false,\"response\":true}",
                        "{\"id\":\"2\",\"type\":\"subscribe\",\"topic\":\"/market/candles:BTC-USDT_1min\",\"privateChannel\":false,\"response\":true}");
    }

    @Test
    void aConnectionGoesWhereTheTokenAnswerSays() {
        KucoinProtocol p = new KucoinProtocol();
        String url = p.connectUrl("wss://ws-api-spot.kucoin.com/endpoint", "{\"code\":\"200000\",\"data\":{\"token\":\"2neAiuYvAU6+x/A=\","
                + "\"instanceServers\":[{\"endpoint\":\"wss://ws-api-spot.kucoin.com/\",\"encrypt\":true,\"protocol\":\"websocket\","
                + "\"pingInterval\":18000,\"pingTimeout\":10000}]}}");
        assertThat(url).startsWith("wss://ws-api-spot.kucoin.com/?token=2neAiuYvAU6%2Bx%2FA%3D&connectId=");
        assertThatThrownBy(() -> p.connectUrl("wss://x/endpoint", "{\"code\":\"429000\",\"msg\":\"Too Many Requests\"}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("429000").hasMessageContaining("Too Many Requests");
        assertThatThrownBy(() -> p.connectUrl("wss://x/endpoint", "{\"data\":{\"token\":\"t\",\"instanceServers\":[{\"endpoint\":\"http://x\"}]}}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a WebSocket URL");
    }
}
