package io.skiff.component.events;

import java.util.LinkedHashMap;
import java.util.Map;

/** A map that forgets its least recently used entry beyond a fixed size. Not thread-safe. */
final class LruCache<K, V> {

    private final LinkedHashMap<K, V> entries;

    LruCache(int maxEntries) {
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > maxEntries;
            }
        };
    }

    V get(K key) {
        return entries.get(key);
    }

    void put(K key, V value) {
        entries.put(key, value);
    }

    int size() {
        return entries.size();
    }
}
