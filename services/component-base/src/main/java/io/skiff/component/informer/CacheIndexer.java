package io.skiff.component.informer;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;

/**
 * A thread-safe object cache keyed by {@link ObjectKeys#keyOf} with named indexes, like client-go's
 * threadSafeStore. Every instance indexes namespaced objects by namespace ({@link
 * Indexers#NAMESPACE}). Readers share the cached instances and must copy before mutating.
 *
 * <p>Informers write into it from their reflector; tests and simulations may load it directly.
 */
public final class CacheIndexer<T extends HasMetadata> implements Indexer<T> {

    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private final Map<String, T> items = new HashMap<>();
    private final Map<String, Function<T, Collection<String>>> indexFunctions = new HashMap<>();
    /** index name → indexed value → keys of the objects filed under it. */
    private final Map<String, Map<String, Set<String>>> indices = new HashMap<>();

    public CacheIndexer() {
        addIndexers(Map.of(Indexers.NAMESPACE, Indexers.byNamespace()));
    }

    /**
     * Adds or replaces the object with the same key.
     *
     * @return the state it replaced, or null when the key was not cached
     */
    public T put(T object) {
        String key = ObjectKeys.keyOf(object);
        lock.writeLock().lock();
        try {
            T previous = items.put(key, object);
            reindex(key, previous, object);
            return previous;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Removes the object with the key of {@code object}.
     *
     * @return the cached state it removed, or null when the key was not cached
     */
    public T remove(T object) {
        String key = ObjectKeys.keyOf(object);
        lock.writeLock().lock();
        try {
            T previous = items.remove(key);
            reindex(key, previous, null);
            return previous;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Makes {@code objects} the whole content of the cache, as after a list, and reports the
     * difference to what was cached. Objects listed twice keep the later state.
     */
    public StoreDiff<T> replace(Collection<T> objects) {
        Map<String, T> fresh = new LinkedHashMap<>();
        for (T object : objects) {
            fresh.put(ObjectKeys.keyOf(object), object);
        }
        List<T> added = new ArrayList<>();
        List<StoreDiff.Update<T>> updated = new ArrayList<>();
        List<T> deleted = new ArrayList<>();
        int unchanged = 0;
        lock.writeLock().lock();
        try {
            for (Map.Entry<String, T> entry : items.entrySet()) {
                if (!fresh.containsKey(entry.getKey())) {
                    deleted.add(entry.getValue());
                }
            }
            for (Map.Entry<String, T> entry : fresh.entrySet()) {
                T previous = items.get(entry.getKey());
                if (previous == null) {
                    added.add(entry.getValue());
                } else if (sameRevision(previous, entry.getValue())) {
                    unchanged++;
                } else {
                    updated.add(new StoreDiff.Update<>(previous, entry.getValue()));
                }
            }
            items.clear();
            items.putAll(fresh);
            for (String indexName : indexFunctions.keySet()) {
                rebuildIndex(indexName);
            }
        } finally {
            lock.writeLock().unlock();
        }
        return new StoreDiff<>(added, updated, deleted, unchanged);
    }

    @Override
    public Optional<T> getByKey(String key) {
        lock.readLock().lock();
        try {
            return Optional.ofNullable(items.get(key));
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public List<T> list() {
        lock.readLock().lock();
        try {
            return List.copyOf(items.values());
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public List<String> listKeys() {
        lock.readLock().lock();
        try {
            return List.copyOf(items.keySet());
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public List<T> byIndex(String indexName, String value) {
        lock.readLock().lock();
        try {
            Set<String> keys = index(indexName).getOrDefault(value, Set.of());
            List<T> objects = new ArrayList<>(keys.size());
            for (String key : keys) {
                objects.add(items.get(key));
            }
            return Collections.unmodifiableList(objects);
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public List<String> indexKeys(String indexName, String value) {
        lock.readLock().lock();
        try {
            return List.copyOf(index(indexName).getOrDefault(value, Set.of()));
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public List<String> indexValues(String indexName) {
        lock.readLock().lock();
        try {
            return List.copyOf(index(indexName).keySet());
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public void addIndexers(Map<String, Function<T, Collection<String>>> indexers) {
        lock.writeLock().lock();
        try {
            for (String name : indexers.keySet()) {
                if (indexFunctions.containsKey(name)) {
                    throw new IllegalArgumentException("indexer \"" + name + "\" already exists");
                }
            }
            for (Map.Entry<String, Function<T, Collection<String>>> indexer : indexers.entrySet()) {
                indexFunctions.put(indexer.getKey(), Objects.requireNonNull(indexer.getValue()));
                rebuildIndex(indexer.getKey());
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public int size() {
        lock.readLock().lock();
        try {
            return items.size();
        } finally {
            lock.readLock().unlock();
        }
    }

    private Map<String, Set<String>> index(String indexName) {
        Map<String, Set<String>> index = indices.get(indexName);
        if (index == null) {
            throw new IllegalArgumentException("index \"" + indexName + "\" does not exist");
        }
        return index;
    }

    private void rebuildIndex(String indexName) {
        Map<String, Set<String>> index = new HashMap<>();
        Function<T, Collection<String>> function = indexFunctions.get(indexName);
        for (Map.Entry<String, T> item : items.entrySet()) {
            for (String value : valuesOf(function, item.getValue())) {
                index.computeIfAbsent(value, v -> new HashSet<>()).add(item.getKey());
            }
        }
        indices.put(indexName, index);
    }

    private void reindex(String key, T previous, T current) {
        for (Map.Entry<String, Function<T, Collection<String>>> indexer : indexFunctions.entrySet()) {
            Map<String, Set<String>> index = indices.get(indexer.getKey());
            if (previous != null) {
                for (String value : valuesOf(indexer.getValue(), previous)) {
                    Set<String> keys = index.get(value);
                    if (keys != null) {
                        keys.remove(key);
                        if (keys.isEmpty()) {
                            index.remove(value);
                        }
                    }
                }
            }
            if (current != null) {
                for (String value : valuesOf(indexer.getValue(), current)) {
                    index.computeIfAbsent(value, v -> new HashSet<>()).add(key);
                }
            }
        }
    }

    private static <T> Collection<String> valuesOf(Function<T, Collection<String>> function, T object) {
        Collection<String> values = function.apply(object);
        return values == null ? List.of() : values;
    }

    /** Equal, non-empty resourceVersions: the server has not changed the object since. */
    private static boolean sameRevision(HasMetadata previous, HasMetadata current) {
        String before = previous.getMetadata().getResourceVersion();
        return before != null
                && !before.isEmpty()
                && before.equals(current.getMetadata().getResourceVersion());
    }
}
