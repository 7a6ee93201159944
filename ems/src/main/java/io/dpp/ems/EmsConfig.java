package io.dpp.ems;

import io.dpp.runtime.config.DurationConverter;
import io.smallrye.config.ConfigMapping;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;

/**
 * The {@code ems} section (docs/ems.md): the paper venue's fill model, the default risk limits of
 * every trading account, and bounds on what users may ask for. The database is the accounts
 * service's ({@code accounts.db}).
 */
@ConfigMapping(prefix = "ems")
public interface EmsConfig {

    Paper paper();

    Risk risk();

    /** Trading accounts one user may own. */
    int maxAccountsPerUser();

    /** Requests waiting for the EMS at once; beyond, 503. */
    int maxPending();

    /** Users who may set and clear the global kill switch (besides everyone in the open demo mode). */
    java.util.Optional<List<String>> admins();

    /** The credential vault (docs/ems.md, "The credential vault"). */
    Vault vault();

    /** Live trading (docs/ems.md, "Live trading"). */
    Live live();

    /** Live accounts. */
    interface Live {

        /** How often each working live order is asked of its venue (its state, its fills). */
        Duration pollInterval();

        /** How often a live account's balances are compared with its venue's. */
        Duration balanceCheckInterval();

        /** Whether live accounts follow their orders on their venue's private stream too (where DPP speaks it). */
        boolean privateStreams();

        /**
         * The venues' dead man's switch, where a venue offers one (OKX, Kraken): every order of a live
         * account is canceled at the venue when the EMS has not renewed it for this long; 0s: off.
         */
        Duration cancelOnDisconnect();
    }

    /** Where each venue's private API is: {@code ems.venues.ID.rest-url}; the venue's own when absent. */
    java.util.Map<String, VenueApi> venues();

    /** A venue's private API. */
    interface VenueApi {

        /** REST base URL; the venue's public one ({@code io.dpp.trading.live.TradingEndpoints}) when absent. */
        java.util.Optional<String> restUrl();
    }

    /** Master keys and rotation. */
    interface Vault {

        /**
         * The master keys, {@code ID:BASE64} entries (32 bytes each) separated by commas; set it in
         * the environment ({@code DPP_EMS_VAULT_MASTER_SECRET}), never in a file under version control.
         */
        java.util.Optional<String> masterSecret();

        /** A file with the master keys, one {@code ID:BASE64} per line (a mounted Kubernetes Secret). */
        java.util.Optional<java.nio.file.Path> keyFile();

        /** The id of the key that seals new records; the first listed when absent. */
        java.util.Optional<String> currentKey();

        /** How often records sealed under another key are re-sealed under the current one. */
        Duration rotationInterval();

        /** How long a call to a venue may take. */
        Duration venueTimeout();
    }

    /** The paper venue. */
    interface Paper {

        /** From an order's submission to its arrival at the paper venue, on the market's clock. */
        Duration latency();

        /** Maker fee rate (a fraction of the notional; negative: a rebate). */
        BigDecimal makerFee();

        /** Taker fee rate. */
        BigDecimal takerFee();
    }

    /** Default risk limits; each can be set per account (PUT /api/v1/accounts/{name}/limits). */
    interface Risk {

        BigDecimal maxOrderQuantity();

        /** Largest price times quantity of one order, in the quote asset. */
        BigDecimal maxOrderNotional();

        /** Largest absolute position in one instrument an order may lead to. */
        BigDecimal maxPosition();

        int maxOpenOrders();

        int ordersPerSecond();

        /** Largest distance of a limit price from the live mid, as a fraction of the mid (fat-finger check). */
        BigDecimal priceBand();
    }

