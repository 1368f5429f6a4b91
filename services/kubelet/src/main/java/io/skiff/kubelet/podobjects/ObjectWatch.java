package io.skiff.kubelet.podobjects;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.micrometer.core.instrument.MeterRegistry;
import io.skiff.component.client.ListerWatcher;
import io.skiff.component.informer.Reflector;
import io.skiff.component.informer.ReflectorSettings;
import io.skiff.component.informer.SyncableStore;
import java.util.List;
import java.util.Optional;

/**
 * One object's list-then-watch (its lister-watcher selects it by name): a {@link Reflector} that
 * keeps the one object it finds, as the kubelet's per-object reflectors do. Lighter than an
 * informer, which would add a cache, a dispatch thread and gauges for an object no handler
 * follows.
 */
final class ObjectWatch<T extends HasMetadata> implements SyncableStore<T> {

    private final String name;
    private final Reflector<T> reflector;
    private volatile Optional<T> object = Optional.empty();
    private volatile boolean synced;

    /** @param name the object's name: what else the watch reports is ignored */
    ObjectWatch(
            String reflectorName,
            String name,
            ListerWatcher<T> listerWatcher,
            ReflectorSettings settings,
            MeterRegistry registry) {
        this.name = name;
        this.reflector = new Reflector<>(reflectorName, listerWatcher, this, settings, registry);
    }

    void start() {
        reflector.start();
    }

    void stop() {
        reflector.stop();
    }

    /** Whether the first list has been read. */
    boolean hasSynced() {
        return synced;
    }

    /** The object as last listed or watched; empty when it does not exist. */
    Optional<T> object() {
        return object;
    }

    @Override
    public void add(T added) {
        keep(added);
    }

    @Override
    public void update(T updated) {
        keep(updated);
    }

    @Override
    public void delete(T deleted) {
        if (isIt(deleted)) {
            object = Optional.empty();
        }
    }

    @Override
    public void replace(List<T> objects, String resourceVersion) {
        object = objects.stream().filter(this::isIt).findFirst();
        synced = true;
    }

    private void keep(T seen) {
        if (isIt(seen)) {
            object = Optional.of(seen);
        }
    }

    private boolean isIt(T seen) {
        return seen.getMetadata() != null && name.equals(seen.getMetadata().getName());
    }
}
