package io.skiff.scheduler.framework;

import io.fabric8.kubernetes.api.model.Pod;

/** Informational: called after a successful bind, e.g. to clean up. */
public interface PostBind extends Plugin {

    void postBind(CycleState state, Pod pod, String nodeName);
}
