package io.skiff.controllermanager.servicelb;

import io.fabric8.kubernetes.api.model.Service;
import reactor.core.publisher.Mono;

/** The one write the load-balancer controller makes, behind an interface so syncs run on fixtures. */
interface ServiceStatusWrites {

    /** Replaces the Service's status (PUT on /status, with its resourceVersion as precondition). */
    Mono<Service> updateStatus(Service service);
}
