package io.dpp.bus;

import com.lmax.disruptor.BatchEventProcessor;
import com.lmax.disruptor.BatchEventProcessorBuilder;
import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.ExceptionHandler;
import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.LiteTimeoutBlockingWaitStrategy;
import com.lmax.disruptor.RingBuffer;
import io.dpp.core.model.EventType;
import io.dpp.core.model.MarketEvent;
import io.dpp.core.time.Timestamps;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded bus: one multi-producer LMAX Disruptor ring of {@link EventSlot}s. Publishing copies
 * the event into the next slot (no allocation); each subscription is a
 * {@link BatchEventProcessor} on a thread of its own that gates the ring, so a slow consumer holds
 * publishers back instead of losing events: {@link #publish} waits, {@link #offer} answers false
 * (what the feeds' event loops use, pausing their sockets until {@link #hasRoom} says so). Consumers wait on a lock when idle (no busy spinning:
 * DPP shares its cores with the feeds) and are woken at least every idle interval for
 * {@link BusConsumer#endOfBatch(boolean) time-based commits}.
 */
public final class InProcessBus implements Bus, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(InProcessBus.class);

    private final RingBuffer<EventSlot> ring;
    private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();
    private final LongAdder[] published = new LongAdder[EventType.values().length];
    private final LongAdder fullWaits = new LongAdder();
    private final LongAdder rejected = new LongAdder();

    /**
     * @param capacity slots in the ring, a power of two
     * @param idle     longest pause between two {@link BusConsumer#endOfBatch} calls of a consumer
     */
    public InProcessBus(int capacity, Duration idle) {
        if (Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("bus capacity must be a power of two, not " + capacity);
        }
        this.ring = RingBuffer.createMultiProducer(EventSlot::new, capacity,
                new LiteTimeoutBlockingWaitStrategy(idle.toNanos(), TimeUnit.NANOSECONDS));
        for (int i = 0; i < published.length; i++) {
            published[i] = new LongAdder();
        }
    }

    @Override
    public void publish(MarketEvent event) {
        long seq;
        try {
            seq = ring.tryNext();
        } catch (InsufficientCapacityException full) {
            fullWaits.increment();
            seq = ring.next();
        }
        write(seq, event);
    }

    @Override
    public boolean offer(MarketEvent event) {
        long seq;
        try {
            seq = ring.tryNext();
        } catch (InsufficientCapacityException full) {
            rejected.increment();
            return false;
        }
        write(seq, event);
        return true;
    }

    /** Copies {@code event} into the claimed slot {@code seq} and publishes it. */
    private void write(long seq, MarketEvent event) {
        try {
            ring.get(seq).copy(event);
        } finally {
            ring.publish(seq);
        }
        published[event.type().ordinal()].increment();
    }

    @Override
    public boolean hasRoom(int events) {
        return ring.hasAvailableCapacity(events);
    }

    /** New at each start: positions of an earlier run of the process mean nothing to this one. */
    private final String identity = "local-" + java.util.UUID.randomUUID();

    @Override
    public String identity() {
        return identity;
    }

    @Override
    public long rejected() {
        return rejected.sum();
    }

    /** In one process both deliveries are the same: every consumer sees every event from now on. */
    private volatile java.util.function.Function<String, java.util.function.LongConsumer> delays = name -> delay -> { };

    @Override
    public void delays(java.util.function.Function<String, java.util.function.LongConsumer> observer) {
        this.delays = observer;
    }

    @Override
    public BusSubscription subscribe(String name, BusConsumer consumer, Delivery delivery) {
        Subscription s = new Subscription(name, consumer);
        subscriptions.add(s);
        s.start();
        return s;
    }

    @Override
    public long published(EventType type) {
        return published[type.ordinal()].sum();
    }

    /** Times a publisher found the ring full and had to wait for the slowest consumer. */
    public long fullWaits() {
        return fullWaits.sum();
    }

    /** Slots in the ring. */
    @Override
    public long capacity() {
        return ring.getBufferSize();
    }

    /** Slots free for publishers now. */
    public long remainingCapacity() {
        return ring.remainingCapacity();
    }

    @Override
    public List<? extends BusSubscription> subscriptions() {
        return List.copyOf(subscriptions);
    }

    /** Closes every subscription, each after delivering what was published. */
    @Override
    public void close(Duration budget) {
        long end = System.nanoTime() + budget.toNanos();
        for (Subscription s : subscriptions) {
            s.close(Duration.ofNanos(Math.max(0, end - System.nanoTime())));
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(10));
    }

    private final class Subscription implements BusSubscription, EventHandler<EventSlot>, ExceptionHandler<EventSlot> {

        private final String name;
        private final BusConsumer consumer;
        private final BatchEventProcessor<EventSlot> processor;
        private final AtomicLong errors = new AtomicLong();
        private final Thread thread;
        private final java.util.function.LongConsumer delay;
        private long lastReceived;
        private volatile boolean closed;

        Subscription(String name, BusConsumer consumer) {
            this.name = name;
            this.consumer = consumer;
            this.delay = delays.apply(name);
            this.processor = new BatchEventProcessorBuilder().build(ring, ring.newBarrier(), this);
            this.processor.setExceptionHandler(this);
            this.thread = new Thread(processor, "bus-" + name);
            this.thread.setDaemon(true);
        }

        void start() {
            // Sets the processor's sequence to the cursor: it sees what is published from now on.
            ring.addGatingSequences(processor.getSequence());
            thread.start();
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public long lag() {
            return Math.max(0, ring.getCursor() - processor.getSequence().get());
        }

        @Override
        public long errors() {
            return errors.get();
        }

        @Override
        public void onEvent(EventSlot slot, long sequence, boolean endOfBatch) throws Exception {
            lastReceived = slot.event().receiveTime();
            try {
                consumer.onEvent(slot.event(), LOCAL_PARTITION, sequence);
            } catch (Exception e) {
                handleEventException(e, sequence, slot);
            }
            if (endOfBatch) {
                long since = Timestamps.sinceReceipt(lastReceived, Timestamps.now());
                if (since >= 0) {
                    delay.accept(since);
                }
                consumer.endOfBatch(false);
            }
        }

        @Override
        public void onStart() {
            consumer.onPartitionStart(LOCAL_PARTITION, processor.getSequence().get() + 1);
        }

        @Override
        public void onTimeout(long sequence) throws Exception {
            consumer.endOfBatch(true);
        }

        @Override
        public void onShutdown() {
            try {
                consumer.onClose();
            } catch (Exception e) {
                errors.incrementAndGet();
                LOG.error("bus consumer {} failed to close", name, e);
            }
        }

        @Override
        public void handleEventException(Throwable e, long sequence, EventSlot slot) {
            long n = errors.incrementAndGet();
            if (n <= 10 || Long.bitCount(n) == 1) {
                LOG.error("bus consumer {} failed on {} (error {} so far; the event is skipped)", name,
                        slot == null ? "a batch end" : slot.event(), n, e);
            }
        }

        @Override
        public void handleOnStartException(Throwable e) {
            errors.incrementAndGet();
            LOG.error("bus consumer {} failed to start", name, e);
        }

        @Override
        public void handleOnShutdownException(Throwable e) {
            errors.incrementAndGet();
            LOG.error("bus consumer {} failed to shut down", name, e);
        }

        @Override
        public void close(Duration budget) {
            if (closed) {
                return;
            }
            closed = true;
            long target = ring.getCursor();
            long end = System.nanoTime() + budget.toNanos();
            while (processor.getSequence().get() < target && System.nanoTime() < end && thread.isAlive()) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            }
            if (processor.getSequence().get() < target) {
                LOG.warn("bus consumer {} closed {} event(s) short of the end after {}", name,
                        target - processor.getSequence().get(), budget);
            }
            processor.halt();
            try {
                thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(Math.max(0, end - System.nanoTime())) + 1000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ring.removeGatingSequence(processor.getSequence());
            subscriptions.remove(this);
        }
    }
}
