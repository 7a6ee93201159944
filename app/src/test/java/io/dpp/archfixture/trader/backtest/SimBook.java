package io.dpp.archfixture.trader.backtest;

/** Fixture: a backtester class that graphs must not use. */
public class SimBook {
    public int levels() {
        return 0;
    }
}
