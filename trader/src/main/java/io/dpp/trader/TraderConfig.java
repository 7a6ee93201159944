package io.dpp.trader;

import io.smallrye.config.ConfigMapping;
import java.util.List;

/** The {@code trader} section: bounds on backtests and forward runs. */
@ConfigMapping(prefix = "trader")
public interface TraderConfig {

    /** Backtests. */
    Backtest backtest();

    /** Forward runs (deployments). */
    Forward forward();

    /** Forward runs (deployments). */
    interface Forward {

        /** Deployments one user may have running or paused. */
        int maxPerUser();

        /** Deployments running or paused on the platform. */
        int maxLive();
    }

    /** Backtests. */
    interface Backtest {

        /** What one run may keep in memory, MB. */
        int maxMemoryMb();

        /** Runs waiting at once (REST). */
        int maxQueued();

        /** Runs one user may have waiting or running at once (REST). */
        int maxQueuedPerUser();
    }

    /** Checks that the types do not express. */
    static void check(TraderConfig c, List<String> problems) {
        if (c.forward().maxLive() < 1 || c.forward().maxLive() > 10_000) {
            problems.add("trader.forward.max-live: must be from 1 to 10000, got " + c.forward().maxLive());
        }
        if (c.forward().maxPerUser() < 1 || c.forward().maxPerUser() > c.forward().maxLive()) {
            problems.add("trader.forward.max-per-user: must be from 1 to trader.forward.max-live, got " + c.forward().maxPerUser());
        }
        if (c.backtest().maxMemoryMb() < 16 || c.backtest().maxMemoryMb() > 1 << 20) {
            problems.add("trader.backtest.max-memory-mb: must be from 16 to 1048576, got " + c.backtest().maxMemoryMb());
        }
        if (c.backtest().maxQueued() < 1 || c.backtest().maxQueued() > 10_000) {
            problems.add("trader.backtest.max-queued: must be from 1 to 10000, got " + c.backtest().maxQueued());
        }
        if (c.backtest().maxQueuedPerUser() < 1 || c.backtest().maxQueuedPerUser() > c.backtest().maxQueued()) {
            problems.add("trader.backtest.max-queued-per-user: must be from 1 to trader.backtest.max-queued, got "
                    + c.backtest().maxQueuedPerUser());
        }
    }
}
