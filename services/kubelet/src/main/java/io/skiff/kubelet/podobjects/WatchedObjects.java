package io.skiff.kubelet.podobjects;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.micrometer.core.instrument.MeterRegistry;
import io.skiff.component.client.ListOptions;
import io.skiff.component.informer.CacheSync;
import io.skiff.component.informer.ListerWatcherFactory;
import io.skiff.component.informer.ObjectKeys;
import io.skiff.component.informer.ReflectorSettings;
import io.skiff.kubelet.envvars.SourceUnavailableException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The objects of one kind (ConfigMaps or Secrets) that the pods on this node reference, each
 * watched on its own, as Kubernetes' kubelet's watch-based managers do: the first pod that names
 * an object starts a list-then-watch of just that object ({@code fieldSelector=metadata.name=<name>}
 * in its namespace), which the node authorizer allows exactly when it allows a get; the watch stops
 * when no registered pod names it any more. Reads come from that watch's cache.
 *
 * <p>Pods are registered by UID when the kubelet learns of them (and again on each update: the
 * names of the newest version count) and unregistered when their source removes them; {@link
 * PodObjects} says which names a pod references.
 */
public final class WatchedObjects<T extends HasMetadata> implements AutoCloseable {

    private final Class<T> type;
    private final String resource;
    private final ListerWatcherFactory listerWatchers;
    private final ReflectorSettings settings;
    private final MeterRegistry registry;
    private final Duration syncTimeout;

    /** By pod UID; guarded by this, as are items and closed. Watches are stopped outside the lock. */
    private final Map<String, Registration> pods = new HashMap<>();
    /** Guarded by this; by namespace/name. */
    private final Map<String, Item<T>> items = new HashMap<>();

    private boolean closed;

    /** The names a registered pod references, in its namespace. */
    private record Registration(String namespace, Set<String> names) {}

    /** One object's watch and the pods (by UID) that reference it. */
    private record Item<T extends HasMetadata>(ObjectWatch<T> watch, Set<String> pods) {}

    /**
     * @param resource the lower-case kind in errors ({@code configmap}, {@code secret})
     * @param syncTimeout how long a read waits for a new watch's first list, as the kubelet's one
     *     second
     */
    public WatchedObjects(
            Class<T> type,
            String resource,
            ListerWatcherFactory listerWatchers,
            ReflectorSettings settings,
            MeterRegistry registry,
            Duration syncTimeout) {
        this.type = type;
        this.resource = resource;
        this.listerWatchers = listerWatchers;
        this.settings = settings;
        this.registry = registry;
        this.syncTimeout = syncTimeout;
    }

    /**
     * Records the names (in {@code namespace}) that the pod {@code uid} references and starts
     * watching those no other pod named; names its previous registration had and this one has not
     * are released.
     */
    public void registerPod(String uid, String namespace, Set<String> names) {
        List<ObjectWatch<T>> released = new ArrayList<>();
        synchronized (this) {
            if (closed) {
                return;
            }
            Registration previous = pods.put(uid, new Registration(namespace, Set.copyOf(names)));
            for (String name : names) {
                addReference(namespace, name, uid);
            }
            if (previous != null) {
                for (String name : previous.names()) {
                    if (!previous.namespace().equals(namespace) || !names.contains(name)) {
                        deleteReference(previous.namespace(), name, uid, released);
                    }
                }
            }
        }
        released.forEach(ObjectWatch::stop);
    }

    /** Releases the names the pod {@code uid} referenced, stopping the watches no pod needs any more. */
    public void unregisterPod(String uid) {
        List<ObjectWatch<T>> released = new ArrayList<>();
        synchronized (this) {
            Registration previous = pods.remove(uid);
            if (previous == null) {
                return;
            }
            for (String name : previous.names()) {
                deleteReference(previous.namespace(), name, uid, released);
            }
        }
        released.forEach(ObjectWatch::stop);
    }

    /**
     * The object as its watch last saw it; empty when it does not exist.
     *
     * @throws SourceUnavailableException when no registered pod references it, or its watch has
     *     not listed it within the sync timeout
     */
    public Optional<T> get(String namespace, String name) {
        String key = ObjectKeys.key(namespace, name);
        Item<T> item;
        synchronized (this) {
            item = items.get(key);
        }
        if (item == null) {
            throw new SourceUnavailableException("object \"" + namespace + "\"/\"" + name + "\" not registered");
        }
        if (!awaitSync(item.watch())) {
            throw new SourceUnavailableException(
                    "failed to sync " + resource + " cache: timed out waiting for the condition");
        }
        return item.watch().object();
    }

    /** The namespace/name keys watched now, sorted. */
    public synchronized Set<String> watched() {
        return new TreeSet<>(items.keySet());
    }

    /** The UIDs of the registered pods that reference the object; empty when it is not watched. */
    public synchronized Set<String> referencingPods(String namespace, String name) {
        Item<T> item = items.get(ObjectKeys.key(namespace, name));
        return item == null ? Set.of() : Set.copyOf(item.pods());
    }

    /** Stops every watch; later registrations are ignored. */
    @Override
    public void close() {
        List<ObjectWatch<T>> released = new ArrayList<>();
        synchronized (this) {
            closed = true;
            items.values().forEach(item -> released.add(item.watch()));
            items.clear();
            pods.clear();
        }
        released.forEach(ObjectWatch::stop);
    }

    private void addReference(String namespace, String name, String uid) {
        Item<T> item = items.computeIfAbsent(ObjectKeys.key(namespace, name), key -> startWatch(namespace, name));
        item.pods().add(uid);
    }

    /** Drops the pod's reference; the object's watch, if no pod references it now, goes to {@code released}. */
    private void deleteReference(String namespace, String name, String uid, List<ObjectWatch<T>> released) {
        String key = ObjectKeys.key(namespace, name);
        Item<T> item = items.get(key);
        if (item == null) {
            return;
        }
        item.pods().remove(uid);
        if (item.pods().isEmpty()) {
            items.remove(key);
            released.add(item.watch());
        }
    }

    private Item<T> startWatch(String namespace, String name) {
        String selector = "metadata.name=" + name;
        ObjectWatch<T> watch = new ObjectWatch<>(
                type.getSimpleName() + "@" + namespace + "{;" + selector + "}",
                name,
                listerWatchers.create(type, namespace, ListOptions.all().withFieldSelector(selector)),
                settings,
                registry);
        watch.start();
        return new Item<>(watch, new HashSet<>());
    }

    private boolean awaitSync(ObjectWatch<T> watch) {
        return CacheSync.await(watch::hasSynced, syncTimeout);
    }
}
