package io.skiff.kubelet.node;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import java.util.Optional;

/** The API calls the node agent makes, for fixtures in tests. Calls block and throw ApiException on failure. */
interface NodeApi {

    Node createNode(Node node);

    Optional<Node> getNode(String name);

    Node updateNode(Node node);

    Node updateNodeStatus(Node node);

    Optional<Lease> getLease(String namespace, String name);

    Lease createLease(Lease lease);

    Lease updateLease(Lease lease);
}
