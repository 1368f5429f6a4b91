package io.skiff.controllermanager.garbagecollector;

import java.util.Optional;
import java.util.Set;

/**
 * The garbage collector's live view of and hands on the cluster. Every decision to delete rests
 * on a live read, not on the informers' caches, which may lag; every write names the uid it meant,
 * so a recreated object of the same name is never touched.
 */
public interface ClusterObjects {

    /**
     * The object as the API server has it now, or empty when it does not exist.
     *
     * @throws UnresolvableReferenceException when its kind is not served
     */
    Optional<ObjectSnapshot> get(ObjectIdentity identity);

    /** Deletes the object if it still has its uid; absent or replaced objects are left alone. */
    void delete(ObjectIdentity identity, String propagationPolicy);

    /** Removes the dependent's owner references to {@code ownerUids}. */
    void removeOwnerReferences(ObjectIdentity dependent, Set<String> ownerUids);

    /** Sets blockOwnerDeletion=false on the dependent's reference to {@code ownerUid}. */
    void unblockOwnerReference(ObjectIdentity dependent, String ownerUid);

    /** Removes {@code finalizer} from the object, which lets a deletion waiting on it complete. */
    void removeFinalizer(ObjectIdentity identity, String finalizer);
}
