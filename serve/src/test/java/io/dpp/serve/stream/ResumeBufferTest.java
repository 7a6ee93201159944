package io.dpp.serve.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.dpp.bus.Bus;
import io.dpp.core.model.EventType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The resume buffer's bounds and its promise: a cursor is served only when every event after it
 * is still held, per bus partition; otherwise the reason names the partition and how far back the
 * buffer goes.
 */
class ResumeBufferTest {

    private static byte[] message(long pos) {
        return ("{\"type\":\"trade\",\"id\":\"" + pos + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> replayed(ResumeBuffer b, ResumeBuffer.Cursor c, EventType t) {
        List<String> out = new ArrayList<>();
        b.replay(c, t, (type, key, m) -> out.add(new String(m, StandardCharsets.UTF_8).replaceAll(".*\"id\":\"(\\d+)\".*", "$1")));
        return out;
    }

    @Test
    void aCursorIsServedWhileEveryEventAfterItIsHeld() {
        ResumeBuffer b = new ResumeBuffer(1000, 1L << 30); // 1024 events
        b.started(0, 0);
        for (long pos = 0; pos < 1500; pos++) {
            assertThat(b.deliver(0, pos)).isTrue();
            b.add(0, pos, EventType.TRADE, "kraken", message(pos));
        }
        assertThat(b.size()).isEqualTo(1024);
        ResumeBuffer.Cursor inside = new ResumeBuffer.Cursor("bus", new int[] {0}, new long[] {476});
        assertThat(b.problem(inside, "bus", EventType.TRADE)).isNull();
        assertThat(replayed(b, inside, EventType.TRADE)).hasSize(1024).startsWith("476").endsWith("1499");
        ResumeBuffer.Cursor gone = new ResumeBuffer.Cursor("bus", new int[] {0}, new long[] {475});
        assertThat(b.problem(gone, "bus", EventType.TRADE)).contains("partition 0 after position 474 are no longer buffered")
                .contains("from 476");
        assertThat(b.deliver(0, 1499)).as("a position delivered before").isFalse();
        assertThat(b.cursorJson("bus")).isEqualTo("{\"bus\":\"bus\",\"at\":[[0,1500]]}");
    }

    @Test
    void theByteBoundDropsTheOldestAndAMessageBeyondItIsNeverHeld() {
        long each = message(100).length + ResumeBuffer.ENTRY_OVERHEAD;
        ResumeBuffer b = new ResumeBuffer(1024, 10 * each);
        b.started(0, 100);
        for (long pos = 100; pos < 120; pos++) {
            b.deliver(0, pos);
            b.add(0, pos, EventType.TRADE, "kraken", message(pos));
        }
        assertThat(b.size()).isEqualTo(10);
        assertThat(b.bytes()).isEqualTo(10 * each);
        b.deliver(0, 120);
        b.add(0, 120, EventType.TRADE, "kraken", new byte[(int) (11 * each)]);
        assertThat(b.problem(new ResumeBuffer.Cursor("bus", new int[] {0}, new long[] {120}), "bus", EventType.TRADE))
                .contains("no longer buffered");
        assertThat(b.problem(new ResumeBuffer.Cursor("bus", new int[] {0}, new long[] {121}), "bus", EventType.TRADE)).isNull();
    }

    @Test
    void kafkaPartitionsOfOtherTypesDoNotConcernACursor() {
        int trades0 = Bus.partition(EventType.TRADE, 0);
        int quotes1 = Bus.partition(EventType.QUOTE, 1);
        ResumeBuffer b = new ResumeBuffer(1024, 1L << 20);
        b.started(trades0, 10);
        b.started(quotes1, 50);
        b.deliver(quotes1, 50);
        b.add(quotes1, 50, EventType.QUOTE, "kraken", message(50));
        b.deliver(trades0, 10);
        b.add(trades0, 10, EventType.TRADE, "kraken", message(10));
        ResumeBuffer.Cursor quotesOnly = new ResumeBuffer.Cursor("bus", new int[] {quotes1}, new long[] {50});
        assertThat(b.problem(quotesOnly, "bus", EventType.QUOTE)).isNull();
        assertThat(replayed(b, quotesOnly, EventType.QUOTE)).containsExactly("50");
        assertThat(b.problem(quotesOnly, "bus", EventType.TRADE)).contains("no position for bus partition " + trades0);
        ResumeBuffer.Cursor unknown = new ResumeBuffer.Cursor("bus", new int[] {quotes1, Bus.partition(EventType.QUOTE, 2)},
                new long[] {50, 0});
        assertThat(b.problem(unknown, "bus", EventType.QUOTE)).contains("has not started here yet");
        // A jump of the bus (it skipped ahead): what lies before cannot be served.
        b.started(quotes1, 80);
        assertThat(b.problem(new ResumeBuffer.Cursor("bus", new int[] {quotes1}, new long[] {51}), "bus", EventType.QUOTE))
                .contains("no longer buffered");
    }
}
