package io.dpp.sim;

import io.dpp.sim.synthetic.MarketModel;
import io.dpp.streams.venue.simulation.StreamWriter;
import io.dpp.streams.capture.CaptureKind;
import io.dpp.streams.venue.Subscription;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One stream of the synthetic market as a {@link SessionSource}: a {@link MarketModel} of the
 * stream's instrument and the venue's {@link StreamWriter} for the stream. Messages are generated
 * as they are asked for, so the timeline has no end unless an end time is given.
 */
final class SyntheticSource implements SessionSource {

    /** Model events a stream may go through without a message before it is taken for silent. */
    private static final int SILENCE = 1_000_000;

    private final Subscription stream;
    private final String url;
    private final MarketModel model;
    private final StreamWriter writer;
    private final java.util.function.LongSupplier end;
    private StreamWriter.Message next;
    private boolean silent;

    /**
     * @param end the time after which nothing more is sent (epoch micros), or Long.MAX_VALUE; asked
     *            each time, since the market can be ended while it runs ({@code POST /sim/end})
     */
    SyntheticSource(Subscription stream, String url, MarketModel model, StreamWriter writer, java.util.function.LongSupplier end) {
        this.stream = stream;
        this.url = url;
        this.model = model;
        this.writer = writer;
        this.end = end;
        writer.start(model);
    }

    @Override
    public String name() {
        return "synthetic " + stream.channel() + " " + stream.symbol();
    }

    @Override
    public String url() {
        return url;
    }

    @Override
    public List<Subscription> streams() {
        return List.of(stream);
    }

    @Override
    public boolean atEnd() {
        return peek() == null;
    }

    @Override
    public long nextTime() {
        return peek().time();
    }

    @Override
    public Entry next() {
        StreamWriter.Message m = peek();
        next = null;
        byte[] bytes = m.text().getBytes(StandardCharsets.UTF_8);
        if (m.restUrl() != null) {
            return new Entry(CaptureKind.REST, "http://sim" + m.restUrl(), bytes, 0, bytes.length, m.time());
        }
        return new Entry(CaptureKind.RECEIVED, url, bytes, 0, bytes.length, m.time());
    }

    private StreamWriter.Message peek() {
        if (next == null && !silent) {
            int steps = 0;
            StreamWriter.Message m = writer.poll();
            while (m == null && steps++ < SILENCE && model.time() <= end.getAsLong()) {
                model.next(writer);
                m = writer.poll();
            }
            if (m == null) {
                silent = true;
            } else if (m.time() <= end.getAsLong()) {
                next = m;
            }
        }
        return next;
    }

    @Override
    public String ack(Subscription s) {
        return s.equals(stream) ? writer.ack() : null;
    }

    @Override
    public long receivedTotal() {
        return -1;
    }

    @Override
    public boolean wallClock() {
        return true;
    }
}
