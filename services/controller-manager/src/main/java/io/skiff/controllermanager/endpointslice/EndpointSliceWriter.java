package io.skiff.controllermanager.endpointslice;

import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import reactor.core.publisher.Mono;

/** The EndpointSlice controller's writes, apart from the reconciler so that tests run it on fixtures. */
interface EndpointSliceWriter {

    Mono<EndpointSlice> create(EndpointSlice slice);

    Mono<EndpointSlice> update(EndpointSlice slice);

    /** Deletes the slice; 404 when already gone. */
    Mono<Void> delete(String namespace, String name);
}
