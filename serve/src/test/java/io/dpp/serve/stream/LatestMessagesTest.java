package io.dpp.serve.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LatestMessagesTest {

    @Test
    void keepsTheNewestMessagesOldestFirstWhateverTheirLengths() {
        LatestMessages latest = new LatestMessages(100);
        List<String> all = new ArrayList<>();
        byte[] scratch = new byte[4096];
        for (int i = 0; i < 357; i++) {
            // Lengths go up and down so that slots are both reused and outgrown.
            String m = "{\"n\":" + i + ",\"p\":\"" + "x".repeat((i * 37) % 900) + "é\"}";
            byte[] b = m.getBytes(StandardCharsets.UTF_8);
            System.arraycopy(b, 0, scratch, 0, b.length);
            scratch[b.length] = '#'; // bytes past the length are not part of the message
            latest.add(scratch, b.length);
            all.add(m);
            assertThat(latest.size()).isEqualTo(Math.min(i + 1, 100));
        }
        StringBuilder sb = new StringBuilder();
        latest.appendTo(sb, 100);
        assertThat(sb.toString()).isEqualTo(String.join(",", all.subList(257, 357)));
        sb.setLength(0);
        latest.appendTo(sb, 3);
        assertThat(sb.toString()).isEqualTo(String.join(",", all.subList(354, 357)));
        sb.setLength(0);
        new LatestMessages(10).appendTo(sb, 5);
        assertThat(sb.toString()).isEmpty();
    }
}
