package io.skiff.scheduler.plugins.volumebinding;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.skiff.model.scheduling.NodeSelectors;
import java.util.Map;

/**
 * A bound claim's volume, read once per cycle: missing (the claim points at a volume that does not
 * exist), or present with its required node affinity, if it has one.
 */
record BoundVolume(String claimName, String volumeName, boolean exists, NodeSelectors requiredNodeAffinity) {

    static BoundVolume missing(String claimName, String volumeName) {
        return new BoundVolume(claimName, volumeName, false, null);
    }

    static BoundVolume of(String claimName, PersistentVolume volume) {
        NodeSelectors affinity = null;
        if (volume.getSpec() != null
                && volume.getSpec().getNodeAffinity() != null
                && volume.getSpec().getNodeAffinity().getRequired() != null) {
            affinity = NodeSelectors.parse(volume.getSpec().getNodeAffinity().getRequired());
        }
        return new BoundVolume(claimName, volume.getMetadata().getName(), true, affinity);
    }

    /**
     * Whether the volume may be used on a node with these labels, as Kubernetes' CheckNodeAffinity:
     * matched against the labels alone (a volume's node affinity never sees the node's name fields).
     */
    boolean allowsNodeWithLabels(Map<String, String> labels) {
        if (requiredNodeAffinity == null) {
            return true;
        }
        Node labelsOnly = new NodeBuilder()
                .withNewMetadata()
                .withLabels(labels)
                .endMetadata()
                .build();
        return requiredNodeAffinity.matches(labelsOnly);
    }
}
