package io.skiff.scheduler.framework.helper;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.skiff.model.selector.LabelSelector;
import java.util.Map;

/**
 * The hard node constraints of a pod: its {@code nodeSelector} labels and its required node
 * affinity terms, both of which a node must satisfy (Kubernetes' GetRequiredNodeAffinity).
 */
public final class RequiredNodeAffinity {

    private final LabelSelector labelSelector;
    private final NodeSelectors nodeSelector;

    private RequiredNodeAffinity(LabelSelector labelSelector, NodeSelectors nodeSelector) {
        this.labelSelector = labelSelector;
        this.nodeSelector = nodeSelector;
    }

    public static RequiredNodeAffinity of(Pod pod) {
        Map<String, String> nodeSelector =
                pod.getSpec() == null ? null : pod.getSpec().getNodeSelector();
        LabelSelector labels =
                nodeSelector == null || nodeSelector.isEmpty() ? null : LabelSelector.fromSet(nodeSelector);
        NodeSelectors required = null;
        if (pod.getSpec() != null
                && pod.getSpec().getAffinity() != null
                && pod.getSpec().getAffinity().getNodeAffinity() != null
                && pod.getSpec().getAffinity().getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution()
                        != null) {
            required = NodeSelectors.parse(
                    pod.getSpec().getAffinity().getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution());
        }
        return new RequiredNodeAffinity(labels, required);
    }

    /** Whether the node satisfies the pod's node selector and required node affinity. */
    public boolean matches(Node node) {
        if (labelSelector != null && !labelSelector.matches(node.getMetadata().getLabels())) {
            return false;
        }
        return nodeSelector == null || nodeSelector.matches(node);
    }
}
