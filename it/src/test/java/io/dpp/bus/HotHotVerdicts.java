package io.dpp.bus;

import io.dpp.core.model.MarketEvent;

/**
 * The hot-hot filter's verdicts on a partition read back from Kafka from its beginning, with the
 * default settings (window 8192 records, handover 2 s): which records a consumer that
 * never restarted delivers. For the end-to-end tests, which must know where each partition's
 * delivered events end to wait for a client to have them all; in the bus's package, as the filter
 * is internal.
 */
public final class HotHotVerdicts {

    private final HotHotFilter filter = new HotHotFilter(8192, 2_000_000);

    /** Whether a consumer delivers the record at {@code offset}, which {@code codec} has just decoded into {@code event}. */
    public boolean delivers(long offset, EventCodec codec, byte[] value, MarketEvent event) {
        return filter.decide(offset, codec.source(), value, codec.receiveTimeOffset(), codec.identityEnd(), event)
                == HotHotFilter.NEW;
    }
}
