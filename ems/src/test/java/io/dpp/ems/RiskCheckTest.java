package io.dpp.ems;

import static org.assertj.core.api.Assertions.assertThat;

import io.dpp.core.decimal.Decimal64;
import io.dpp.core.instrument.Instrument;
import io.dpp.core.instrument.InstrumentType;
import io.dpp.core.model.Side;
import io.dpp.trading.order.Fill;
import io.dpp.trading.order.Liquidity;
import io.dpp.trading.order.Order;
import io.dpp.trading.order.OrderRequest;
import io.dpp.trading.order.OrderType;
import io.dpp.trading.order.TimeInForce;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The risk checks' fast path against the exact checks: over random accounts, books, limits and
 * orders (many of them at or next to a limit), every order the fast path passes is one the exact
 * checks pass; and the fast path does pass the everyday order, or it would save nothing.
 */
class RiskCheckTest {

    private static final Instrument SPOT = Instrument.builder("okx", "BTC-USDT").assets("BTC", "USDT").type(InstrumentType.SPOT)
            .tickSize(Decimal64.parseOrThrow("0.1")).lotSize(Decimal64.parseOrThrow("0.0001")).build();
    private static final Instrument PERP = Instrument.builder("okx", "BTC-USDT-SWAP").assets("BTC", "USDT")
            .type(InstrumentType.PERPETUAL).tickSize(Decimal64.parseOrThrow("0.1")).lotSize(Decimal64.parseOrThrow("0.0001")).build();
    private static final OrderType[] TYPES = OrderType.values();
    private static final BigDecimal FEE = new BigDecimal("0.001");

    @Test
    void whatTheFastPathPassesTheExactChecksPass() {
        Random random = new Random(20261203L);
        int passed = 0;
        int deferredButPassing = 0;
        Map<String, Integer> refusals = new TreeMap<>();
        int cases = 200_000;
        for (int n = 0; n < cases; n++) {
            Scenario s = scenario(random);
            boolean fast = RiskCheck.passes(s.globalKill, s.account, s.order, s.limits, decimal(s.bid), decimal(s.ask), s.stale,
                    FEE.doubleValue());
            String exact = RiskCheck.exact(s.globalKill, null, s.account, s.order, s.limits, s.bid, s.ask, s.stale, FEE);
            if (fast) {
                assertThat(exact).as("case %d: %s", n, s).isNull();
                passed++;
            } else if (exact == null) {
                deferredButPassing++;
            } else {
                refusals.merge(exact.substring(0, exact.indexOf(':')), 1, Integer::sum);
            }
        }
        System.out.printf("risk fast path: %d of %d cases passed there, %d more passed the exact checks only; refusals %s%n",
                passed, cases, deferredButPassing, refusals);
        // The cases are drawn to be refused often and to sit on limits often; still, of the orders that
        // pass, the fast path takes most and leaves only those near a limit to the exact checks.
        assertThat(passed).as("orders the fast path passes").isGreaterThan(cases / 10);
        assertThat(passed).as("passing orders it takes, against those it leaves to the exact checks")
                .isGreaterThan(3 * deferredButPassing);
        assertThat(refusals.keySet()).as("every check is reached").contains("kill_switch", "max_order_quantity", "stale_book",
                "max_order_notional", "price_band", "max_open_orders", "max_position", "self_trade", "insufficient_balance");
    }

    @Test
    void anOrderExactlyAtEveryLimitPassesOnlyTheExactChecks() {
        TradingAccount a = new TradingAccount(1, "u", "a", TradingAccount.PAPER, 0);
        a.portfolio.deposit("USDT", new BigDecimal("1000.1"));
        // 0.01 at 100010 is 1000.1 of notional, the limit; buying it needs 1000.1 plus the fee.
        Limits limits = new Limits(new BigDecimal("0.01"), new BigDecimal("1000.1"), new BigDecimal("0.01"), 1, 10,
                new BigDecimal("0.0001"));
        EmsOrder e = order(a, OrderRequest.limit(SPOT, Side.BUY, new BigDecimal("0.01"), new BigDecimal("100010")));
        BigDecimal bid = new BigDecimal("100000");
        BigDecimal ask = new BigDecimal("100020");
        assertThat(RiskCheck.passes(false, a, e, limits, decimal(bid), decimal(ask), false, 0)).isFalse();
        assertThat(RiskCheck.exact(false, null, a, e, limits, bid, ask, false, BigDecimal.ZERO)).isNull();
        assertThat(RiskCheck.exact(false, null, a, e, limits, bid, ask, false, FEE)).startsWith("insufficient_balance:");
    }

    private static EmsOrder order(TradingAccount a, OrderRequest r) {
        return new EmsOrder(new Order(1, r, 0), a, "c", "d", OrderState.PENDING_NEW);
    }

    private record Scenario(boolean globalKill, TradingAccount account, EmsOrder order, Limits limits, BigDecimal bid, BigDecimal ask,
                            boolean stale) {
        @Override
        public String toString() {
            OrderRequest r = order.request();
            return r.side() + " " + r.type() + " " + r.quantity() + " limit " + r.limitPrice() + " stop " + r.stopPrice() + " of "
                    + r.instrument().nativeSymbol() + (r.reduceOnly() ? " reduce-only" : "") + "; book " + bid + " / " + ask
                    + (stale ? " stale" : "") + "; " + limits + "; cash " + account.portfolio.balances() + ", position "
                    + account.portfolio.position(r.instrument()).quantity() + ", " + account.open.size() + " working";
        }
    }

