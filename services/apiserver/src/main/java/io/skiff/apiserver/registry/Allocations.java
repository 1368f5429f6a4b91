package io.skiff.apiserver.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skiff.model.catalog.ResourceType;

/**
 * Values objects draw from shared pools (a Service's cluster IP and node ports), allocated as part of
 * the object's own write: the registry commits the object and its allocations in one transaction, so
 * a failed write holds nothing and a delete gives everything back.
 */
public interface Allocations {

    /** No pools: every write goes through as it is. */
    Allocations NONE = new Allocations() {
        @Override
        public boolean allocatesFor(ResourceType type) {
            return false;
        }

        @Override
        public void keepAllocated(ResourceType type, ObjectNode updated, ObjectNode old) {}

        @Override
        public AllocationPlan allocate(ResourceType type, ObjectNode old, ObjectNode object, boolean dryRun) {
            return AllocationPlan.NONE;
        }
    };

    /** Whether objects of this type hold allocations at all. */
    boolean allocatesFor(ResourceType type);

    /**
     * After a value picked here turned out to be held by another object (another API server took it):
     * reloads what the pools hold. Blocks on the database.
     */
    default void refresh() {}

    /**
     * Before an update is validated: fills in allocated values the client left out (a PUT without the
     * cluster IP or the node ports keeps them), as Kubernetes' service storage does.
     */
    void keepAllocated(ResourceType type, ObjectNode updated, ObjectNode old);

    /**
     * After validation: allocates what a create ({@code old} null), an update or a removal ({@code
     * object} null) of the object needs and releases what it no longer holds, filling allocated values
     * into {@code object}. Throws an ApiException when a requested value cannot be had.
     */
    AllocationPlan allocate(ResourceType type, ObjectNode old, ObjectNode object, boolean dryRun);
}