    /** Checks that the types do not express. */
    static void check(EmsConfig c, List<String> problems) {
        if (c.paper().latency().isNegative() || c.paper().latency().compareTo(Duration.ofMinutes(1)) > 0) {
            problems.add("ems.paper.latency: must be from 0 to 1m, got " + DurationConverter.text(c.paper().latency()));
        }
        fraction(problems, "ems.paper.maker-fee", c.paper().makerFee(), true);
        fraction(problems, "ems.paper.taker-fee", c.paper().takerFee(), false);
        positive(problems, "ems.risk.max-order-quantity", c.risk().maxOrderQuantity());
        positive(problems, "ems.risk.max-order-notional", c.risk().maxOrderNotional());
        positive(problems, "ems.risk.max-position", c.risk().maxPosition());
        if (c.risk().maxOpenOrders() < 1 || c.risk().maxOpenOrders() > Limits.MAX_OPEN_ORDERS) {
            problems.add("ems.risk.max-open-orders: must be from 1 to " + Limits.MAX_OPEN_ORDERS + ", got " + c.risk().maxOpenOrders());
        }
        if (c.risk().ordersPerSecond() < 1 || c.risk().ordersPerSecond() > Limits.MAX_ORDERS_PER_SECOND) {
            problems.add("ems.risk.orders-per-second: must be from 1 to " + Limits.MAX_ORDERS_PER_SECOND + ", got "
                    + c.risk().ordersPerSecond());
        }
        if (c.risk().priceBand().signum() <= 0 || c.risk().priceBand().compareTo(BigDecimal.ONE) > 0) {
            problems.add("ems.risk.price-band: must be above 0 and at most 1, got " + c.risk().priceBand().toPlainString());
        }
        if (c.maxAccountsPerUser() < 1 || c.maxAccountsPerUser() > 1000) {
            problems.add("ems.max-accounts-per-user: must be from 1 to 1000, got " + c.maxAccountsPerUser());
        }
        if (c.vault().rotationInterval().compareTo(Duration.ofSeconds(1)) < 0 || c.vault().rotationInterval().compareTo(Duration.ofDays(1)) > 0) {
            problems.add("ems.vault.rotation-interval: must be from 1s to 1d, got " + DurationConverter.text(c.vault().rotationInterval()));
        }
        if (c.live().pollInterval().compareTo(Duration.ofMillis(100)) < 0 || c.live().pollInterval().compareTo(Duration.ofMinutes(1)) > 0) {
            problems.add("ems.live.poll-interval: must be from 100ms to 1m, got " + DurationConverter.text(c.live().pollInterval()));
        }
        if (c.live().balanceCheckInterval().compareTo(Duration.ofSeconds(1)) < 0
                || c.live().balanceCheckInterval().compareTo(Duration.ofDays(1)) > 0) {
            problems.add("ems.live.balance-check-interval: must be from 1s to 1d, got "
                    + DurationConverter.text(c.live().balanceCheckInterval()));
        }
        long dms = c.live().cancelOnDisconnect().toMillis();
        if (dms != 0 && (dms < 10_000 || dms > 120_000 || dms % 1000 != 0)) {
            problems.add("ems.live.cancel-on-disconnect: must be 0s (off) or whole seconds from 10s to 2m, got "
                    + DurationConverter.text(c.live().cancelOnDisconnect()));
        }
        if (c.vault().venueTimeout().compareTo(Duration.ofMillis(100)) < 0 || c.vault().venueTimeout().compareTo(Duration.ofMinutes(1)) > 0) {
            problems.add("ems.vault.venue-timeout: must be from 100ms to 1m, got " + DurationConverter.text(c.vault().venueTimeout()));
        }
        c.venues().forEach((venue, api) -> {
            if (!io.dpp.trading.live.VenueSigner.VENUES.contains(venue)) {
                problems.add("ems.venues." + venue + ": DPP trades on " + String.join(", ", io.dpp.trading.live.VenueSigner.VENUES));
            }
            api.restUrl().ifPresent(u -> {
                if (!u.startsWith("http://") && !u.startsWith("https://")) {
                    problems.add("ems.venues." + venue + ".rest-url: must start with http:// or https://, got " + u);
                }
            });
        });
        if (c.maxPending() < 16 || c.maxPending() > 1 << 20) {
            problems.add("ems.max-pending: must be from 16 to 1048576, got " + c.maxPending());
        }
    }

    private static void fraction(List<String> problems, String key, BigDecimal v, boolean mayBeNegative) {
        if (v.abs().compareTo(new BigDecimal("0.1")) > 0 || !mayBeNegative && v.signum() < 0) {
            problems.add(key + ": must be " + (mayBeNegative ? "from -0.1" : "from 0") + " to 0.1 (a fraction of the notional), got "
                    + v.toPlainString());
        }
    }

    private static void positive(List<String> problems, String key, BigDecimal v) {
        if (v.signum() <= 0) {
            problems.add(key + ": must be positive, got " + v.toPlainString());
        }
    }
}
