package io.dpp.trader.live;

import io.dpp.core.model.MarketEvent;
import io.dpp.core.model.Trade;
import io.dpp.core.time.Timestamps;
import io.dpp.trader.strategy.Orders;
import io.dpp.trader.strategy.Strategy;
import io.dpp.trader.strategy.StrategyContext;
import io.dpp.trading.exec.ExecutionListener;
import io.dpp.trading.exec.ExecutionSession;
import io.dpp.trading.order.Fill;
import io.dpp.trading.order.Order;
import io.dpp.trading.order.OrderRequest;
import io.dpp.trading.order.OrderStatus;
import io.dpp.trading.portfolio.Portfolio;
import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One deployment running: the strategy on the EMS's thread, seeing its instruments' events after
 * the paper venue, trading through an {@link ExecutionSession} (so through the EMS's risk checks
 * and journal), with the same {@link StrategyContext} and {@link Orders} as a backtest. It counts
 * what it does for its status and metrics, and keeps its own book of its fills for its profit
 * (the account may be shared with other deployments and manual orders).
 *
 * <p>Everything but the getters runs on the host's thread; the getters read values published for
 * the API threads.
 */
final class ForwardRun implements ExecutionListener, StrategyContext, Orders {

    /** Fills kept for the status. */
    static final int RECENT_FILLS = 1000;

    private final Deployment deployment;
    private final Strategy strategy;
    private final Consumer<ForwardRun> failed;
    private ExecutionSession session;
    private boolean started;
    private volatile boolean paused;
    /** This deployment's own fills only: its profit, marked to the last trade of each instrument. */
    private final Portfolio own = new Portfolio(Map.of());
    private final ArrayDeque<Fill> recentFills = new ArrayDeque<>();

    volatile long events;
    volatile long orders;
    volatile long fills;
    volatile long rejects;
    volatile long errors;
    volatile long lastEventTime = Long.MIN_VALUE;
    volatile long lastLagNanos;
    volatile int resumedOrders;
    volatile String failure;
    /** The profit (quote units), published after each fill and trade. */
    private volatile BigDecimal profit = BigDecimal.ZERO;
    private volatile Map<String, Object> snapshot = Map.of();

    /**
     * @param failed told (on the host's thread) when the strategy threw and the session was closed
     */
    ForwardRun(Deployment deployment, Strategy strategy, boolean paused, Consumer<ForwardRun> failed) {
        this.deployment = deployment;
        this.strategy = strategy;
        this.paused = paused;
        this.failed = failed;
    }

    Deployment deployment() {
        return deployment;
    }

    /** Its session is open (host's thread): the working orders it had before a restart are its own again. */
    @Override
    public void onOpen(ExecutionSession s) {
        this.session = s;
        this.resumedOrders = s.open().size();
    }

    ExecutionSession session() {
        return session;
    }

    void pause(boolean on) {
        paused = on;
    }

    BigDecimal profit() {
        return profit;
    }

    /** Positions and open orders as of the last change, for the status (host's thread writes it). */
    Map<String, Object> snapshot() {
        return snapshot;
    }

    /** Ends the run on request (host's thread): the strategy's onStop, then its working orders are canceled. */
    void stop(String reason) {
        if (session == null) {
            return;
        }
        try {
            if (started) {
                strategy.onStop();
            }
        } catch (RuntimeException e) {
            errors++;
        }
        session.cancelAll(reason);
        session.close();
        publish();
    }

    // ---- the host's calls ----------------------------------------------------------------------

    @Override
    public void onEvent(MarketEvent event) {
        events++;
        lastEventTime = event.receiveTime();
        lastLagNanos = session.lagNanos();
        if (event instanceof Trade t) {
            own.mark(t.instrument(), t.price());
        }
        if (paused) {
            return;
        }
        if (!started) {
            started = true;
            strategy.onStart(this);
        }
        event.dispatchTo(strategy);
        if (event instanceof Trade) {
            profit = own.equity();
        }
    }

    @Override
    public void onTimer(long time) {
        if (!paused && started) {
            strategy.onTimer(time);
        }
    }

    @Override
    public void onOrder(Order order) {
        if (started) {
            strategy.onOrder(order);
        }
        publish();
    }

