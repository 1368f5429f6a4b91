package io.skiff.scheduler.framework;

import java.util.Objects;

/**
 * What a PostFilter plugin answers: Success with a nomination when it made the pod schedulable
 * (preemption chose a node and evicted victims), or a rejection whose reasons end up in the
 * FailedScheduling message ("preemption: ...").
 */
public record PostFilterResult(Status status, NominatingInfo nominatingInfo) {

    public PostFilterResult {
        Objects.requireNonNull(status, "status");
        nominatingInfo = nominatingInfo == null ? NominatingInfo.noop() : nominatingInfo;
    }

    /** Success: the pod is nominated to {@code nodeName}. */
    public static PostFilterResult nominated(String nodeName) {
        return new PostFilterResult(Status.success(), NominatingInfo.override(nodeName));
    }

    /** A failure or rejection, without touching the nomination. */
    public static PostFilterResult failed(Status status) {
        return new PostFilterResult(status, NominatingInfo.noop());
    }
}
