package io.dpp.serve.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class GlobTest {

    private static final java.util.List<String> VENUES = java.util.List.of("kraken", "binance");

    private static StreamProtocol.Request parse(String text) throws StreamProtocol.BadRequest {
        return StreamProtocol.parse(text, VENUES);
    }

    @Test
    void matchesLikeTheRegularExpressionItReplaces() {
        String[] patterns = {"*", "BTC*", "*USDT", "B?C-*", "*-*-SWAP", "?", "", "ETH", "*T*T*", "a*b*c*", "**", "*?"};
        String[] texts = {"BTC-USDT", "BTCUSDT", "ETH", "BTC-USDT-SWAP", "B", "", "abc", "axbyc", "TT", "XBT/USD"};
        for (String p : patterns) {
            Pattern re = Pattern.compile(p.replace("?", ".").replace("*", ".*"));
            for (String t : texts) {
                assertThat(Glob.of(p).matches(t)).as(p + " ~ " + t).isEqualTo(re.matcher(t).matches());
            }
        }
    }

    @Test
    void aPathologicalPatternIsLinearNotExponential() {
        // 300 stars and a character the text lacks: a regular expression backtracks for seconds
        // (9.8 s measured on the event loop); the glob answers after at most 64 x 64 steps.
        String attack = "*".repeat(63) + "#";
        assertThat(Glob.problem("venue", "*".repeat(300) + "#")).contains("at most 64 characters");
        assertThat(Glob.problem("venue", attack)).contains("at most 8 wildcards");
        String bounded = "*a*a*a*a*a*a*a*#";
        assertThat(Glob.problem("venue", bounded)).isNull();
        for (int i = 0; i < 10_000; i++) {
            assertThat(Glob.of(bounded).matches("a".repeat(64))).isFalse();
            assertThat(Glob.of(attack).matches("a".repeat(200))).isFalse();
            assertThat(Glob.of(bounded.replace('#', 'a')).matches("a".repeat(64))).isTrue();
        }
    }

    @Test
    void requestsWithUnboundedPatternsOrNumbersAreRefused() {
        assertThatThrownBy(() -> parse("{\"op\":\"subscribe\",\"channel\":\"trades\",\"venue\":\""
                + "*".repeat(300) + "#\"}")).hasMessageContaining("venue must be at most 64 characters");
        assertThatThrownBy(() -> parse("{\"op\":\"subscribe\",\"channel\":\"trades\",\"venue\":\"kraken\","
                + "\"symbols\":[\"" + "*?".repeat(10) + "\"]}")).hasMessageContaining("at most 8 wildcards");
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 101; i++) {
            many.append(i > 0 ? "," : "").append("\"S").append(i).append('"');
        }
        assertThatThrownBy(() -> parse("{\"op\":\"subscribe\",\"channel\":\"trades\",\"venue\":\"kraken\","
                + "\"symbols\":[" + many + "]}")).hasMessageContaining("at most 100 symbols");
        for (String depth : new String[] {"0", "-1", "1001", "4294967306", "9223372036854775808", "1.5", "\"10\""}) {
            assertThatThrownBy(() -> parse("{\"op\":\"subscribe\",\"channel\":\"book_snapshots\",\"venue\":\"kraken\","
                    + "\"depth\":" + depth + "}")).as("depth " + depth).hasMessageContaining("depth must be a whole number");
        }
        for (String sub : new String[] {"0", "-1", "2147483648", "18446744073709551616", "1.5"}) {
            assertThatThrownBy(() -> parse("{\"op\":\"unsubscribe\",\"sub\":" + sub + "}")).as("sub " + sub)
                    .hasMessageContaining("unsubscribe needs sub");
        }
        assertThatThrownBy(() -> parse("{\"op\":\"subscribe\",\"channel\":\"book_snapshots\",\"venue\":\"kraken\","
                + "\"interval\":\"99999999999999999999s\"}")).hasMessageContaining("interval must be from 100ms to 1m");
        assertThatThrownBy(() -> parse("{\"op\":\"ping\",\"id\":\"" + "x".repeat(65) + "\"}"))
                .hasMessageContaining("id must be at most 64 characters");
    }
}
