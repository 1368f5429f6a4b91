package io.skiff.component.informer;

import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * The cache key of an object, as client-go's MetaNamespaceKeyFunc builds it: {@code namespace/name}
 * for namespaced objects, {@code name} for cluster-scoped ones. Controllers queue these keys and
 * split them again in their sync.
 */
public final class ObjectKeys {

    private ObjectKeys() {}

    /** The key of {@code object}. */
    public static String keyOf(HasMetadata object) {
        if (object.getMetadata() == null || object.getMetadata().getName() == null) {
            throw new IllegalArgumentException("object has no metadata.name: " + object.getKind());
        }
        return key(object.getMetadata().getNamespace(), object.getMetadata().getName());
    }

    /** The key of the object {@code name} in {@code namespace} (null or empty: cluster-scoped). */
    public static String key(String namespace, String name) {
        return namespace == null || namespace.isEmpty() ? name : namespace + "/" + name;
    }

    /** The namespace part of a key, or "" for a cluster-scoped key. */
    public static String namespaceOf(String key) {
        int slash = key.indexOf('/');
        return slash < 0 ? "" : key.substring(0, slash);
    }

    /** The name part of a key. */
    public static String nameOf(String key) {
        return key.substring(key.indexOf('/') + 1);
    }
}
