package io.dpp.streams.feed;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class GzipFramesTest {

    private static byte[] gzip(byte[] message) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(message);
        }
        return out.toByteArray();
    }

    private static String text(GzipFrames g) {
        return new String(g.output(), 0, g.length(), StandardCharsets.UTF_8);
    }

    @Test
    void framesInflateOneAfterAnotherIntoTheSameBuffer() throws IOException {
        GzipFrames g = new GzipFrames();
        byte[] ping = gzip("{\"ping\":1618678073643}".getBytes(StandardCharsets.UTF_8));
        StringBuilder big = new StringBuilder("{\"ch\":\"market.btcusdt.depth.step0\",\"tick\":{\"bids\":[");
        for (int i = 0; i < 20_000; i++) {
            big.append(i == 0 ? "" : ",").append("[").append(50_000 - i).append(".5,1.25]");
        }
        big.append("]}}");
        byte[] book = gzip(big.toString().getBytes(StandardCharsets.UTF_8));
        assertThat(g.inflate(ping, 0, ping.length)).isTrue();
        assertThat(text(g)).isEqualTo("{\"ping\":1618678073643}");
        byte[] framed = new byte[book.length + 7];
        System.arraycopy(book, 0, framed, 3, book.length); // at an offset in a larger buffer
        assertThat(g.inflate(framed, 3, book.length)).isTrue();
        assertThat(text(g)).isEqualTo(big.toString());
        assertThat(g.inflate(ping, 0, ping.length)).isTrue();
        assertThat(text(g)).isEqualTo("{\"ping\":1618678073643}");
    }

    @Test
    void whatIsNotOneWholeGzipMemberIsRefused() throws IOException {
        GzipFrames g = new GzipFrames();
        byte[] good = gzip("{\"a\":1}".getBytes(StandardCharsets.UTF_8));
        byte[] badCrc = good.clone();
        badCrc[badCrc.length - 8] ^= 1;
        byte[] badLength = good.clone();
        badLength[badLength.length - 1] ^= 1;
        byte[] cut = Arrays.copyOf(good, good.length - 3);
        byte[] garbage = good.clone();
        Arrays.fill(garbage, 10, garbage.length - 8, (byte) 0xff);
        byte[] plain = "{\"not\":\"gzip at all, just text\"}".getBytes(StandardCharsets.UTF_8);
        for (byte[] bad : new byte[][] {badCrc, badLength, cut, garbage, plain}) {
            assertThat(g.inflate(bad, 0, bad.length)).isFalse();
        }
        assertThat(g.inflate(good, 0, good.length)).as("still usable after refusals").isTrue();
    }

    @Test
    void aFrameThatWouldInflatePastTheBoundIsRefused() throws IOException {
        byte[] bomb = gzip(new byte[GzipFrames.MAX_MESSAGE + 1]);
        assertThat(bomb.length).isLessThan(100_000);
        assertThat(new GzipFrames().inflate(bomb, 0, bomb.length)).isFalse();
    }
}
