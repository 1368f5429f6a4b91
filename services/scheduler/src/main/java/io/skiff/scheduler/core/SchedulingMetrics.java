package io.skiff.scheduler.core;

import java.time.Duration;

/**
 * Hooks for kube-scheduler's metrics: scheduling attempts by result and profile, and the
 * end-to-end duration from the pod's first attempt to its binding. Called from the scheduling and
 * binding threads.
 */
public interface SchedulingMetrics {

    /** Records nothing. */
    SchedulingMetrics NONE = new SchedulingMetrics() {
        @Override
        public void attempt(String result, String profile, Duration duration) {}

        @Override
        public void podScheduled(String profile, Duration sinceFirstAttempt, int attempts) {}
    };

    String SCHEDULED = "scheduled";
    String UNSCHEDULABLE = "unschedulable";
    String ERROR = "error";

    /**
     * One scheduling attempt ended.
     *
     * @param result {@link #SCHEDULED}, {@link #UNSCHEDULABLE} or {@link #ERROR}
     */
    void attempt(String result, String profile, Duration duration);

    /** A pod was bound, {@code attempts} attempts and {@code sinceFirstAttempt} after it first entered the active queue. */
    void podScheduled(String profile, Duration sinceFirstAttempt, int attempts);
}
