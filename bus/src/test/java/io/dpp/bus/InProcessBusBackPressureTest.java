package io.dpp.bus;

import static org.assertj.core.api.Assertions.assertThat;

import io.dpp.core.decimal.Decimal64;
import io.dpp.core.instrument.Instrument;
import io.dpp.core.instrument.InstrumentType;
import io.dpp.core.model.MarketEvent;
import io.dpp.core.model.Side;
import io.dpp.core.model.Trade;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * A consumer that falls behind holds the ring, and {@code offer} answers so instead of parking
 * the publisher: the caller (a feed's event loop) gets false at once, with nothing published,
 * and {@code hasRoom} says when to try again. Nothing offered successfully is lost.
 */
class InProcessBusBackPressureTest {

    @Test
    void aFullRingRefusesAtOnceAndTakesAgainOnceTheConsumerCatchesUp() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicLong delivered = new AtomicLong();
        try (InProcessBus bus = new InProcessBus(64, Duration.ofMillis(20))) {
            BusSubscription s = bus.subscribe("slow", new BusConsumer() {
                @Override
                public void onEvent(MarketEvent event) throws Exception {
                    release.await(); // stuck until released: the ring fills behind it
                    delivered.incrementAndGet();
                }
            });
            Trade t = new Trade();
            t.instrument(Instrument.builder("test", "BTCUSDT").assets("BTC", "USDT").type(InstrumentType.SPOT).build());
            t.set(Decimal64.of(1, 0), Decimal64.of(1, 0), Side.BUY);
            long accepted = 0;
            long refused = 0;
            for (int i = 0; i < 200; i++) {
                if (bus.offer(t)) {
                    accepted++;
                } else {
                    refused++;
                }
            }
            // 64 slots, one of them possibly taken by the event the consumer holds.
            assertThat(accepted).isBetween(64L, 65L);
            assertThat(refused).isEqualTo(200 - accepted);
            assertThat(bus.rejected()).isEqualTo(refused);
            assertThat(bus.hasRoom(1)).as("no room while the consumer is stuck").isFalse();
            release.countDown();
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            // The consumer frees its slots once its batch is done, just after the last event is counted.
            while ((delivered.get() < accepted || !bus.hasRoom(32)) && System.nanoTime() < end) {
                Thread.onSpinWait();
            }
            assertThat(delivered.get()).as("everything accepted is delivered").isEqualTo(accepted);
            assertThat(bus.hasRoom(32)).isTrue();
            assertThat(bus.offer(t)).isTrue();
            s.close(Duration.ofSeconds(5));
        }
    }
}
