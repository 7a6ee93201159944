package io.dpp.book;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dpp.core.decimal.Decimal64;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class OrdersTest {

    private static long d(String text) {
        return Decimal64.parseOrThrow(text);
    }

    @Test
    void levelsAddUpTheirOrdersAndSayWhatChanged() {
        Orders orders = new Orders();
        orders.put(1, 1, true, d("33.6330"), d("27.7"));
        assertThat(orders.changes()).isEqualTo(1);
        assertThat(Decimal64.toString(orders.changedPrice(0))).isEqualTo("33.633");
        assertThat(Decimal64.toString(orders.changedTotal(0))).isEqualTo("27.7");
        // The same price written with another scale is the same level.
        orders.put(2, 2, true, d("33.633"), d("28.21327000"));
        assertThat(orders.changes()).isEqualTo(1);
        assertThat(Decimal64.toString(orders.changedTotal(0))).isEqualTo("55.91327");
        assertThat(orders.levels(true)).isEqualTo(1);
        // A fill leaves what is left; a fill to 0 removes the order.
        assertThat(orders.resize(1, 1, d("0.7"))).isTrue();
        assertThat(Decimal64.toString(orders.total(true, d("33.633")))).isEqualTo("28.91327");
        assertThat(orders.resize(1, 1, Decimal64.ZERO)).isTrue();
        assertThat(orders.contains(1, 1)).isFalse();
        assertThat(Decimal64.toString(orders.changedTotal(0))).isEqualTo("28.21327");
        // An order placed again under its id at another price moves: two levels change.
        orders.put(2, 2, true, d("33.5"), d("1"));
        assertThat(orders.changes()).isEqualTo(2);
        assertThat(Decimal64.signum(orders.changedTotal(0))).isZero();
        assertThat(Decimal64.toString(orders.changedTotal(1))).isEqualTo("1");
        assertThat(orders.total(true, d("33.633"))).isEqualTo(Decimal64.NULL);
        // Unknown ids change nothing.
        assertThat(orders.remove(9, 9)).isFalse();
        assertThat(orders.changes()).isZero();
        assertThat(orders.resize(9, 9, d("1"))).isFalse();
        assertThatThrownBy(() -> orders.put(3, 3, false, d("1"), Decimal64.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }

    private record Order(boolean bid, BigDecimal price, BigDecimal size) {
    }

    /** Random places, fills and cancels over colliding ids agree with a plain map of orders, level by level. */
    @Test
    void agreesWithAPlainModel() {
        Random random = new Random(11);
        Orders orders = new Orders();
        Map<Long, Order> model = new HashMap<>();
        List<Long> ids = new ArrayList<>();
        for (int step = 0; step < 200_000; step++) {
            int op = random.nextInt(10);
            if (op < 5 || ids.isEmpty()) {
                long id = random.nextInt(5_000);
                boolean bid = random.nextBoolean();
                long price = Decimal64.of(1000 + random.nextInt(50), 1 + random.nextInt(2));
                long size = Decimal64.of(1 + random.nextInt(1000), random.nextInt(4));
                orders.put(id >>> 3, id, bid, price, size);
                if (model.put(id, new Order(bid, Decimal64.toBigDecimal(price), Decimal64.toBigDecimal(size))) == null) {
                    ids.add(id);
                }
            } else {
                int at = random.nextInt(ids.size());
                long id = ids.get(at);
                if (op < 7) {
                    long size = Decimal64.of(random.nextInt(200), random.nextInt(3));
                    assertThat(orders.resize(id >>> 3, id, size)).isTrue();
                    Order o = model.get(id);
                    if (Decimal64.signum(size) == 0) {
                        model.remove(id);
                        ids.set(at, ids.get(ids.size() - 1));
                        ids.remove(ids.size() - 1);
                    } else {
                        model.put(id, new Order(o.bid(), o.price(), Decimal64.toBigDecimal(size)));
                    }
                } else {
                    assertThat(orders.remove(id >>> 3, id)).isTrue();
                    model.remove(id);
                    ids.set(at, ids.get(ids.size() - 1));
                    ids.remove(ids.size() - 1);
                }
            }
        }
        assertThat(orders.size()).isEqualTo(model.size());
        for (boolean bid : new boolean[] {true, false}) {
            TreeMap<BigDecimal, BigDecimal> expected = new TreeMap<>();
            for (Order o : model.values()) {
                if (o.bid() == bid) {
                    expected.merge(o.price().stripTrailingZeros(), o.size(), BigDecimal::add);
                }
            }
            TreeMap<BigDecimal, BigDecimal> actual = new TreeMap<>();
            orders.forEachLevel(bid, (price, total) -> actual.put(Decimal64.toBigDecimal(price), Decimal64.toBigDecimal(total)));
            assertThat(actual).hasSameSizeAs(expected);
            expected.forEach((price, total) -> assertThat(actual.get(price)).as("level %s", price).isEqualByComparingTo(total));
        }
        int[] seen = new int[1];
        orders.forEachOrder((high, low, bid, price, size) -> {
            assertThat(model.get(low).size()).isEqualByComparingTo(Decimal64.toBigDecimal(size));
            seen[0]++;
        });
        assertThat(seen[0]).isEqualTo(model.size());
    }
}
