package io.skiff.component.informer;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.skiff.component.client.ListerWatcher;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * An informer as in client-go and fabric8: a {@link Reflector} keeps a {@link CacheIndexer} in step
 * with the API server, and each change is handed to the registered {@link ResourceEventHandler}s on
 * the informer's dispatch thread (see {@link HandlerDispatcher} for the unbounded buffer between the
 * two). The cache is updated before handlers hear of a change, so a handler, or a worker it wakes,
 * reads at least that state from the {@link #lister()}.
 *
 * <ul>
 *   <li>Handlers added after the informer started receive a synthetic add for every cached object.
 *   <li>A relist that no longer finds an object notifies a delete with {@code finalStateUnknown};
 *       relisted objects whose resourceVersion is unchanged are not notified.
 *   <li>A resync period re-delivers every cached object as {@code onUpdate(object, object)}.
 * </ul>
 *
 * <p>Meant to be shared: obtain informers from a {@link SharedInformerFactory}. An informer runs
 * once: after {@link #stop()} it cannot start again.
 */
public final class SharedIndexInformer<T extends HasMetadata> {

    private static final Duration DISPATCH_STOP_TIMEOUT = Duration.ofSeconds(5);

    private final String name;
    private final Duration defaultResync;
    private final CacheIndexer<T> indexer = new CacheIndexer<>();
    private final Lister<T> lister = new Lister<>(indexer);
    private final Reflector<T> reflector;
    private final HandlerDispatcher<T> dispatcher;
    private final MeterRegistry registry;
    private final List<Meter> meters = new ArrayList<>();

    /** Orders cache changes, their notifications and handler registrations. */
    private final Object lock = new Object();

    private volatile List<HandlerListener<T>> listeners = List.of();
    private volatile boolean synced;
    private volatile State state = State.NEW;

    private enum State {
        NEW,
        RUNNING,
        STOPPED
    }

    /**
     * @param name identifies the informer in thread names, logs and the {@code informer} metric tag
     * @param defaultResync the resync period of handlers added without one; zero or null: none
     * @param registry receives the reflector's metrics, informer_store_size and
     *     informer_pending_notifications
     */
    public SharedIndexInformer(
            String name,
            ListerWatcher<T> listerWatcher,
            Duration defaultResync,
            ReflectorSettings settings,
            MeterRegistry registry) {
        this.name = name;
        this.defaultResync = defaultResync == null ? Duration.ZERO : defaultResync;
        this.registry = registry;
        this.reflector = new Reflector<>(name, listerWatcher, new InformerStore(), settings, registry);
        this.dispatcher = new HandlerDispatcher<>(name, () -> listeners, this::enqueueResync);
        meters.add(Gauge.builder("informer.store.size", indexer, CacheIndexer::size)
                .description("Objects in the informer's cache")
                .tag("informer", name)
                .register(registry));
        meters.add(Gauge.builder("informer.pending.notifications", dispatcher, HandlerDispatcher::pending)
                .description("Notifications waiting for the informer's handlers")
                .tag("informer", name)
                .register(registry));
    }

    /** An informer with client-go's reflector settings and no metrics. */
    public SharedIndexInformer(String name, ListerWatcher<T> listerWatcher, Duration defaultResync) {
        this(name, listerWatcher, defaultResync, ReflectorSettings.defaults(), new CompositeMeterRegistry());
    }

    /** Registers a handler with the informer's default resync period. */
    public EventHandlerRegistration addEventHandler(ResourceEventHandler<T> handler) {
        return addEventHandlerWithResyncPeriod(handler, defaultResync);
    }

    /**
     * Registers a handler that is also re-sent every cached object each {@code resyncPeriod} (zero:
     * never). If the informer is running, it first receives an add for every cached object.
     */
    public EventHandlerRegistration addEventHandlerWithResyncPeriod(
            ResourceEventHandler<T> handler, Duration resyncPeriod) {
        if (state == State.STOPPED) {
            throw new IllegalStateException("informer " + name + " has stopped");
        }
        long resyncNanos = resyncPeriod == null || resyncPeriod.isNegative() ? 0 : resyncPeriod.toNanos();
        HandlerListener<T> listener = new HandlerListener<>(handler, resyncNanos, System.nanoTime());
        synchronized (lock) {
            List<HandlerListener<T>> updated = new ArrayList<>(listeners);
            updated.add(listener);
            listeners = List.copyOf(updated);
            List<HandlerListener<T>> only = List.of(listener);
            for (T object : indexer.list()) {
                dispatcher.enqueue(Notification.add(only, object));
            }
            if (synced) {
                dispatcher.enqueue(Notification.synced(only));
            }
        }
        dispatcher.wakeUp();
        return listener;
    }

    /** Stops delivering to the handler of {@code registration}, including what is already queued. */
    public void removeEventHandler(EventHandlerRegistration registration) {
        synchronized (lock) {
            List<HandlerListener<T>> updated = new ArrayList<>(listeners);
            if (updated.remove(registration)) {
                ((HandlerListener<?>) registration).removed = true;
                listeners = List.copyOf(updated);
            }
        }
    }

    /** Adds named indexes to the cache; objects already cached are indexed at once. */
    public void addIndexers(Map<String, Function<T, Collection<String>>> indexers) {
        indexer.addIndexers(indexers);
    }

    /** Starts listing and watching, and delivering to handlers. */
    public synchronized void start() {
        if (state != State.NEW) {
            throw new IllegalStateException("informer " + name + " was already started");
        }
        state = State.RUNNING;
        dispatcher.start();
        reflector.start();
    }

    /** Stops watching and delivering; the cache keeps its last content. */
    public synchronized void stop() {
        if (state == State.STOPPED) {
            return;
        }
        state = State.STOPPED;
        reflector.stop();
        dispatcher.stop(DISPATCH_STOP_TIMEOUT);
        meters.forEach(registry::remove);
    }

    /** Whether the first list has reached the cache. */
    public boolean hasSynced() {
        return synced;
    }

    /** Whether the informer has been started and not stopped. */
    public boolean isRunning() {
        return state == State.RUNNING;
    }

    /** Whether {@link #start()} has been called (whether or not it has stopped since). */
    public boolean hasStarted() {
        return state != State.NEW;
    }

    /** The revision the cache reflects; "" before the first list. */
    public String lastSyncResourceVersion() {
        return reflector.lastSyncResourceVersion();
    }

    /** The cache, by key and by index. */
    public Indexer<T> getIndexer() {
        return indexer;
    }

    /** Reads the cache by namespace, name, selector and index. */
    public Lister<T> lister() {
        return lister;
    }

    public String name() {
        return name;
    }

    private void enqueueResync(List<HandlerListener<T>> due) {
        synchronized (lock) {
            for (T object : indexer.list()) {
                dispatcher.enqueue(Notification.update(due, object, object));
            }
        }
    }

    /** Applies the reflector's changes to the cache and queues their notifications, atomically. */
    private final class InformerStore implements SyncableStore<T> {

        @Override
        public void add(T object) {
            upsert(object);
        }

        @Override
        public void update(T object) {
            upsert(object);
        }

        @Override
        public void delete(T object) {
            synchronized (lock) {
                if (indexer.remove(object) != null) {
                    dispatcher.enqueue(Notification.delete(listeners, object, false));
                }
            }
        }

        @Override
        public void replace(List<T> objects, String resourceVersion) {
            synchronized (lock) {
                StoreDiff<T> diff = indexer.replace(objects);
                List<HandlerListener<T>> targets = listeners;
                for (T added : diff.added()) {
                    dispatcher.enqueue(Notification.add(targets, added));
                }
                for (StoreDiff.Update<T> updated : diff.updated()) {
                    dispatcher.enqueue(Notification.update(targets, updated.oldObject(), updated.newObject()));
                }
                for (T deleted : diff.deleted()) {
                    dispatcher.enqueue(Notification.delete(targets, deleted, true));
                }
                if (!synced) {
                    dispatcher.enqueue(Notification.synced(targets));
                    synced = true;
                }
            }
        }

        private void upsert(T object) {
            synchronized (lock) {
                T previous = indexer.put(object);
                dispatcher.enqueue(
                        previous == null
                                ? Notification.add(listeners, object)
                                : Notification.update(listeners, previous, object));
            }
        }
    }
}
