package io.skiff.kubelet.node;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.skiff.component.client.KubeClient;
import java.time.Duration;
import java.util.Optional;

/** {@link NodeApi} through the API server. */
final class ClientNodeApi implements NodeApi {

    private final KubeClient client;
    private final Duration timeout;

    ClientNodeApi(KubeClient client, Duration timeout) {
        this.client = client;
        this.timeout = timeout;
    }

    @Override
    public Node createNode(Node node) {
        return client.nodes().create(null, node).block(timeout);
    }

    @Override
    public Optional<Node> getNode(String name) {
        return Optional.ofNullable(client.nodes().find(null, name).block(timeout));
    }

    @Override
    public Node updateNode(Node node) {
        return client.nodes().update(node).block(timeout);
    }

    @Override
    public Node updateNodeStatus(Node node) {
        return client.nodes().updateStatus(node).block(timeout);
    }

    @Override
    public Optional<Lease> getLease(String namespace, String name) {
        return Optional.ofNullable(
                client.resources(Lease.class).find(namespace, name).block(timeout));
    }

    @Override
    public Lease createLease(Lease lease) {
        return client.resources(Lease.class).create(lease).block(timeout);
    }

    @Override
    public Lease updateLease(Lease lease) {
        return client.resources(Lease.class).update(lease).block(timeout);
    }
}
