package io.dpp.streams.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.dpp.bus.BusConsumer;
import io.dpp.bus.BusSubscription;
import io.dpp.bus.InProcessBus;
import io.dpp.core.decimal.Decimal64;
import io.dpp.core.instrument.Instrument;
import io.dpp.core.instrument.InstrumentType;
import io.dpp.core.model.MarketEvent;
import io.dpp.core.model.Side;
import io.dpp.core.model.Trade;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The sink at a stop: once the feeds' stop budget is spent it takes every event without sending
 * it to the bus (which closes next), counts each, and reports room, so that a connection holding
 * events back for a full bus finishes instead of waiting on it. The listeners still get them.
 */
class FeedSinkTest {

    @Test
    void afterCloseEventsAreCountedAndNeverSentToTheBus() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicLong delivered = new AtomicLong();
        AtomicLong heard = new AtomicLong();
        try (InProcessBus bus = new InProcessBus(64, Duration.ofMillis(20))) {
            BusSubscription s = bus.subscribe("stuck", new BusConsumer() {
                @Override
                public void onEvent(MarketEvent event) throws Exception {
                    release.await(); // the ring fills behind it
                    delivered.incrementAndGet();
                }
            });
            FeedSink sink = new FeedSink();
            sink.bus(bus);
            sink.add(new io.dpp.core.model.MarketEventListener() {
                @Override
                public void onTrade(Trade trade) {
                    heard.incrementAndGet();
                }
            });
            Trade t = new Trade();
            t.instrument(Instrument.builder("test", "BTCUSDT").assets("BTC", "USDT").type(InstrumentType.SPOT).build());
            t.set(Decimal64.of(1, 0), Decimal64.of(1, 0), Side.BUY);
            long accepted = 0;
            for (int i = 0; i < 200; i++) {
                if (sink.publish(t)) {
                    accepted++;
                }
            }
            assertThat(accepted).as("the bus's 64 slots (one may be held by the stuck consumer)").isBetween(64L, 65L);
            assertThat(sink.hasRoom(1)).as("the bus is full").isFalse();
            long refusedBefore = bus.rejected();

            sink.close();
            assertThat(sink.hasRoom(1)).as("room after the close: nothing waits on the bus").isTrue();
            for (int i = 0; i < 10; i++) {
                assertThat(sink.publish(t)).as("taken (and dropped)").isTrue();
            }
            assertThat(sink.notPublished()).isEqualTo(10);
            assertThat(bus.rejected()).as("nothing offered to the bus after the close").isEqualTo(refusedBefore);
            assertThat(heard.get()).as("the listeners get every event, before and after").isEqualTo(210);
            sink.ignoredAtStop();
            assertThat(sink.ignoredAtStopCount()).isEqualTo(1);

            release.countDown();
            s.close(Duration.ofSeconds(5));
            assertThat(delivered.get()).as("what the bus accepted is delivered").isEqualTo(accepted);
        }
    }
}
