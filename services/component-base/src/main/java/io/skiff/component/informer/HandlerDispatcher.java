package io.skiff.component.informer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers an informer's notifications to its handlers on one thread of its own, so that a slow
 * handler delays only other handlers, never the reflector's watch. The buffer between the two is
 * unbounded, as client-go's processorListener buffer is: a handler that cannot keep up costs memory
 * (visible as informer_pending_notifications), not missed events. It also schedules each handler's
 * resync.
 */
final class HandlerDispatcher<T> {

    private static final Logger log = LoggerFactory.getLogger(HandlerDispatcher.class);

    private final String name;
    private final BlockingQueue<Notification<T>> queue = new LinkedBlockingQueue<>();
    private final Supplier<List<HandlerListener<T>>> listeners;
    private final Consumer<List<HandlerListener<T>>> resync;
    /** Delivered to nobody: wakes the thread to stop or to look at a new resync schedule. */
    private final Notification<T> wakeUp = Notification.synced(List.of());

    private final Thread thread;
    private volatile boolean running;

    /**
     * @param listeners the handlers currently registered
     * @param resync enqueues a resync of the cache for the given handlers; called on this thread
     */
    HandlerDispatcher(
            String name, Supplier<List<HandlerListener<T>>> listeners, Consumer<List<HandlerListener<T>>> resync) {
        this.name = name;
        this.listeners = listeners;
        this.resync = resync;
        this.thread = new Thread(this::run, "informer-" + name + "-dispatch");
        thread.setDaemon(true);
    }

    void start() {
        running = true;
        thread.start();
    }

    /** Stops after the handler call in progress; undelivered notifications are dropped. */
    void stop(Duration timeout) {
        running = false;
        queue.add(wakeUp);
        if (Thread.currentThread() == thread || !thread.isAlive()) {
            return;
        }
        try {
            thread.join(timeout.toMillis());
            if (thread.isAlive()) {
                log.warn("{}: a handler did not return within {}; interrupting it", name, timeout);
                thread.interrupt();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    void enqueue(Notification<T> notification) {
        queue.add(notification);
    }

    /** Makes the thread look at the resync schedule again, e.g. for a new handler. */
    void wakeUp() {
        queue.add(wakeUp);
    }

    int pending() {
        return queue.size();
    }

    private void run() {
        try {
            while (running) {
                long now = System.nanoTime();
                resyncDueHandlers(now);
                long wait = nanosUntilNextResync(now);
                Notification<T> notification =
                        wait == Long.MAX_VALUE ? queue.take() : queue.poll(wait, TimeUnit.NANOSECONDS);
                if (notification != null && running) {
                    deliver(notification);
                }
            }
        } catch (InterruptedException e) {
            log.debug("{}: dispatch interrupted", name);
        }
    }

    private void resyncDueHandlers(long now) {
        List<HandlerListener<T>> due = new ArrayList<>();
        for (HandlerListener<T> listener : listeners.get()) {
            if (listener.resyncDue(now)) {
                due.add(listener);
                listener.nextResyncNanos = now + listener.resyncNanos;
            }
        }
        if (!due.isEmpty()) {
            resync.accept(List.copyOf(due));
        }
    }

    private long nanosUntilNextResync(long now) {
        long wait = Long.MAX_VALUE;
        for (HandlerListener<T> listener : listeners.get()) {
            if (listener.resyncNanos > 0) {
                wait = Math.min(wait, Math.max(0, listener.nextResyncNanos - now));
            }
        }
        return wait;
    }

    private void deliver(Notification<T> notification) {
        for (HandlerListener<T> listener : notification.targets()) {
            if (listener.removed) {
                continue;
            }
            try {
                switch (notification.kind()) {
                    case ADD -> listener.handler.onAdd(notification.newObject());
                    case UPDATE -> listener.handler.onUpdate(notification.oldObject(), notification.newObject());
                    case DELETE ->
                        listener.handler.onDelete(notification.oldObject(), notification.finalStateUnknown());
                    case SYNCED -> listener.synced = true;
                }
            } catch (RuntimeException e) {
                log.error("{}: event handler failed on {}", name, notification.kind(), e);
            }
        }
    }
}
