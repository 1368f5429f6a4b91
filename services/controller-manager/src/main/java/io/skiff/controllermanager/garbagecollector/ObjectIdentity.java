package io.skiff.controllermanager.garbagecollector;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.skiff.model.catalog.ResourceCatalog;
import io.skiff.model.catalog.ResourceType;

/**
 * Where an object lives and which incarnation it is (Kubernetes' objectReference in the garbage
 * collector): the uid tells a recreated object of the same name apart from the one a reference
 * meant.
 *
 * @param namespace "" for cluster-scoped objects
 */
public record ObjectIdentity(String apiVersion, String kind, String namespace, String name, String uid) {

    public ObjectIdentity {
        namespace = namespace == null ? "" : namespace;
    }

    /** The identity of a cached object. */
    public static ObjectIdentity of(HasMetadata object) {
        // Typed objects know their kind even when a list's items did not carry it.
        return new ObjectIdentity(
                object.getApiVersion() != null ? object.getApiVersion() : HasMetadata.getApiVersion(object.getClass()),
                object.getKind() != null ? object.getKind() : HasMetadata.getKind(object.getClass()),
                object.getMetadata().getNamespace(),
                object.getMetadata().getName(),
                object.getMetadata().getUid());
    }

    /**
     * The owner a reference of a dependent in {@code dependentNamespace} names. Owner references
     * carry no namespace: a namespaced owner is always in its dependent's namespace, never another
     * one. A kind the catalog does not know is taken as namespaced, as the dependent's namespace is
     * the only one the reference could mean.
     */
    public static ObjectIdentity ownerOf(OwnerReference reference, String dependentNamespace, ResourceCatalog catalog) {
        boolean namespaced = catalog.byKind(reference.getApiVersion(), reference.getKind())
                .map(ResourceType::namespaced)
                .orElse(true);
        return new ObjectIdentity(
                reference.getApiVersion(),
                reference.getKind(),
                namespaced ? dependentNamespace : "",
                reference.getName(),
                reference.getUid());
    }

    /** The API group of {@link #apiVersion()}: "" for the core group. */
    public String group() {
        int slash = apiVersion.indexOf('/');
        return slash < 0 ? "" : apiVersion.substring(0, slash);
    }

    /**
     * Whether both name the same object: same uid, group, kind, namespace and name. The version may
     * differ, as one object is served under several versions.
     */
    public boolean sameObjectAs(ObjectIdentity other) {
        return uid.equals(other.uid)
                && group().equals(other.group())
                && kind.equals(other.kind)
                && namespace.equals(other.namespace)
                && name.equals(other.name);
    }

    @Override
    public String toString() {
        return kind + " " + (namespace.isEmpty() ? name : namespace + "/" + name) + " (uid " + uid + ")";
    }
}
