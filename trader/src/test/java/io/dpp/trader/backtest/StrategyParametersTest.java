package io.dpp.trader.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dpp.trader.strategy.Strategy;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A parameter a strategy does not declare is refused before the run, named, with the one likely meant. */
class StrategyParametersTest {

    /** A strategy on the class path that declares no parameters. */
    public static final class Quiet implements Strategy {
    }

    private static BacktestRun.Spec spec(String strategy, Map<String, String> params) {
        return new BacktestRun.Spec(strategy, "binance", List.of("BTCUSDT"), 0, 1_000_000, params, Duration.ofMillis(10),
                BigDecimal.ZERO, BigDecimal.ZERO, Map.of(), Duration.ofMinutes(1), null, null, null);
    }

    @Test
    void aBuiltInStrategyRefusesAMisspeltParameterAndSaysWhatItTakes() {
        assertThatThrownBy(() -> spec("sma-crossover", Map.of("fats", "2", "slow", "4")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("parameter \"fats\" is not one of sma-crossover's (did you mean \"fast\"?)")
                .hasMessageContaining("fast (bars of the fast moving average (default 10))")
                .hasMessageContaining("size (quantity of each buy (default 0.01))");
        // Every unknown one at once.
        assertThatThrownBy(() -> spec("sma-crossover", Map.of("fats", "2", "sise", "1")))
                .hasMessageContaining("\"fats\"").hasMessageContaining("\"sise\" is not one of sma-crossover's (did you mean \"size\"?)");
        // Declared ones pass, and so does a grid point over them.
        BacktestRun.Spec ok = spec("sma-crossover", Map.of("fast", "2", "slow", "4", "bar", "5s", "size", "0.1", "symbol", "BTCUSDT"));
        assertThat(ok.params()).containsEntry("fast", "2");
        assertThatThrownBy(() -> ok.withParams(Map.of("slwo", "9")))
                .hasMessageContaining("did you mean \"slow\"?");
    }

    @Test
    void aStrategyClassThatDeclaresNoneTakesNone() {
        String name = Quiet.class.getName();
        BacktestRun.Spec s = spec(name, Map.of("x", "1")); // a class is only loaded when the run starts
        assertThatThrownBy(() -> BacktestRun.strategy(s))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("parameter \"x\" is not one of " + name + "'s: " + name + " takes no parameters");
        assertThat(BacktestRun.strategy(spec(name, Map.of()))).isInstanceOf(Quiet.class);
    }

    @Test
    void aGraphNamesTheParameterAMisspeltOneMeant() {
        assertThatThrownBy(() -> spec("graph:sma-crossover", Map.of("fats", "2")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("parameter \"fats\" is not one of the graph's (did you mean \"fast\"?)");
    }
}
