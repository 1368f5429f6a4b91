package io.skiff.scheduler.framework;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.IntConsumer;

/**
 * Runs work over many pieces (nodes) on a small fixed pool, as Kubernetes' parallelize.Until:
 * pieces are handed out in chunks of about sqrt(n), the calling thread works too, and a stop
 * condition ends the run early (e.g. enough feasible nodes were found). Helper threads that have not
 * started by the time the caller finishes simply find no work, so nested runs cannot deadlock.
 */
public final class Parallelizer implements AutoCloseable {

    private final int parallelism;
    private final ExecutorService helpers;

    /** A parallelizer with {@code parallelism} threads in all, the caller counted. */
    public Parallelizer(int parallelism) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1: " + parallelism);
        }
        this.parallelism = parallelism;
        this.helpers = parallelism == 1 ? null : Executors.newFixedThreadPool(parallelism - 1, daemonThreads());
    }

    /** One thread per available processor, at most 16 (kube-scheduler's default parallelism). */
    public static Parallelizer forAvailableProcessors() {
        return new Parallelizer(Math.min(16, Runtime.getRuntime().availableProcessors()));
    }

    public int parallelism() {
        return parallelism;
    }

    /** Runs {@code work} for every piece in [0, pieces) unless {@code stop} turns true. */
    public void until(int pieces, IntConsumer work, BooleanSupplier stop) {
        if (pieces <= 0) {
            return;
        }
        int chunk = chunkSize(pieces, parallelism);
        int chunks = (pieces + chunk - 1) / chunk;
        Run run = new Run(pieces, chunk, work, stop);
        int helperCount = helpers == null ? 0 : Math.min(parallelism, chunks) - 1;
        for (int i = 0; i < helperCount; i++) {
            helpers.execute(run::help);
        }
        run.work();
        run.finish();
        Throwable failure = run.failure.get();
        if (failure instanceof RuntimeException) {
            throw (RuntimeException) failure;
        }
        if (failure instanceof Error) {
            throw (Error) failure;
        }
    }

    /** Runs {@code work} for every piece in [0, pieces). */
    public void until(int pieces, IntConsumer work) {
        until(pieces, work, () -> false);
    }

    /** Kubernetes' chunk size: about sqrt(n), small enough that every worker gets a share. */
    static int chunkSize(int pieces, int parallelism) {
        int size = (int) Math.sqrt(pieces);
        int share = pieces / parallelism + 1;
        return Math.max(1, Math.min(size, share));
    }

    @Override
    public void close() {
        if (helpers != null) {
            helpers.shutdownNow();
        }
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, "scheduler-parallel-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** One call of {@link #until}: its chunk counter, its helpers and its first failure. */
    private static final class Run {
        private final int pieces;
        private final int chunk;
        private final IntConsumer work;
        private final BooleanSupplier stop;
        private final AtomicInteger nextChunk = new AtomicInteger();
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        private int activeHelpers;
        private boolean closed;

        Run(int pieces, int chunk, IntConsumer work, BooleanSupplier stop) {
            this.pieces = pieces;
            this.chunk = chunk;
            this.work = work;
            this.stop = stop;
        }

        void help() {
            synchronized (this) {
                if (closed) {
                    return;
                }
                activeHelpers++;
            }
            try {
                work();
            } finally {
                synchronized (this) {
                    activeHelpers--;
                    notifyAll();
                }
            }
        }

        void work() {
            try {
                while (failure.get() == null) {
                    int start = nextChunk.getAndIncrement() * chunk;
                    if (start >= pieces) {
                        return;
                    }
                    int end = Math.min(pieces, start + chunk);
                    for (int piece = start; piece < end; piece++) {
                        if (stop.getAsBoolean()) {
                            return;
                        }
                        work.accept(piece);
                    }
                }
            } catch (RuntimeException | Error e) {
                failure.compareAndSet(null, e);
            }
        }

        synchronized void finish() {
            closed = true;
            boolean interrupted = false;
            while (activeHelpers > 0) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
