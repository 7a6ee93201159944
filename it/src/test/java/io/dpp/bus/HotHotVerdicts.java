package io.dpp.bus;

import io.dpp.core.model.MarketEvent;
import io.dpp.runtime.config.ConfigSection;
import io.dpp.runtime.config.DppConfig;
import java.util.List;
import java.util.Map;

/**
 * The hot-hot filter's verdicts on a partition read back from Kafka from its beginning, with the
 * default settings (bus.kafka.hot-hot in the defaults the processes under test load): which records
 * a consumer that never restarted delivers. For the end-to-end tests, which must know where each
 * partition's delivered events end to wait for a client to have them all; in the bus's package, as
 * the filter is internal.
 */
public final class HotHotVerdicts {

    private static final BusConfig.HotHot DEFAULTS = DppConfig
            .load(null, Map.of(), List.of(new ConfigSection<>("bus", BusConfig.class, BusConfig::check)))
            .section(BusConfig.class).kafka().hotHot();

    private final HotHotFilter filter = new HotHotFilter(DEFAULTS.window(), DEFAULTS.handover().toNanos() / 1_000);

    /** Whether a consumer delivers the record at {@code offset}, which {@code codec} has just decoded into {@code event}. */
    public boolean delivers(long offset, EventCodec codec, byte[] value, MarketEvent event) {
        return filter.decide(offset, codec.source(), value, codec.receiveTimeOffset(), codec.identityEnd(), event)
                == HotHotFilter.NEW;
    }
}
