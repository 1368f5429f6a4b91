package io.skiff.apiserver.admission;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skiff.model.catalog.ResourceType;

/**
 * How a plugin changes another object while it admits a request, as Kubernetes' quota admission
 * writes ResourceQuota status through its client: a replace that succeeds only if nobody changed
 * the object since it was read. Blocks; see {@link AdmissionPlugin#readsStorage}.
 */
public interface AdmissionWrites {

    /** Nothing can be written: every replace loses, as if another writer always came first. */
    AdmissionWrites NONE = (type, current, updated) -> false;

    /**
     * Replaces {@code current} (as read, carrying its metadata.resourceVersion) by {@code updated}.
     *
     * @return false when the object changed or went away since {@code current} was read
     */
    boolean replace(ResourceType type, ObjectNode current, ObjectNode updated);
}
