package io.skiff.controllermanager.garbagecollector;

import java.util.List;

/**
 * A consistent copy of one node of the ownership graph, for the collector's workers.
 *
 * @param observed false for a virtual node: an owner known only from its dependents' references
 * @param deletingDependents being deleted in the foreground, its dependents first
 */
public record NodeView(
        ObjectIdentity identity,
        boolean observed,
        boolean beingDeleted,
        boolean deletingDependents,
        List<Dependent> dependents) {

    public NodeView {
        dependents = List.copyOf(dependents);
    }

    /**
     * A dependent of the node.
     *
     * @param blocksOwnerDeletion its reference to the node has blockOwnerDeletion=true
     */
    public record Dependent(ObjectIdentity identity, boolean blocksOwnerDeletion, boolean deletingDependents) {}

    /** The dependents a foreground deletion of the node waits for. */
    public List<Dependent> blockingDependents() {
        return dependents.stream().filter(Dependent::blocksOwnerDeletion).toList();
    }
}