    @Override
    public void onFill(Fill fill) {
        fills++;
        own.apply(fill);
        profit = own.equity();
        if (recentFills.size() == RECENT_FILLS) {
            recentFills.removeFirst();
        }
        recentFills.addLast(fill);
        if (started) {
            strategy.onFill(fill);
        }
    }

    @Override
    public void onFailure(Throwable error) {
        errors++;
        failure = error.toString();
        publish();
        failed.accept(this);
    }

    /** Publishes positions, open orders and recent fills for the status (host's thread). */
    private void publish() {
        Map<String, Object> m = new LinkedHashMap<>();
        List<Map<String, Object>> positions = new ArrayList<>();
        for (io.dpp.trading.portfolio.Position p : own.positions()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("symbol", p.instrument().nativeSymbol());
            row.put("quantity", plain(p.quantity()));
            row.put("average_price", plain(p.averagePrice()));
            row.put("realized", plain(p.realized()));
            row.put("fees", plain(p.fees()));
            positions.add(row);
        }
        m.put("positions", positions);
        List<Map<String, Object>> open = new ArrayList<>();
        if (session != null) {
            for (Order o : session.open()) {
                open.add(orderView(o));
            }
        }
        m.put("open_orders", open);
        List<Map<String, Object>> recent = new ArrayList<>();
        for (Fill f : recentFills) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("order_id", Long.toString(f.orderId()));
            row.put("symbol", f.instrument().nativeSymbol());
            row.put("side", f.side().name());
            row.put("price", plain(f.price()));
            row.put("quantity", plain(f.quantity()));
            row.put("fee", plain(f.fee()));
            row.put("liquidity", f.liquidity().name().toLowerCase(java.util.Locale.ROOT));
            row.put("time", Timestamps.toIso(f.time()));
            recent.add(row);
        }
        m.put("fills", recent);
        snapshot = m;
    }

    static Map<String, Object> orderView(Order o) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", Long.toString(o.id()));
        OrderRequest r = o.request();
        row.put("symbol", r.instrument().nativeSymbol());
        row.put("side", r.side().name());
        row.put("type", r.type().name().toLowerCase(java.util.Locale.ROOT));
        row.put("quantity", plain(r.quantity()));
        row.put("price", plain(r.limitPrice()));
        row.put("status", o.status().name().toLowerCase(java.util.Locale.ROOT));
        row.put("filled", plain(o.filled()));
        return row;
    }

    private static String plain(BigDecimal d) {
        return d == null ? null : d.stripTrailingZeros().toPlainString();
    }

    // ---- what the strategy calls (StrategyContext, Orders) ------------------------------------

    @Override
    public long now() {
        return session.now();
    }

    @Override
    public Orders orders() {
        return this;
    }

    @Override
    public Portfolio portfolio() {
        return session.portfolio();
    }

    @Override
    public void timerAt(long time) {
        session.timerAt(time);
    }

    @Override
    public Map<String, String> params() {
        return deployment.params();
    }

    @Override
    public Order submit(OrderRequest request) {
        Order o = session.submit(request);
        orders++;
        if (o.status() == OrderStatus.REJECTED) {
            rejects++;
        }
        publish();
        return o;
    }

    @Override
    public void cancel(long orderId) {
        session.cancel(orderId);
    }

    @Override
    public void replace(long orderId, BigDecimal quantity, BigDecimal limitPrice) {
        session.replace(orderId, quantity, limitPrice);
    }

    @Override
    public Collection<Order> open() {
        return session.open();
    }

    @Override
    public Order get(long orderId) {
        return session.get(orderId);
    }

    /** The instruments of the deployment as the session asks for them. */
    static List<String[]> wanted(Deployment d) {
        List<String[]> out = new ArrayList<>();
        for (String s : d.symbols()) {
            out.add(new String[] {d.venue(), s});
        }
        return out;
    }

    /** An instrument's profit line for tests and logs. */
    @Override
    public String toString() {
        return "deployment " + deployment.id() + " (" + deployment.strategy() + " on " + deployment.venue() + " "
                + String.join(",", deployment.symbols()) + ", account " + deployment.account() + ")";
    }
}
