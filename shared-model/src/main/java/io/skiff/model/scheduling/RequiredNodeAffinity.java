package io.skiff.model.scheduling;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeSelector;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.skiff.model.selector.LabelSelector;
import java.util.Map;

/**
 * The hard node constraints of a pod: its {@code nodeSelector} labels and its required node
 * affinity terms, both of which a node must satisfy (component-helpers' GetRequiredNodeAffinity).
 * The scheduler filters nodes with it; the DaemonSet controller decides where daemon pods belong.
 */
public final class RequiredNodeAffinity {

    private final LabelSelector labelSelector;
    private final NodeSelectors nodeSelector;

    private RequiredNodeAffinity(LabelSelector labelSelector, NodeSelectors nodeSelector) {
        this.labelSelector = labelSelector;
        this.nodeSelector = nodeSelector;
    }

    public static RequiredNodeAffinity of(Pod pod) {
        return of(pod.getSpec());
    }

    public static RequiredNodeAffinity of(PodSpec spec) {
        Map<String, String> nodeSelector = spec == null ? null : spec.getNodeSelector();
        LabelSelector labels =
                nodeSelector == null || nodeSelector.isEmpty() ? null : LabelSelector.fromSet(nodeSelector);
        NodeSelector required =
                spec == null || spec.getAffinity() == null || spec.getAffinity().getNodeAffinity() == null
                        ? null
                        : spec.getAffinity().getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution();
        return new RequiredNodeAffinity(labels, required == null ? null : NodeSelectors.parse(required));
    }

    /** Whether the node satisfies the pod's node selector and required node affinity. */
    public boolean matches(Node node) {
        if (labelSelector != null && !labelSelector.matches(node.getMetadata().getLabels())) {
            return false;
        }
        return nodeSelector == null || nodeSelector.matches(node);
    }
}
