package io.dpp.streams.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.dpp.streams.Fixtures;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class CaptureReaderTest {

    private static String message(Capture c, int i) {
        return new String(c.bytes(), c.offset(i), c.length(i), StandardCharsets.UTF_8);
    }

    @Test
    void aBytesLiteralIsReadAsTheBytesItStandsFor() {
        String text = "wss://x <-> 1.0\n"
                + "2.0: b'{\"a\":\"it\\'s\",\"b\":\"\\\\\\x41\\t\"}'\n"
                + "3.0: b\"{\\\"q\\\":'x'}\"\n"
                + "4.0: {\"plain\":1}\n";
        Capture c = CaptureReader.parse("T.ws.1.0", text.getBytes(StandardCharsets.UTF_8));
        assertThat(c.malformedLines()).isEmpty();
        assertThat(c.size()).isEqualTo(4);
        assertThat(message(c, 1)).isEqualTo("{\"a\":\"it's\",\"b\":\"\\A\t\"}");
        assertThat(message(c, 2)).isEqualTo("{\"q\":'x'}");
        assertThat(message(c, 3)).isEqualTo("{\"plain\":1}");
    }

    @Test
    void aGzipFrameIsReadAsTheMessageItInflatesTo() throws IOException {
        ByteArrayOutputStream zipped = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(zipped)) {
            z.write("{\"ping\":1618678070000}".getBytes(StandardCharsets.UTF_8));
        }
        StringBuilder literal = new StringBuilder("b'");
        for (byte b : zipped.toByteArray()) {
            literal.append(String.format("\\x%02x", b & 0xff));
        }
        literal.append('\'');
        Capture c = CaptureReader.parse("T.ws.1.0", ("1.0: " + literal + "\n2.0: {\"after\":true}\n").getBytes(StandardCharsets.US_ASCII));
        assertThat(c.malformedLines()).isEmpty();
        assertThat(message(c, 0)).isEqualTo("{\"ping\":1618678070000}");
        assertThat(message(c, 1)).isEqualTo("{\"after\":true}");
    }

    @Test
    void aBrokenLiteralOrFrameIsListedAsMalformed() {
        String text = "1.0: b'{\"cut\":\\x4'\n2.0: b'no end\n3.0: b'\\q'\n4.0: b'\\x1f\\x8b\\x08\\x00\\x00\\x00\\x00\\x00\\x00\\x00garbage garbage'\n";
        Capture c = CaptureReader.parse("T.ws.1.0", text.getBytes(StandardCharsets.US_ASCII));
        assertThat(c.size()).isZero();
        assertThat(c.malformedLines()).hasSize(4);
        assertThat(c.malformedLines().get(3)).contains("gzip frame that does not inflate");
    }

    /** Huobi's recorded frames are gzip in bytes literals: every one inflates to a JSON object. */
    @Test
    void huobisRecordedFramesInflateToJson() throws IOException {
        Capture c = CaptureReader.read(Fixtures.file("huobi/cryptofeed/HUOBI.ws.44.0"));
        assertThat(c.malformedLines()).isEmpty();
        int received = 0;
        for (int i = 0; i < c.size(); i++) {
            if (c.kind(i) == CaptureKind.RECEIVED) {
                assertThat(message(c, i)).startsWith("{").endsWith("}");
                received++;
            }
        }
        assertThat(received).isGreaterThan(300);
    }
}
