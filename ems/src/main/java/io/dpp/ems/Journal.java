package io.dpp.ems;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the engine has changed and not yet made durable: rows to write in one transaction, and what
 * to do once they are (acknowledge the requests that waited for them) or if they cannot be.
 * Upserted rows (accounts, orders, balances, positions, limits, settings) keep their last value
 * per key, so that a group of batches writes each row once; events and fills are appended in order.
 */
final class Journal {

    /** @param venue and {@code credential}: a live account's venue and credential name, else null */
    record AccountRow(long id, String owner, String name, String kind, long created, boolean killed, String reason, String venue,
                      String credential, boolean live) {
    }

    record OrderRow(long id, long accountId, String clientOrderId, String digest, String venue, String symbol, String side,
                    String type, String timeInForce, boolean postOnly, boolean reduceOnly, BigDecimal quantity, BigDecimal limit,
                    BigDecimal stop, String state, BigDecimal filled, BigDecimal averagePrice, BigDecimal fees, String reason,
                    String tag, long created, long updated, String transitions) {
    }

    record EventRow(long orderId, int seq, String state, BigDecimal filled, String reason, long at) {
    }

    record FillRow(long id, long orderId, long accountId, String venue, String symbol, String side, BigDecimal price,
                   BigDecimal quantity, BigDecimal fee, String feeAsset, String liquidity, long at, String venueTradeId) {
    }

    record BalanceRow(long accountId, String asset, BigDecimal amount) {
    }

    record PositionRow(long accountId, String venue, String symbol, BigDecimal quantity, BigDecimal averagePrice,
                       BigDecimal realized, BigDecimal fees, BigDecimal funding) {
    }

    record LimitsRow(long accountId, Limits limits) {
    }

    /** Someone waiting for the batch: told when it is durable, or why it could not be made so. */
    interface Waiter {
        void durable();

        void failed(Throwable cause);
    }

    final Map<Long, AccountRow> accounts = new LinkedHashMap<>();
    /** Orders by id; {@link #inserted} those new in this batch. */
    final Map<Long, OrderRow> orders = new LinkedHashMap<>();
    final java.util.Set<Long> inserted = new java.util.HashSet<>();
    final List<EventRow> events = new ArrayList<>();
    final List<FillRow> fills = new ArrayList<>();
    final Map<String, BalanceRow> balances = new LinkedHashMap<>();
    final Map<String, PositionRow> positions = new LinkedHashMap<>();
    final Map<Long, LimitsRow> limits = new LinkedHashMap<>();
    final Map<String, String> settings = new LinkedHashMap<>();
    final List<Waiter> waiters = new ArrayList<>();

    boolean isEmpty() {
        return accounts.isEmpty() && orders.isEmpty() && events.isEmpty() && fills.isEmpty() && balances.isEmpty()
                && positions.isEmpty() && limits.isEmpty() && settings.isEmpty() && waiters.isEmpty();
    }

    void account(AccountRow row) {
        accounts.put(row.id(), row);
    }

    void order(OrderRow row, boolean isNew) {
        orders.put(row.id(), row);
        if (isNew) {
            inserted.add(row.id());
        }
    }

    void event(EventRow row) {
        events.add(row);
    }

    void fill(FillRow row) {
        fills.add(row);
    }

    void balance(BalanceRow row) {
        balances.put(row.accountId() + "\u0000" + row.asset(), row);
    }

    void position(PositionRow row) {
        positions.put(row.accountId() + "\u0000" + row.venue() + "\u0000" + row.symbol(), row);
    }

    void limits(LimitsRow row) {
        limits.put(row.accountId(), row);
    }

    void setting(String name, String value) {
        settings.put(name, value);
    }

    void waiter(Waiter w) {
        waiters.add(w);
    }

    /** Takes in a later batch: its rows replace this one's of the same key. */
    void add(Journal later) {
        accounts.putAll(later.accounts);
        orders.putAll(later.orders);
        inserted.addAll(later.inserted);
        events.addAll(later.events);
        fills.addAll(later.fills);
        balances.putAll(later.balances);
        positions.putAll(later.positions);
        limits.putAll(later.limits);
        settings.putAll(later.settings);
        waiters.addAll(later.waiters);
    }

    /** Rows this batch writes, for metrics. */
    int rows() {
        return accounts.size() + orders.size() + events.size() + fills.size() + balances.size() + positions.size() + limits.size()
                + settings.size();
    }
}
