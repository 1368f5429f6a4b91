package io.skiff.apiserver.flowcontrol;

import java.util.Map;

/**
 * The UIDs of the stored FlowSchemas and PriorityLevelConfigurations by name, which the filter
 * returns in kube-apiserver's {@code X-Kubernetes-PF-FlowSchema-UID} and
 * {@code X-Kubernetes-PF-PriorityLevel-UID} headers. Read on every request, so an implementation
 * answers from memory.
 */
public interface ConfigurationUids {

    Snapshot current();

    /** Name → uid of each kind of object; a name missing has no header. */
    record Snapshot(Map<String, String> flowSchemas, Map<String, String> priorityLevels) {}

    /** No objects stored: no headers. */
    static ConfigurationUids none() {
        Snapshot empty = new Snapshot(Map.of(), Map.of());
        return () -> empty;
    }
}
