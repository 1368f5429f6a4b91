package io.skiff.component.controller;

import io.skiff.component.workqueue.WorkQueue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link Reconciler} over a {@link WorkQueue} with a fixed number of worker threads, as
 * client-go controllers run their workers: a worker takes a key, syncs it, and then forgets its
 * failures ({@link Result#done()}), retries it with backoff (an exception or {@link
 * Result#requeue()}), or queues it again later ({@link Result#requeueAfter}). The queue guarantees
 * that no key is synced on two workers at once.
 *
 * <p>The runner owns the queue: {@link #stop} shuts it down.
 */
public final class ControllerRunner<K> {

    private static final Logger log = LoggerFactory.getLogger(ControllerRunner.class);

    private final String name;
    private final WorkQueue<K> queue;
    private final Reconciler<K> reconciler;
    private final int workers;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean stopping;

    /**
     * @param name names the worker threads ({@code <name>-worker-<n>}) and the log lines
     * @param workers how many keys may be synced at once
     */
    public ControllerRunner(String name, WorkQueue<K> queue, Reconciler<K> reconciler, int workers) {
        if (workers < 1) {
            throw new IllegalArgumentException("need at least one worker, got " + workers);
        }
        this.name = name;
        this.queue = queue;
        this.reconciler = reconciler;
        this.workers = workers;
    }

    /** Starts the workers. Start informers and wait for their caches to sync first. */
    public synchronized void start() {
        if (!threads.isEmpty()) {
            throw new IllegalStateException("controller " + name + " already started");
        }
        for (int i = 0; i < workers; i++) {
            Thread worker = new Thread(this::work, name + "-worker-" + i);
            worker.setDaemon(true);
            threads.add(worker);
            worker.start();
        }
    }

    /**
     * Stops gracefully: syncs in progress finish, keys still queued are not synced, the queue shuts
     * down and the workers end.
     *
     * @return false when syncs were still running after {@code timeout}
     */
    public boolean stop(Duration timeout) {
        stopping = true;
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            boolean drained = queue.shutDownWithDrain(timeout);
            List<Thread> workerThreads;
            synchronized (this) {
                workerThreads = List.copyOf(threads);
            }
            for (Thread worker : workerThreads) {
                long remainingMillis = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
                worker.join(remainingMillis);
            }
            boolean ended = workerThreads.stream().noneMatch(Thread::isAlive);
            if (!drained || !ended) {
                log.warn("{}: syncs still running {} after stop", name, timeout);
            }
            return drained && ended;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public WorkQueue<K> queue() {
        return queue;
    }

    private void work() {
        try {
            Optional<K> next;
            while ((next = queue.get()).isPresent()) {
                K key = next.get();
                try {
                    if (!stopping) {
                        sync(key);
                    }
                } finally {
                    queue.done(key);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void sync(K key) {
        Result result;
        try {
            result = Objects.requireNonNullElse(reconciler.sync(key), Result.done());
        } catch (Exception e) {
            int retries = queue.numRequeues(key);
            if (retries == 0) {
                log.warn("{}: sync of {} failed, retrying with backoff", name, key, e);
            } else {
                // The stack trace was logged on the first failure; retries of the same error say less.
                log.warn("{}: sync of {} failed again (retry {}): {}", name, key, retries + 1, e.toString());
            }
            queue.addRateLimited(key);
            return;
        }
        Optional<Duration> after = result.requeueAfter();
        if (after.isPresent()) {
            queue.forget(key);
            queue.addAfter(key, after.get());
        } else if (result.isRequeueWithBackoff()) {
            queue.addRateLimited(key);
        } else {
            queue.forget(key);
        }
    }
}
