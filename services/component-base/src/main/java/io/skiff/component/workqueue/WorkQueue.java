package io.skiff.component.workqueue;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A work queue with client-go's semantics (workqueue.TypedRateLimitingInterface):
 *
 * <ul>
 *   <li>FIFO, and deduplicating: a key already waiting is not queued a second time.
 *   <li>A key handed out by {@link #get()} is never handed to another worker before {@link
 *       #done}; if it is added meanwhile it is marked dirty and queued again on {@code done}.
 *   <li>{@link #addAfter} queues a key after a delay (the earliest of several requests wins);
 *       {@link #addRateLimited} asks the {@link RateLimiter} for the delay; {@link #forget} clears
 *       the key's failures.
 *   <li>After {@link #shutDown()} new keys are ignored, keys still queued are handed out, and then
 *       {@link #get()} reports the shutdown; {@link #shutDownWithDrain} also waits for them to be
 *       done.
 * </ul>
 *
 * <p>Keys are compared with equals/hashCode; use immutable keys (strings, records). One thread per
 * queue serves the delays; it starts with the first delayed add.
 */
public final class WorkQueue<K> {

    private final String name;
    private final RateLimiter<K> rateLimiter;
    private final WorkQueueMetrics metrics;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Condition delaysChanged = lock.newCondition();

    private final ArrayDeque<K> queue = new ArrayDeque<>();
    /** Keys that need processing: queued, or added again while being processed. */
    private final Set<K> dirty = new HashSet<>();
    /** Keys handed out and not done yet, with when they were handed out. */
    private final Map<K, Long> processing = new HashMap<>();
    /** When each dirty key was first added, for workqueue_queue_duration_seconds. */
    private final Map<K, Long> addedAt = new HashMap<>();

    private final TreeSet<Delayed<K>> delayed =
            new TreeSet<>(Comparator.comparingLong(Delayed<K>::readyAtNanos).thenComparingLong(Delayed::sequence));
    private final Map<K, Delayed<K>> delayedByKey = new HashMap<>();
    private long delaySequence;
    private Thread delayThread;

    private boolean shuttingDown;

    private record Delayed<K>(K key, long readyAtNanos, long sequence) {}

    private WorkQueue(String name, RateLimiter<K> rateLimiter, MeterRegistry registry) {
        this.name = name;
        this.rateLimiter = rateLimiter;
        this.metrics = new WorkQueueMetrics(
                registry,
                name,
                this,
                WorkQueue::len,
                WorkQueue::unfinishedWorkSeconds,
                WorkQueue::longestRunningProcessorSeconds);
    }

    /**
     * A queue named {@code name}: the metrics' {@code name} tag and thread names. Names must be
     * unique among the live queues of a meter registry.
     */
    public static <K> Builder<K> builder(String name) {
        return new Builder<>(name);
    }

    /** Queues {@code key} unless it is already waiting or the queue is shutting down. */
    public void add(K key) {
        Objects.requireNonNull(key, "key");
        lock.lock();
        try {
            addLocked(key);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Queues {@code key} once {@code delay} has passed. If it is already waiting for a delay, the
     * earlier of the two times counts.
     */
    public void addAfter(K key, Duration delay) {
        Objects.requireNonNull(key, "key");
        lock.lock();
        try {
            if (shuttingDown) {
                return;
            }
            metrics.retried();
            if (delay.isNegative() || delay.isZero()) {
                addLocked(key);
                return;
            }
            long readyAt = System.nanoTime() + delay.toNanos();
            Delayed<K> existing = delayedByKey.get(key);
            if (existing != null) {
                if (existing.readyAtNanos() - readyAt <= 0) {
                    return;
                }
                delayed.remove(existing);
            }
            Delayed<K> entry = new Delayed<>(key, readyAt, delaySequence++);
            delayed.add(entry);
            delayedByKey.put(key, entry);
            startDelayThreadLocked();
            delaysChanged.signal();
        } finally {
            lock.unlock();
        }
    }

    /** Queues {@code key} after the delay the rate limiter gives it (one more failure recorded). */
    public void addRateLimited(K key) {
        addAfter(key, rateLimiter.when(key));
    }

    /** Clears {@code key}'s failures in the rate limiter, after it succeeded. */
    public void forget(K key) {
        rateLimiter.forget(key);
    }

    /** How many times {@code key} has been rate-limited since it was last forgotten. */
    public int numRequeues(K key) {
        return rateLimiter.numRequeues(key);
    }

    /**
     * Blocks until a key is available and hands it out; the caller must call {@link #done} with it.
     *
     * @return empty once the queue is shut down and has no key left
     */
    public Optional<K> get() throws InterruptedException {
        lock.lock();
        try {
            while (queue.isEmpty() && !shuttingDown) {
                changed.await();
            }
            return handOutLocked();
        } finally {
            lock.unlock();
        }
    }

    /**
     * As {@link #get()}, waiting at most {@code timeout}.
     *
     * @return empty when the timeout passed or the queue is shut down and has no key left
     */
    public Optional<K> get(Duration timeout) throws InterruptedException {
        long remaining = timeout.toNanos();
        lock.lock();
        try {
            while (queue.isEmpty() && !shuttingDown && remaining > 0) {
                remaining = changed.awaitNanos(remaining);
            }
            return handOutLocked();
        } finally {
            lock.unlock();
        }
    }

    /** Marks {@code key} processed; if it was added meanwhile, it is queued again. */
    public void done(K key) {
        lock.lock();
        try {
            Long startedAt = processing.remove(key);
            if (startedAt != null) {
                metrics.finished(System.nanoTime() - startedAt);
            }
            // Only a key that was handed out can be waiting as dirty; any other dirty key is queued already.
            if (startedAt != null && dirty.contains(key)) {
                queue.addLast(key);
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The number of keys waiting to be handed out (not those delayed or being processed). */
    public int len() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    /** Ignores new keys from now on and drops delayed ones; keys already queued are still handed out. */
    public void shutDown() {
        lock.lock();
        try {
            if (shuttingDown) {
                return;
            }
            shuttingDown = true;
            delayed.clear();
            delayedByKey.clear();
            changed.signalAll();
            delaysChanged.signalAll();
        } finally {
            lock.unlock();
        }
        metrics.close();
    }

    /**
     * Shuts down, then waits until every queued key has been handed out and every key handed out is
     * done.
     *
     * @return false when {@code timeout} passed first
     */
    public boolean shutDownWithDrain(Duration timeout) throws InterruptedException {
        shutDown();
        long remaining = timeout.toNanos();
        lock.lock();
        try {
            while (!(queue.isEmpty() && processing.isEmpty())) {
                if (remaining <= 0) {
                    return false;
                }
                remaining = changed.awaitNanos(remaining);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    public boolean isShuttingDown() {
        lock.lock();
        try {
            return shuttingDown;
        } finally {
            lock.unlock();
        }
    }

    public String name() {
        return name;
    }

    private void addLocked(K key) {
        if (shuttingDown || dirty.contains(key)) {
            return;
        }
        metrics.added();
        addedAt.putIfAbsent(key, System.nanoTime());
        dirty.add(key);
        if (processing.containsKey(key)) {
            return;
        }
        queue.addLast(key);
        changed.signalAll();
    }

    private Optional<K> handOutLocked() {
        K key = queue.pollFirst();
        if (key == null) {
            return Optional.empty();
        }
        long now = System.nanoTime();
        processing.put(key, now);
        dirty.remove(key);
        Long added = addedAt.remove(key);
        if (added != null) {
            metrics.handedOut(now - added);
        }
        return Optional.of(key);
    }

    private void startDelayThreadLocked() {
        if (delayThread == null) {
            delayThread = new Thread(this::releaseDelayedKeys, "workqueue-" + name + "-delays");
            delayThread.setDaemon(true);
            delayThread.start();
        }
    }

    /** The delay thread: queues each delayed key when its time comes, until shutdown. */
    private void releaseDelayedKeys() {
        lock.lock();
        try {
            while (!shuttingDown) {
                long now = System.nanoTime();
                while (!delayed.isEmpty() && delayed.first().readyAtNanos() - now <= 0) {
                    Delayed<K> ready = delayed.pollFirst();
                    delayedByKey.remove(ready.key());
                    addLocked(ready.key());
                }
                if (delayed.isEmpty()) {
                    delaysChanged.await();
                } else {
                    delaysChanged.awaitNanos(delayed.first().readyAtNanos() - now);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }

    private double unfinishedWorkSeconds() {
        lock.lock();
        try {
            long now = System.nanoTime();
            long total = 0;
            for (long startedAt : processing.values()) {
                total += now - startedAt;
            }
            return total / 1e9;
        } finally {
            lock.unlock();
        }
    }

    private double longestRunningProcessorSeconds() {
        lock.lock();
        try {
            long now = System.nanoTime();
            long longest = 0;
            for (long startedAt : processing.values()) {
                longest = Math.max(longest, now - startedAt);
            }
            return longest / 1e9;
        } finally {
            lock.unlock();
        }
    }

    /** Builds a {@link WorkQueue}. */
    public static final class Builder<K> {

        private final String name;
        private RateLimiter<K> rateLimiter = RateLimiters.defaultControllerRateLimiter();
        private MeterRegistry registry = new CompositeMeterRegistry();

        private Builder(String name) {
            this.name = Objects.requireNonNull(name, "name");
        }

        /** Default: {@link RateLimiters#defaultControllerRateLimiter()}. */
        public Builder<K> rateLimiter(RateLimiter<K> limiter) {
            this.rateLimiter = Objects.requireNonNull(limiter);
            return this;
        }

        /** Where the workqueue_* metrics go; default: nowhere. */
        public Builder<K> meterRegistry(MeterRegistry meterRegistry) {
            this.registry = Objects.requireNonNull(meterRegistry);
            return this;
        }

        public WorkQueue<K> build() {
            return new WorkQueue<>(name, rateLimiter, registry);
        }
    }
}
