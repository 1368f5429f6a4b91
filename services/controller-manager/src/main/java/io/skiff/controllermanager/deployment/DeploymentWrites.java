package io.skiff.controllermanager.deployment;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.skiff.controllermanager.ownership.ControllerClaims;
import java.util.Map;
import reactor.core.publisher.Mono;

/**
 * The writes the deployment controller makes (client-go's RSControlInterface plus the Deployment
 * reads and writes it needs), behind an interface so that syncs can be tested on cache fixtures.
 */
interface DeploymentWrites extends ControllerClaims.Writes {

    /** Creates {@code replicaSet} under its own name; AlreadyExists when the name is taken. */
    Mono<ReplicaSet> createReplicaSet(String namespace, ReplicaSet replicaSet);

    /** Replaces {@code replicaSet} (PUT) with its resourceVersion as precondition. */
    Mono<ReplicaSet> updateReplicaSet(ReplicaSet replicaSet);

    /** Deletes a ReplicaSet; its pods follow through the garbage collector. */
    Mono<Void> deleteReplicaSet(String namespace, String name);

    /** Applies a strategic merge patch to a ReplicaSet (adoption and release). */
    Mono<ReplicaSet> patchReplicaSet(String namespace, String name, Map<String, Object> strategicMergePatch);

    /** Writes {@code deployment}'s status, with its resourceVersion as precondition. */
    Mono<Deployment> updateStatus(Deployment deployment);

    /**
     * Merges {@code annotations} into the Deployment's (the revision annotation), conditional on its
     * resourceVersion. Kubernetes writes it along with the status, which its Deployment status
     * strategy allows; Skiff's status subresource keeps metadata as it is, so the annotation goes
     * through the object itself.
     */
    Mono<Deployment> patchAnnotations(Deployment deployment, Map<String, String> annotations);

    /** Reads the Deployment from the API server, not the cache; empty when it is gone. */
    Mono<Deployment> freshDeployment(String namespace, String name);

    @Override
    default Mono<?> patchOwned(String namespace, String name, Map<String, Object> strategicMergePatch) {
        return patchReplicaSet(namespace, name, strategicMergePatch);
    }

    @Override
    default Mono<? extends HasMetadata> freshOwner(String namespace, String name) {
        return freshDeployment(namespace, name);
    }
}
