package io.dpp.ems;

import io.dpp.core.decimal.Decimal64;
import io.dpp.trading.order.Order;
import io.dpp.trading.order.OrderRequest;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * The pre-trade risk checks over one paper account, outside the engine: for benchmarks
 * (RiskCheckBenchmark in bench) and anyone measuring what a check costs. Builds an account with
 * its cash, positions and working orders, and checks candidate orders against it and a book with
 * the engine's own code, {@link RiskCheck#passes} and {@link RiskCheck#exact}. Not thread-safe, as
 * the engine's thread is not shared.
 */
public final class RiskProbe {

    private final TradingAccount account = new TradingAccount(1, "probe", "probe", TradingAccount.PAPER, 0);
    private final Limits limits;
    private final BigDecimal fee;
    private final double feeRate;
    private long bid = Decimal64.NULL;
    private long ask = Decimal64.NULL;
    private BigDecimal bidDecimal;
    private BigDecimal askDecimal;
    private EmsOrder[] candidates = new EmsOrder[0];
    private long nextId = 1;

    /**
     * An account with {@code cash} by asset, no positions, no working orders, under {@code limits},
     * on a paper venue charging at most {@code fee} (a rate, at least 0).
     */
    public RiskProbe(Map<String, BigDecimal> cash, Limits limits, BigDecimal fee) {
        cash.forEach(account.portfolio::deposit);
        this.limits = limits;
        this.fee = fee;
        this.feeRate = fee.doubleValue();
    }

    /** Sets a position of the account. */
    public RiskProbe position(io.dpp.core.instrument.Instrument instrument, BigDecimal quantity, BigDecimal averagePrice) {
        account.portfolio.restore(instrument, quantity, averagePrice, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO);
        return this;
    }

    /** Adds a working order of the account. */
    public RiskProbe working(OrderRequest request) {
        long id = nextId++;
        account.open.put(id, new EmsOrder(new Order(id, request, 0), account, "w" + id, "-", OrderState.NEW));
        return this;
    }

    /** The best bid and ask of the candidates' instrument at the paper venue (null: that side is empty). */
    public RiskProbe book(BigDecimal bestBid, BigDecimal bestAsk) {
        bidDecimal = bestBid;
        askDecimal = bestAsk;
        bid = bestBid == null ? Decimal64.NULL : Decimal64.fromBigDecimal(bestBid);
        ask = bestAsk == null ? Decimal64.NULL : Decimal64.fromBigDecimal(bestAsk);
        return this;
    }

    /** The orders to check, by index. */
    public RiskProbe candidates(List<OrderRequest> requests) {
        candidates = new EmsOrder[requests.size()];
        for (int i = 0; i < candidates.length; i++) {
            long id = nextId++;
            candidates[i] = new EmsOrder(new Order(id, requests.get(i), 0), account, "c" + id, "-", OrderState.PENDING_NEW);
        }
        return this;
    }

    /** The allocation-free check of candidate {@code i}: true when it certainly passes every check. */
    public boolean fastPath(int i) {
        return RiskCheck.passes(false, account, candidates[i], limits, bid, ask, false, feeRate);
    }

    /** The exact checks of candidate {@code i}: null when it passes, else "code: message". */
    public String exact(int i) {
        return RiskCheck.exact(false, null, account, candidates[i], limits, bidDecimal, askDecimal, false, fee);
    }
}
