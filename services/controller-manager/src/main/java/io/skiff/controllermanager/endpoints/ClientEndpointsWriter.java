package io.skiff.controllermanager.endpoints;

import io.fabric8.kubernetes.api.model.Endpoints;
import io.skiff.component.client.KubeClient;
import io.skiff.component.client.ResourceClient;
import reactor.core.publisher.Mono;

/** {@link EndpointsWriter} through the API server. */
final class ClientEndpointsWriter implements EndpointsWriter {

    private final ResourceClient<Endpoints> endpoints;

    ClientEndpointsWriter(KubeClient client) {
        this.endpoints = client.resources(Endpoints.class);
    }

    @Override
    public Mono<Endpoints> create(Endpoints created) {
        return endpoints.create(created);
    }

    @Override
    public Mono<Endpoints> update(Endpoints updated) {
        return endpoints.update(updated);
    }

    @Override
    public Mono<Void> delete(String namespace, String name) {
        return endpoints.delete(namespace, name);
    }
}
