package io.skiff.controllermanager.disruption;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import reactor.core.publisher.Mono;

/** The writes the disruption controller makes, for fixtures in tests. */
interface DisruptionWrites {

    /**
     * Replaces the budget's status through its status subresource; the budget's resourceVersion is
     * the precondition (409 Conflict when it changed).
     */
    Mono<PodDisruptionBudget> updateBudgetStatus(PodDisruptionBudget budget);

    /** Replaces the pod's status through its status subresource, with its resourceVersion as precondition. */
    Mono<Pod> updatePodStatus(Pod pod);
}
