package io.skiff.controllermanager.nodeipam;

import io.fabric8.kubernetes.api.model.Node;
import java.util.List;
import reactor.core.publisher.Mono;

/** The one write the range allocator makes, behind an interface so syncs run on fixtures. */
interface NodeCidrWrites {

    /** Sets spec.podCIDR and spec.podCIDRs of {@code node} by a strategic merge patch. */
    Mono<Node> patchPodCidrs(String node, List<String> cidrs);
}
