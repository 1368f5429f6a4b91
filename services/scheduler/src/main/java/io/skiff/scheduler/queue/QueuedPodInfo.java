package io.skiff.scheduler.queue;

import io.fabric8.kubernetes.api.model.Pod;
import io.skiff.scheduler.framework.PodInfo;
import java.time.Instant;
import java.util.Collections;
import java.util.HashSet;
import java.util.Set;

/**
 * A pod in the scheduling queue with its queueing history: when it was last queued or failed, how
 * many attempts it had, and which plugins rejected it last (the events that can help it depend on
 * them). Owned by the queue; the scheduler reads it between pop and requeue and records the
 * rejecting plugins.
 */
public final class QueuedPodInfo {

    private PodInfo podInfo;
    private Instant timestamp;
    private Instant initialAttemptTimestamp;
    private int attempts;
    private final Set<String> unschedulablePlugins = new HashSet<>();
    private boolean gated;
    private String gatingPlugin = "";

    QueuedPodInfo(PodInfo podInfo, Instant timestamp) {
        this.podInfo = podInfo;
        this.timestamp = timestamp;
    }

    public Pod pod() {
        return podInfo.pod();
    }

    public PodInfo podInfo() {
        return podInfo;
    }

    public String uid() {
        return podInfo.uid();
    }

    /** When the pod was added to the queue, or last failed. */
    public Instant timestamp() {
        return timestamp;
    }

    /** When the pod was first popped for scheduling; null until then. */
    public Instant initialAttemptTimestamp() {
        return initialAttemptTimestamp;
    }

    /** How many times the pod has been popped for scheduling. */
    public int attempts() {
        return attempts;
    }

    /** The plugins that rejected the pod in its last attempt (empty after an error). */
    public Set<String> unschedulablePlugins() {
        return Collections.unmodifiableSet(unschedulablePlugins);
    }

    /** Records the plugins that rejected the pod in this attempt, before it is requeued. */
    public void setUnschedulablePlugins(Set<String> plugins) {
        unschedulablePlugins.clear();
        unschedulablePlugins.addAll(plugins);
    }

    /** Whether a PreEnqueue plugin holds the pod back. */
    public boolean gated() {
        return gated;
    }

    /** The PreEnqueue plugin that holds the pod back, or "". */
    public String gatingPlugin() {
        return gatingPlugin;
    }

    /** Replaces the pod with a newer version of it (e.g. the informer's latest before requeueing). */
    public void update(Pod pod) {
        this.podInfo = PodInfo.of(pod);
    }

    void setTimestamp(Instant timestamp) {
        this.timestamp = timestamp;
    }

    void markAttempt() {
        attempts++;
        unschedulablePlugins.clear();
    }

    void markInitialAttempt(Instant now) {
        if (initialAttemptTimestamp == null) {
            initialAttemptTimestamp = now;
        }
    }

    void setGated(boolean gated, String plugin) {
        this.gated = gated;
        this.gatingPlugin = plugin == null ? "" : plugin;
    }

    int priority() {
        Integer priority = pod().getSpec() == null ? null : pod().getSpec().getPriority();
        return priority == null ? 0 : priority;
    }

    @Override
    public String toString() {
        return "QueuedPodInfo{" + pod().getMetadata().getNamespace() + "/"
                + pod().getMetadata().getName() + ", attempts=" + attempts + ", unschedulablePlugins="
                + unschedulablePlugins + "}";
    }
}
