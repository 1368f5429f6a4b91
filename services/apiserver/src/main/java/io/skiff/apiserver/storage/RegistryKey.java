package io.skiff.apiserver.storage;

/**
 * Where an object is stored: its group-resource ("pods", "deployments.apps"), namespace ("" when
 * cluster-scoped) and name.
 */
public record RegistryKey(String resource, String namespace, String name) {

    /** The key within one resource, in the order lists return objects: namespace, then name. */
    public String objectKey() {
        return objectKey(namespace, name);
    }

    public static String objectKey(String namespace, String name) {
        return namespace + "/" + name;
    }
}
