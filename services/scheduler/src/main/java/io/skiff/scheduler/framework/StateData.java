package io.skiff.scheduler.framework;

/**
 * A value plugins keep in the {@link CycleState}. Preemption clones the cycle state to try what-if
 * placements, so mutable state must copy itself deeply enough that changes to the copy never show
 * in the original; immutable state may return itself.
 */
public interface StateData {

    /** A copy that can be changed without affecting this value. */
    StateData copy();
}
