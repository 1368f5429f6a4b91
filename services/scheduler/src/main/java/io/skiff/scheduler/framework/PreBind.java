package io.skiff.scheduler.framework;

import io.fabric8.kubernetes.api.model.Pod;

/** Prepares the node for the pod just before binding (e.g. binds volumes); a failure aborts the binding. */
public interface PreBind extends Plugin {

    Status preBind(CycleState state, Pod pod, String nodeName);
}
