package io.skiff.component.runtime;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.skiff.component.client.KubeClient;
import io.skiff.component.client.ResourceClient;
import io.skiff.component.leaderelection.LeaseLock;
import reactor.core.publisher.Mono;

/** The leader-election lock as a {@code coordination.k8s.io/v1} Lease, through the API client. */
public final class ClientLeaseLock implements LeaseLock {

    private final ResourceClient<Lease> leases;
    private final String identity;
    private final String namespace;
    private final String name;

    public ClientLeaseLock(KubeClient client, String identity, String namespace, String name) {
        this.leases = client.resources(Lease.class);
        this.identity = identity;
        this.namespace = namespace;
        this.name = name;
    }

    @Override
    public String identity() {
        return identity;
    }

    @Override
    public String namespace() {
        return namespace;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Mono<Lease> get() {
        return leases.get(namespace, name);
    }

    @Override
    public Mono<Lease> create(Lease lease) {
        return leases.create(namespace, lease);
    }

    @Override
    public Mono<Lease> update(Lease lease) {
        return leases.update(lease);
    }
}
