package io.skiff.controllermanager.nodeipam;

import io.fabric8.kubernetes.api.model.Node;
import java.util.List;

/** A node's spec.podCIDRs, falling back to the older single spec.podCIDR. */
final class NodePodCidrs {

    private NodePodCidrs() {}

    static List<String> of(Node node) {
        if (node.getSpec() == null) {
            return List.of();
        }
        List<String> cidrs = node.getSpec().getPodCIDRs();
        if (cidrs != null && !cidrs.isEmpty()) {
            return List.copyOf(cidrs);
        }
        String single = node.getSpec().getPodCIDR();
        return single == null || single.isEmpty() ? List.of() : List.of(single);
    }
}
