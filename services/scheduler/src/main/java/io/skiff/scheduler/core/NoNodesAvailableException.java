package io.skiff.scheduler.core;

/** The cluster has no nodes at all; the pod waits, UnschedulableAndUnresolvable. */
public final class NoNodesAvailableException extends Exception {

    private static final long serialVersionUID = 1L;

    public NoNodesAvailableException() {
        super("no nodes available to schedule pods", null, false, false);
    }
}
