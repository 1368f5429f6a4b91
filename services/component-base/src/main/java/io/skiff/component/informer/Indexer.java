package io.skiff.component.informer;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The read side of an informer's cache: objects by key and by named indexes. Objects are the
 * cached instances, shared with every other reader: copy before mutating them.
 */
public interface Indexer<T> {

    /** The object with {@code key} ({@code namespace/name} or {@code name}). */
    Optional<T> getByKey(String key);

    /** Every cached object, in no particular order. */
    List<T> list();

    /** Every cached key, in no particular order. */
    List<String> listKeys();

    /** The objects filed under {@code value} in the index {@code indexName}. */
    List<T> byIndex(String indexName, String value);

    /** The keys of the objects filed under {@code value} in the index {@code indexName}. */
    List<String> indexKeys(String indexName, String value);

    /** The values the index {@code indexName} currently holds objects under. */
    List<String> indexValues(String indexName);

    /**
     * Adds named index functions; objects already cached are indexed at once.
     *
     * @throws IllegalArgumentException when a name is already taken
     */
    void addIndexers(Map<String, Function<T, Collection<String>>> indexers);

    /** How many objects are cached. */
    int size();
}
