package io.skiff.scheduler.framework;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.Set;

/** A pod held at Permit; plugins allow or reject it later through this handle. */
public interface WaitingPod {

    Pod pod();

    /** The plugins that asked the pod to wait and have not allowed it yet. */
    Set<String> pendingPlugins();

    /** The named plugin allows the pod; once every waiting plugin did, the pod goes on to bind. */
    void allow(String pluginName);

    /** Rejects the pod: its binding cycle fails as Unschedulable with this message. */
    void reject(String pluginName, String message);
}
