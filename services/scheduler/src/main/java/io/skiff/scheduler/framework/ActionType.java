package io.skiff.scheduler.framework;

import java.util.EnumSet;
import java.util.Set;

/**
 * What happened to an object, as Kubernetes' fine-grained ActionType: an update is split by what it
 * changed, so that e.g. a node heartbeat (condition or annotation change) does not wake pods that
 * only a new label or more allocatable could help.
 */
public enum ActionType {
    ADD,
    DELETE,
    UPDATE_NODE_ALLOCATABLE,
    UPDATE_NODE_LABEL,
    UPDATE_NODE_TAINT,
    UPDATE_NODE_CONDITION,
    UPDATE_NODE_ANNOTATION,
    UPDATE_POD_LABEL,
    UPDATE_POD_SCALE_DOWN,
    UPDATE_POD_TOLERATION,
    UPDATE_POD_SCHEDULING_GATES_ELIMINATED,
    /** An update of a kind not listed above (e.g. any change to a PVC). */
    UPDATE_OTHER;

    private static final Set<ActionType> UPDATES = EnumSet.range(UPDATE_NODE_ALLOCATABLE, UPDATE_OTHER);

    /** Every kind of update. */
    public static Set<ActionType> update() {
        return EnumSet.copyOf(UPDATES);
    }

    /** Every action. */
    public static Set<ActionType> all() {
        return EnumSet.allOf(ActionType.class);
    }
}
