package io.skiff.controllermanager.endpointslice;

import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.skiff.component.client.KubeClient;
import io.skiff.component.client.ResourceClient;
import reactor.core.publisher.Mono;

/** {@link EndpointSliceWriter} through the API server. */
final class ClientEndpointSliceWriter implements EndpointSliceWriter {

    private final ResourceClient<EndpointSlice> slices;

    ClientEndpointSliceWriter(KubeClient client) {
        this.slices = client.resources(EndpointSlice.class);
    }

    @Override
    public Mono<EndpointSlice> create(EndpointSlice slice) {
        return slices.create(slice);
    }

    @Override
    public Mono<EndpointSlice> update(EndpointSlice slice) {
        return slices.update(slice);
    }

    @Override
    public Mono<Void> delete(String namespace, String name) {
        return slices.delete(namespace, name);
    }
}
