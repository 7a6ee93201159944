package io.dpp.runtime.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SuggestionsTest {

    private static final List<String> PARAMS = List.of("bar", "fast", "size", "slow", "symbol");

    @Test
    void aTypoGetsTheNameItMisspells() {
        assertThat(Suggestions.closest("fats", PARAMS)).isEqualTo("fast"); // swapped letters
        assertThat(Suggestions.closest("slw", PARAMS)).isEqualTo("slow"); // a letter missing
        assertThat(Suggestions.closest("Symbol", PARAMS)).isEqualTo("symbol"); // case
        assertThat(Suggestions.closest("latncy", List.of("latency", "maker_fee", "taker_fee"))).isEqualTo("latency");
        assertThat(Suggestions.didYouMean("sise", PARAMS)).isEqualTo(" (did you mean \"size\"?)");
    }

    @Test
    void somethingElseEntirelyGetsNoSuggestion() {
        assertThat(Suggestions.closest("volume", PARAMS)).isNull();
        assertThat(Suggestions.closest("x", List.of("latency"))).isNull();
        assertThat(Suggestions.closest("", PARAMS)).isNull();
        assertThat(Suggestions.closest("a".repeat(100), PARAMS)).isNull();
        assertThat(Suggestions.didYouMean("volume", PARAMS)).isEmpty();
    }

    @Test
    void distanceCountsEachKindOfEditOnce() {
        assertThat(Suggestions.distance("fast", "fast")).isZero();
        assertThat(Suggestions.distance("fats", "fast")).isEqualTo(1);
        assertThat(Suggestions.distance("fst", "fast")).isEqualTo(1);
        assertThat(Suggestions.distance("faast", "fast")).isEqualTo(1);
        assertThat(Suggestions.distance("fist", "fast")).isEqualTo(1);
        assertThat(Suggestions.distance("", "abc")).isEqualTo(3);
    }

    @Test
    void theNearestNamesComeClosestFirst() {
        List<String> symbols = List.of("BTC-USDT", "BTC-USDC", "ETH-USDT", "BTC-USDT-SWAP", "XRP-USDT");
        assertThat(Suggestions.nearest("BTCUSDT", symbols, 3)).containsExactly("BTC-USDT", "BTC-USDC");
        assertThat(Suggestions.nearest("BTC-USDT", symbols, 1)).containsExactly("BTC-USDT");
        assertThat(Suggestions.nearest("DOGE", symbols, 3)).isEmpty();
    }
}
