package io.skiff.component.informer;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.skiff.model.selector.LabelSelector;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads an informer's cache the way controllers do (client-go listers): by namespace and name, by
 * label selector, or by a named index.
 *
 * <p>Every object returned is the cached instance, shared with the informer and every other
 * reader. Callers must copy an object (e.g. through its builder, {@code new PodBuilder(pod)}, or a
 * JSON round trip) before changing it; mutating it in place corrupts the cache for everyone.
 */
public final class Lister<T extends HasMetadata> {

    private final Indexer<T> indexer;

    public Lister(Indexer<T> indexer) {
        this.indexer = indexer;
    }

    /** The object {@code name} in {@code namespace}; null or "" for a cluster-scoped object. */
    public Optional<T> get(String namespace, String name) {
        return indexer.getByKey(ObjectKeys.key(namespace, name));
    }

    /** The cluster-scoped object {@code name}. */
    public Optional<T> get(String name) {
        return indexer.getByKey(name);
    }

    /** The objects in every namespace whose labels {@code selector} matches. */
    public List<T> list(LabelSelector selector) {
        return select(indexer.list(), selector);
    }

    /**
     * The objects in {@code namespace} whose labels {@code selector} matches; null or "" means all
     * namespaces, as metav1.NamespaceAll does.
     */
    public List<T> list(String namespace, LabelSelector selector) {
        if (namespace == null || namespace.isEmpty()) {
            return list(selector);
        }
        return select(indexer.byIndex(Indexers.NAMESPACE, namespace), selector);
    }

    /** The objects filed under {@code value} in the index {@code indexName}. */
    public List<T> byIndex(String indexName, String value) {
        return indexer.byIndex(indexName, value);
    }

    private static <T extends HasMetadata> List<T> select(List<T> objects, LabelSelector selector) {
        if (selector.isEverything()) {
            return objects;
        }
        List<T> selected = new ArrayList<>();
        for (T object : objects) {
            if (selector.matches(object.getMetadata().getLabels())) {
                selected.add(object);
            }
        }
        return selected;
    }
}
