package io.skiff.controllermanager.deployment;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;

/**
 * Reading a Deployment's spec the way the controller needs it. The API server defaults every field
 * read here; the fallbacks only matter for objects that bypassed it and match those defaults.
 */
final class Deployments {

    /** progressDeadlineSeconds at this value means "no deadline" (math.MaxInt32 in Kubernetes). */
    static final int NO_DEADLINE = Integer.MAX_VALUE;

    private Deployments() {}

    static int replicas(Deployment deployment) {
        Integer replicas = deployment.getSpec().getReplicas();
        return replicas == null ? 1 : replicas;
    }

    static int minReadySeconds(Deployment deployment) {
        return orZero(deployment.getSpec().getMinReadySeconds());
    }

    static boolean paused(Deployment deployment) {
        return Boolean.TRUE.equals(deployment.getSpec().getPaused());
    }

    /** Whether the deployment reports ProgressDeadlineExceeded once it stops progressing. */
    static boolean hasProgressDeadline(Deployment deployment) {
        Integer deadline = deployment.getSpec().getProgressDeadlineSeconds();
        return deadline != null && deadline != NO_DEADLINE;
    }

    /** Whether old ReplicaSets beyond spec.revisionHistoryLimit are deleted (MaxInt32 keeps all). */
    static boolean hasRevisionHistoryLimit(Deployment deployment) {
        Integer limit = deployment.getSpec().getRevisionHistoryLimit();
        return limit != null && limit != Integer.MAX_VALUE;
    }

    static long generation(Deployment deployment) {
        Long generation = deployment.getMetadata().getGeneration();
        return generation == null ? 0 : generation;
    }

    static DeploymentStatus status(Deployment deployment) {
        return deployment.getStatus() == null ? new DeploymentStatus() : deployment.getStatus();
    }

    static String name(Deployment deployment) {
        return deployment.getMetadata().getName();
    }

    static String namespace(Deployment deployment) {
        return deployment.getMetadata().getNamespace();
    }

    /** A deep copy: cached objects are shared with the informer and every other reader. */
    static Deployment copy(Deployment deployment) {
        return new DeploymentBuilder(deployment).build();
    }

    static int orZero(Integer value) {
        return value == null ? 0 : value;
    }

    static long orZero(Long value) {
        return value == null ? 0 : value;
    }
}
