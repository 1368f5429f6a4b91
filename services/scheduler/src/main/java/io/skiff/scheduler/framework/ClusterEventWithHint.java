package io.skiff.scheduler.framework;

import java.util.Objects;

/** An event registration with an optional hint; without a hint every matching event requeues. */
public record ClusterEventWithHint(ClusterEvent event, QueueingHintFunction hint) {

    public ClusterEventWithHint {
        Objects.requireNonNull(event, "event");
    }

    /** A registration that requeues on every matching event. */
    public static ClusterEventWithHint always(ClusterEvent event) {
        return new ClusterEventWithHint(event, null);
    }

    public QueueingHint hintFor(io.fabric8.kubernetes.api.model.Pod pod, Object oldObject, Object newObject) {
        if (hint == null) {
            return QueueingHint.QUEUE;
        }
        try {
            return hint.isSchedulableAfter(pod, oldObject, newObject);
        } catch (RuntimeException e) {
            // as Kubernetes: a failing hint must not strand the pod
            return QueueingHint.QUEUE;
        }
    }
}
