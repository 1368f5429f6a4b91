package io.skiff.controllermanager.garbagecollector;

/** Where the ownership graph sends the nodes that need a look: the collector's two workqueues. */
public interface GraphWork {

    /** The node may have to be deleted, or finish a foreground deletion. */
    void attemptToDelete(String uid);

    /** The node is being deleted with the orphan finalizer: its dependents must let go of it. */
    void attemptToOrphan(String uid);
}
