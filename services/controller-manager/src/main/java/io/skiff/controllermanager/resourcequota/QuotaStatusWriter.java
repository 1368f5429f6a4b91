package io.skiff.controllermanager.resourcequota;

import io.fabric8.kubernetes.api.model.ResourceQuota;
import reactor.core.publisher.Mono;

/** The one write the resource quota controller makes, for fixtures in tests. */
@FunctionalInterface
interface QuotaStatusWriter {

    /**
     * Replaces the quota's status through its status subresource; its resourceVersion is the
     * precondition (409 Conflict when it changed).
     */
    Mono<ResourceQuota> updateStatus(ResourceQuota quota);
}
