package io.skiff.scheduler.framework;

/**
 * The kinds of objects whose changes may make an unschedulable pod schedulable. {@link
 * #ASSIGNED_POD} is a pod bound to a node (other pods' changes), {@link #UNSCHEDULED_POD} the
 * pending pod itself.
 */
public enum EventResource {
    ASSIGNED_POD,
    UNSCHEDULED_POD,
    NODE,
    PERSISTENT_VOLUME,
    PERSISTENT_VOLUME_CLAIM,
    STORAGE_CLASS,
    CSI_NODE,
    CSI_DRIVER,
    CSI_STORAGE_CAPACITY,
    NAMESPACE,
    /** Matches every resource; used for events such as the periodic flush. */
    WILDCARD
}
