package io.skiff.kubelet.podobjects;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.skiff.component.client.ListOptions;
import io.skiff.component.client.ListerWatcher;
import io.skiff.component.client.ObjectList;
import io.skiff.component.client.WatchEvent;
import io.skiff.component.client.WatchOptions;
import io.skiff.component.informer.ListerWatcherFactory;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * An API server for the per-object watches: it answers a list by namespace and {@code
 * metadata.name=} field selector from a fixed set of objects (or never, while {@link #holdLists}),
 * keeps watches open, and records which lister-watchers were made and how many watches are open.
 */
final class FakeObjectServer implements ListerWatcherFactory {

    /** One lister-watcher made: for which type, namespace and field selector. */
    record Made(Class<?> type, String namespace, String fieldSelector) {}

    final List<Made> made = new CopyOnWriteArrayList<>();
    final AtomicInteger openWatches = new AtomicInteger();
    private final Map<String, HasMetadata> objects = new ConcurrentHashMap<>();
    volatile boolean holdLists;

    void put(HasMetadata object) {
        objects.put(
                object.getMetadata().getNamespace() + "/" + object.getMetadata().getName(), object);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T extends HasMetadata> ListerWatcher<T> create(Class<T> type, String namespace, ListOptions selectors) {
        made.add(new Made(type, namespace, selectors.fieldSelector()));
        String name = selectors.fieldSelector().substring("metadata.name=".length());
        return new ListerWatcher<>() {
            @Override
            public Mono<ObjectList<T>> list(ListOptions options) {
                if (holdLists) {
                    return Mono.never();
                }
                HasMetadata found = objects.get(namespace + "/" + name);
                List<T> items = found != null && type.isInstance(found) ? List.of((T) found) : List.of();
                return Mono.just(new ObjectList<>(items, "10", null));
            }

            @Override
            public Flux<WatchEvent<T>> watch(WatchOptions options) {
                return Flux.<WatchEvent<T>>never()
                        .doOnSubscribe(subscription -> openWatches.incrementAndGet())
                        .doOnCancel(openWatches::decrementAndGet);
            }
        };
    }
}
