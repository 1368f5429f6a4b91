package io.skiff.component.informer;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.skiff.component.client.ListOptions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hands out one {@link SharedIndexInformer} per resource type, namespace and selectors for the
 * whole process, however many controllers ask for it, as client-go's SharedInformerFactory does.
 * Ask for informers first, then {@link #start()} (again after asking for more), then {@link
 * #waitForCacheSync} before workers read the caches.
 */
public final class SharedInformerFactory {

    private final ListerWatcherFactory listerWatchers;
    private final Duration defaultResync;
    private final ReflectorSettings settings;
    private final MeterRegistry registry;
    private final Map<InformerKey, SharedIndexInformer<?>> informers = new LinkedHashMap<>();
    private boolean stopped;

    private record InformerKey(Class<?> type, String namespace, String labelSelector, String fieldSelector) {}

    /**
     * @param defaultResync the resync period of every informer's handlers unless they ask for their own
     */
    public SharedInformerFactory(
            ListerWatcherFactory listerWatchers,
            Duration defaultResync,
            ReflectorSettings settings,
            MeterRegistry registry) {
        this.listerWatchers = listerWatchers;
        this.defaultResync = defaultResync;
        this.settings = settings;
        this.registry = registry;
    }

    /** A factory with client-go's reflector settings and no metrics. */
    public SharedInformerFactory(ListerWatcherFactory listerWatchers, Duration defaultResync) {
        this(listerWatchers, defaultResync, ReflectorSettings.defaults(), new CompositeMeterRegistry());
    }

    /** The informer for every object of {@code type}, in all namespaces. */
    public <T extends HasMetadata> SharedIndexInformer<T> informerFor(Class<T> type) {
        return informerFor(type, "", ListOptions.all());
    }

    /** The informer for the objects of {@code type} in {@code namespace} ("" for all). */
    public <T extends HasMetadata> SharedIndexInformer<T> informerFor(Class<T> type, String namespace) {
        return informerFor(type, namespace, ListOptions.all());
    }

    /**
     * The informer for the objects of {@code type} in {@code namespace} ("" for all) that match the
     * label and field selectors of {@code selectors}.
     */
    @SuppressWarnings("unchecked")
    public synchronized <T extends HasMetadata> SharedIndexInformer<T> informerFor(
            Class<T> type, String namespace, ListOptions selectors) {
        if (stopped) {
            throw new IllegalStateException("informer factory has stopped");
        }
        InformerKey key = new InformerKey(
                type, orEmpty(namespace), orEmpty(selectors.labelSelector()), orEmpty(selectors.fieldSelector()));
        return (SharedIndexInformer<T>) informers.computeIfAbsent(
                key,
                k -> new SharedIndexInformer<>(
                        nameOf(k),
                        listerWatchers.create(
                                type,
                                k.namespace(),
                                ListOptions.all()
                                        .withLabelSelector(nullIfEmpty(k.labelSelector()))
                                        .withFieldSelector(nullIfEmpty(k.fieldSelector()))),
                        defaultResync,
                        settings,
                        registry));
    }

    /** Starts every informer handed out and not started yet. */
    public synchronized void start() {
        if (stopped) {
            throw new IllegalStateException("informer factory has stopped");
        }
        for (SharedIndexInformer<?> informer : informers.values()) {
            if (!informer.hasStarted()) {
                informer.start();
            }
        }
    }

    /**
     * Waits until every started informer has its first list in its cache.
     *
     * @return false when {@code timeout} passed first (or the thread was interrupted)
     */
    public boolean waitForCacheSync(Duration timeout) {
        List<SharedIndexInformer<?>> started;
        synchronized (this) {
            started = informers.values().stream()
                    .filter(SharedIndexInformer::isRunning)
                    .toList();
        }
        return CacheSync.await(() -> started.stream().allMatch(SharedIndexInformer::hasSynced), timeout);
    }

    /** The informers started so far, in the order they were asked for. */
    public synchronized List<SharedIndexInformer<?>> started() {
        return informers.values().stream()
                .filter(SharedIndexInformer::hasStarted)
                .toList();
    }

    /** Stops every informer; the factory cannot hand out or start informers afterwards. */
    public synchronized void stop() {
        stopped = true;
        informers.values().forEach(SharedIndexInformer::stop);
    }

    /** e.g. {@code Pod}, {@code Pod@kube-system}, {@code Pod{app=web;spec.nodeName=n1}}. */
    private static String nameOf(InformerKey key) {
        StringBuilder name = new StringBuilder(key.type().getSimpleName());
        if (!key.namespace().isEmpty()) {
            name.append('@').append(key.namespace());
        }
        if (!key.labelSelector().isEmpty() || !key.fieldSelector().isEmpty()) {
            name.append('{')
                    .append(key.labelSelector())
                    .append(';')
                    .append(key.fieldSelector())
                    .append('}');
        }
        return name.toString();
    }

    private static String orEmpty(String text) {
        return text == null ? "" : text;
    }

    private static String nullIfEmpty(String text) {
        return text.isEmpty() ? null : text;
    }
}
