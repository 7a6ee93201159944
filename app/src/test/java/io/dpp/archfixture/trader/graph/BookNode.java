package io.dpp.archfixture.trader.graph;

import io.dpp.archfixture.trader.backtest.SimBook;

/** Fixture: a graph node keeping the backtester's book, which the rules forbid (the cycle there was). */
public class BookNode {
    public int depth(SimBook book) {
        return book.levels();
    }
}
