package io.skiff.scheduler.queue;

/**
 * Hooks the queue calls as pods move, for metrics such as kube-scheduler's
 * scheduler_queue_incoming_pods_total{queue, event}. Called under the queue's lock: keep them cheap.
 */
public interface QueueMetrics {

    /** A metrics hook that records nothing. */
    QueueMetrics NONE = (queue, event) -> {};

    /**
     * A pod entered a sub-queue.
     *
     * @param queue "active", "backoff" or "unschedulable"
     * @param event what moved it, e.g. "PodAdd", "ScheduleAttemptFailure", "BackoffComplete" or a
     *     cluster event's label
     */
    void podEntered(String queue, String event);
}
