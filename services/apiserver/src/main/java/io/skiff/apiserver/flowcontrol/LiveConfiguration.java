package io.skiff.apiserver.flowcontrol;

import java.util.List;
import java.util.Map;

/**
 * The flow schemas requests are classified by, and the UIDs of the objects that define them, which
 * the filter returns in kube-apiserver's {@code X-Kubernetes-PF-FlowSchema-UID} and
 * {@code X-Kubernetes-PF-PriorityLevel-UID} headers. Read on every request, so an implementation
 * answers from memory.
 */
public interface LiveConfiguration {

    Snapshot current();

    /**
     * @param schemas in matching order (precedence, then name)
     * @param flowSchemaUids name → uid of each stored FlowSchema; a name missing has no header
     * @param priorityLevelUids name → uid of each stored PriorityLevelConfiguration
     */
    record Snapshot(
            List<FlowSchema> schemas, Map<String, String> flowSchemaUids, Map<String, String> priorityLevelUids) {}

    /** The built-in schemas, no objects stored: no headers. */
    static LiveConfiguration builtin() {
        Snapshot builtin = new Snapshot(DefaultFlowSchemas.all(), Map.of(), Map.of());
        return () -> builtin;
    }
}
