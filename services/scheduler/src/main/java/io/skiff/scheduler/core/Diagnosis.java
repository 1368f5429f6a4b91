package io.skiff.scheduler.core;

import io.skiff.scheduler.framework.NodeToStatus;
import io.skiff.scheduler.framework.Status;
import java.util.Collections;
import java.util.HashSet;
import java.util.Set;

/**
 * Why a pod fit no node: each rejected node's status (and one for the nodes PreFilter left out),
 * the plugins that rejected it, and the PreFilter and PostFilter messages.
 */
public final class Diagnosis {

    private final NodeToStatus nodeToStatus = new NodeToStatus();
    private final Set<String> unschedulablePlugins = new HashSet<>();
    private String preFilterMessage = "";
    private String postFilterMessage = "";

    public NodeToStatus nodeToStatus() {
        return nodeToStatus;
    }

    /** The plugins that rejected the pod; the events that can help it depend on them. */
    public Set<String> unschedulablePlugins() {
        return Collections.unmodifiableSet(unschedulablePlugins);
    }

    public String preFilterMessage() {
        return preFilterMessage;
    }

    public String postFilterMessage() {
        return postFilterMessage;
    }

    /** Records the PostFilter's (preemption's) message, which ends the FailedScheduling message. */
    public void setPostFilterMessage(String message) {
        this.postFilterMessage = message == null ? "" : message;
    }

    void setPreFilterMessage(String message) {
        this.preFilterMessage = message == null ? "" : message;
    }

    void addUnschedulablePlugins(Set<String> plugins) {
        unschedulablePlugins.addAll(plugins);
    }

    /** Records the status's plugin as a rejector when the status is a rejection. */
    void addPluginStatus(Status status) {
        if (!status.plugin().isEmpty() && status.isRejected()) {
            unschedulablePlugins.add(status.plugin());
        }
    }
}
