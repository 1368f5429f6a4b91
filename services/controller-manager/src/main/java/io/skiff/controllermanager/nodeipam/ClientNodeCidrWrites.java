package io.skiff.controllermanager.nodeipam;

import io.fabric8.kubernetes.api.model.Node;
import io.skiff.component.client.KubeClient;
import io.skiff.component.client.Patch;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Mono;

/** {@link NodeCidrWrites} through the API server, the patch nodeutil.PatchNodeCIDRs sends. */
final class ClientNodeCidrWrites implements NodeCidrWrites {

    private final KubeClient client;

    ClientNodeCidrWrites(KubeClient client) {
        this.client = client;
    }

    @Override
    public Mono<Node> patchPodCidrs(String node, List<String> cidrs) {
        Map<String, Object> patch = Map.of("spec", Map.of("podCIDR", cidrs.get(0), "podCIDRs", cidrs));
        return client.nodes().patch(null, node, Patch.strategicMerge(patch));
    }
}
