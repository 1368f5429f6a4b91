package io.skiff.controllermanager.endpoints;

import io.fabric8.kubernetes.api.model.Endpoints;
import reactor.core.publisher.Mono;

/** The Endpoints controller's writes, apart from the sync so that tests run it on fixtures. */
interface EndpointsWriter {

    Mono<Endpoints> create(Endpoints endpoints);

    /** Replaces the Endpoints, conditional on its resourceVersion. */
    Mono<Endpoints> update(Endpoints endpoints);

    /** Deletes them; 404 when already gone. */
    Mono<Void> delete(String namespace, String name);
}