    private static Scenario scenario(Random random) {
        BigDecimal mid = new BigDecimal(10_000 + random.nextInt(90_000)).add(new BigDecimal(random.nextInt(10)).movePointLeft(1));
        BigDecimal spread = new BigDecimal(1 + random.nextInt(50)).movePointLeft(1);
        BigDecimal bid = random.nextInt(20) == 0 ? null : mid.subtract(spread);
        BigDecimal ask = random.nextInt(20) == 0 ? null : mid.add(spread);
        TradingAccount a = new TradingAccount(1, "u", "a", TradingAccount.PAPER, 0);
        a.killed = random.nextInt(100) == 0;
        a.portfolio.deposit("USDT", random.nextInt(10) == 0 ? BigDecimal.ZERO : quantity(random, 7, 2));
        Instrument instrument = random.nextBoolean() ? SPOT : PERP;
        if (random.nextBoolean()) {
            BigDecimal held = quantity(random, 1, 4);
            a.portfolio.restore(instrument, instrument == SPOT || random.nextBoolean() ? held : held.negate(), mid, BigDecimal.ZERO,
                    BigDecimal.ZERO, BigDecimal.ZERO);
        }
        int working = random.nextInt(6);
        for (int w = 0; w < working; w++) {
            Side side = random.nextBoolean() ? Side.BUY : Side.SELL;
            BigDecimal price = near(random, mid, side == Side.BUY ? -1 : 1);
            Order o = new Order(100 + w, OrderRequest.limit(random.nextBoolean() ? SPOT : PERP, side, quantity(random, 1, 4), price), 0);
            if (random.nextInt(3) == 0) {
                BigDecimal part = o.request().quantity().divide(new BigDecimal(2), 4, RoundingMode.DOWN);
                if (part.signum() > 0) {
                    o.fill(new Fill(o.id(), o.request().instrument(), side, price, part, BigDecimal.ZERO, Liquidity.MAKER, 0, null));
                }
            }
            a.open.put(o.id(), new EmsOrder(o, a, "w" + w, "d", OrderState.NEW));
        }
        BigDecimal q = quantity(random, 1, 4);
        Limits limits = new Limits(edge(random, q, new BigDecimal("5")), edge(random, q.multiply(mid), new BigDecimal("1000000")),
                edge(random, q, new BigDecimal("10")), 1 + random.nextInt(8), 10, random.nextInt(10) == 0 ? BigDecimal.ZERO
                : new BigDecimal(1 + random.nextInt(100)).movePointLeft(3));
        OrderType type = TYPES[random.nextInt(TYPES.length)];
        Side side = random.nextBoolean() ? Side.BUY : Side.SELL;
        BigDecimal limit = type == OrderType.LIMIT || type == OrderType.STOP_LIMIT
                ? random.nextInt(8) == 0 && (side == Side.BUY ? ask : bid) != null ? (side == Side.BUY ? ask : bid)
                : near(random, mid, random.nextBoolean() ? 1 : -1) : null;
        BigDecimal stop = type == OrderType.STOP || type == OrderType.STOP_LIMIT ? near(random, mid, side == Side.BUY ? 1 : -1) : null;
        OrderRequest r = new OrderRequest(instrument, side, type, q, limit, stop,
                type == OrderType.MARKET || type == OrderType.STOP ? TimeInForce.IOC : TimeInForce.GTC, false,
                random.nextInt(10) == 0, null);
        return new Scenario(random.nextInt(200) == 0, a, order(a, r), limits, bid, ask, random.nextInt(20) == 0);
    }

    /** A positive amount below 10^digits with {@code scale} decimals. */
    private static BigDecimal quantity(Random random, int digits, int scale) {
        long units = 1 + (long) (random.nextDouble() * Math.pow(10, digits + scale - 1) * 9);
        return BigDecimal.valueOf(units, scale);
    }

    /** A price within 30% of the mid, on the given side of it (or across, now and then). */
    private static BigDecimal near(Random random, BigDecimal mid, int direction) {
        double off = random.nextDouble() * (random.nextInt(4) == 0 ? 0.3 : 0.002);
        return mid.multiply(BigDecimal.valueOf(1 + direction * off)).setScale(1, RoundingMode.HALF_UP);
    }

    /** A limit: often exactly {@code at} (the value of this order), else just above or below it, else generous. */
    private static BigDecimal edge(Random random, BigDecimal at, BigDecimal generous) {
        return switch (random.nextInt(6)) {
            case 0 -> at;
            case 1 -> at.add(new BigDecimal("0.0001"));
            case 2 -> at.subtract(new BigDecimal("0.0001")).max(BigDecimal.ZERO);
            default -> generous.max(at.multiply(new BigDecimal(2)));
        };
    }

    private static long decimal(BigDecimal d) {
        return d == null ? Decimal64.NULL : Decimal64.fromBigDecimal(d);
    }
}
