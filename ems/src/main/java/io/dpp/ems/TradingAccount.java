package io.dpp.ems;

import io.dpp.runtime.rate.TokenBucket;
import io.dpp.trading.portfolio.Portfolio;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A trading account as the engine holds it: balances and positions (the shared {@link Portfolio}),
 * its own risk limits, its kill switch, its working orders and every client order id it has used.
 * Touched by the engine thread only; what it holds is journaled before anyone is told of it.
 */
final class TradingAccount {

    /** Kinds of account: paper (the paper venue fills it) and live (a venue account, through a credential). */
    static final String PAPER = "paper";
    static final String LIVE = "live";

    final long id;
    final String owner;
    final String name;
    final String kind;
    final long created;
    /** A live account's venue and venue credential (by name); null for a paper account. */
    String venue;
    String credential;
    /** Set by the owner: a live account sends orders to its venue only while this is on. */
    boolean live;
    /** A live account's orders sent and fills booked: a balance read from the venue is compared only when none came meanwhile. */
    long liveChanges;
    /** A live account's balance comparison in flight. */
    boolean checkingBalances;
    /** A live account's renewal of its venue's dead man's switch in flight. */
    boolean renewingDeadMan;
    /** Where the venue's dead man's switch is per symbol: the symbols it is armed for (those with working orders). */
    final java.util.Set<String> deadManSymbols = new java.util.TreeSet<>();
    /** What the last comparison with the venue found different (asset, venue, dpp, difference), and when. */
    java.util.List<Map<String, String>> differences = java.util.List.of();
    long balancesChecked;
    /** Venue trade ids (symbol and id) of the fills booked: a fill the venue reports again is not booked twice. */
    final java.util.Set<String> venueTrades = new java.util.HashSet<>();
    /** A live account's contract fills in the venue's order, by instrument ({@link ContractLedger}). */
    final Map<io.dpp.core.instrument.Instrument, ContractLedger> ledgers = new java.util.HashMap<>();
    /** The instruments of the venue trades booked lately (the last 10 000), for settling a balance comparison. */
    final Map<String, io.dpp.core.instrument.Instrument> recentTrades = new java.util.LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, io.dpp.core.instrument.Instrument> eldest) {
            return size() > 10_000;
        }
    };
    Portfolio portfolio = new Portfolio(Map.of());
    Limits own = Limits.NONE;
    boolean killed;
    String killReason;
    TokenBucket rate;
    int rateLimit;
    /** Order ids by client order id, for idempotent submits. */
    final Map<String, Long> clientIds = new HashMap<>();
    /** Working orders (not final), in the order they were accepted. */
    final Map<Long, EmsOrder> open = new LinkedHashMap<>();
    /** Working orders kept from before a restart whose instrument has not shown up on the bus yet. */
    final Map<Long, Journal.OrderRow> parked = new LinkedHashMap<>();

    boolean isLive() {
        return LIVE.equals(kind);
    }

    /** Working orders, parked ones included. */
    int working() {
        return open.size() + parked.size();
    }

    TradingAccount(long id, String owner, String name, String kind, long created) {
        this.id = id;
        this.owner = owner;
        this.name = name;
        this.kind = kind;
        this.created = created;
    }

    /** The submission limiter at {@code perSecond}, made anew when the limit changes. */
    TokenBucket rate(int perSecond) {
        if (rate == null || rateLimit != perSecond) {
            rate = TokenBucket.perSecond(perSecond);
            rateLimit = perSecond;
        }
        return rate;
    }
}
