package io.skiff.component.informer;

import io.skiff.component.client.WatchEvent;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import reactor.core.Disposable;
import reactor.core.Exceptions;
import reactor.core.publisher.Flux;

/**
 * Hands a watch's events, which arrive on the client's I/O threads, to the one thread that
 * consumes them. The buffer is unbounded so that the I/O thread never blocks; the consumer only
 * updates a store, so it keeps up.
 */
final class BlockingWatch<T> implements AutoCloseable {

    private static final Object COMPLETED = new Object();

    private record Failed(Throwable error) {}

    private final BlockingQueue<Object> signals = new LinkedBlockingQueue<>();
    private final Disposable subscription;

    BlockingWatch(Flux<WatchEvent<T>> events) {
        subscription =
                events.subscribe(signals::add, error -> signals.add(new Failed(error)), () -> signals.add(COMPLETED));
    }

    /**
     * The next event, or null when the server ended the watch.
     *
     * @throws TimeoutException when nothing arrived before {@code deadlineNanos} (System.nanoTime)
     * @throws RuntimeException the watch's error (checked errors wrapped by Reactor)
     */
    @SuppressWarnings("unchecked")
    WatchEvent<T> next(long deadlineNanos) throws InterruptedException, TimeoutException {
        Object signal = signals.poll(deadlineNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
        if (signal == null) {
            throw new TimeoutException("watch sent nothing past its deadline");
        }
        if (signal == COMPLETED) {
            return null;
        }
        if (signal instanceof Failed failed) {
            throw Exceptions.propagate(failed.error());
        }
        return (WatchEvent<T>) signal;
    }

    /** Cancels the watch; the server sees the connection close. */
    @Override
    public void close() {
        subscription.dispose();
    }
}
