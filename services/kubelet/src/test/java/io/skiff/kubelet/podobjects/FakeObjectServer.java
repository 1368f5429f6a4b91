package io.skiff.kubelet.podobjects;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.skiff.component.client.ListOptions;
import io.skiff.component.client.ListerWatcher;
import io.skiff.component.client.ObjectList;
import io.skiff.component.client.WatchEvent;
import io.skiff.component.client.WatchEventType;
import io.skiff.component.client.WatchOptions;
import io.skiff.component.informer.ListerWatcherFactory;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * An API server for the per-object watches: it answers a list by namespace and {@code
 * metadata.name=} field selector from a fixed set of objects (or never, while {@link #holdLists}),
 * keeps watches open until a test emits into them, and records which lister-watchers were made and how many watches are open.
 */
final class FakeObjectServer implements ListerWatcherFactory {

    /** One lister-watcher made: for which type, namespace and field selector. */
    record Made(Class<?> type, String namespace, String fieldSelector) {}

    final List<Made> made = new CopyOnWriteArrayList<>();
    final AtomicInteger openWatches = new AtomicInteger();
    private final Map<String, HasMetadata> objects = new ConcurrentHashMap<>();
    private final Map<String, Sinks.Many<WatchEvent<HasMetadata>>> watches = new ConcurrentHashMap<>();
    volatile boolean holdLists;

    /** Sends {@code object} with {@code type} to the open watch of its namespace and name. */
    void emit(WatchEventType type, HasMetadata object, String resourceVersion) {
        String key =
                object.getMetadata().getNamespace() + "/" + object.getMetadata().getName();
        watches.get(key).tryEmitNext(new WatchEvent<>(type, object, resourceVersion));
    }

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
                Sinks.Many<WatchEvent<HasMetadata>> sink =
                        Sinks.many().unicast().onBackpressureBuffer();
                watches.put(namespace + "/" + name, sink);
                return sink.asFlux()
                        .map(event -> (WatchEvent<T>) event)
                        .doOnSubscribe(subscription -> openWatches.incrementAndGet())
                        .doOnCancel(openWatches::decrementAndGet);
            }
        };
    }
}
