package io.skiff.controllermanager.deployment;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.skiff.controllermanager.testing.PodMaker;
import java.time.Instant;

/**
 * Deployment "web" in "default" as the API server would have defaulted it: selecting app=web,
 * RollingUpdate 25%/25%, revisionHistoryLimit 10, progressDeadlineSeconds 600, image nginx:1.
 */
final class DeploymentMaker {

    static final Instant NOW = PodMaker.NOW;
    static final String UID = "uid-deploy-web";

    private final DeploymentBuilder deployment;

    private DeploymentMaker(int replicas) {
        deployment = new DeploymentBuilder()
                .withNewMetadata()
                .withNamespace("default")
                .withName("web")
                .withUid(UID)
                .withGeneration(1L)
                .withResourceVersion("1")
                .withCreationTimestamp(NOW.minusSeconds(7200).toString())
                .endMetadata()
                .withNewSpec()
                .withReplicas(replicas)
                .withNewSelector()
                .addToMatchLabels("app", "web")
                .endSelector()
                .withNewStrategy()
                .withType("RollingUpdate")
                .withNewRollingUpdate()
                .withMaxSurge(new IntOrString("25%"))
                .withMaxUnavailable(new IntOrString("25%"))
                .endRollingUpdate()
                .endStrategy()
                .withRevisionHistoryLimit(10)
                .withProgressDeadlineSeconds(600)
                .withNewTemplate()
                .withNewMetadata()
                .addToLabels("app", "web")
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("web")
                .withImage("nginx:1")
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec();
    }

    static DeploymentMaker web(int replicas) {
        return new DeploymentMaker(replicas);
    }

    DeploymentMaker image(String image) {
        deployment
                .editSpec()
                .editTemplate()
                .editSpec()
                .editFirstContainer()
                .withImage(image)
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec();
        return this;
    }

    /** Absolute numbers as Integer, percentages as "25%". */
    DeploymentMaker rolling(Object maxSurge, Object maxUnavailable) {
        deployment
                .editSpec()
                .editStrategy()
                .withType("RollingUpdate")
                .withNewRollingUpdate()
                .withMaxSurge(new IntOrString(maxSurge))
                .withMaxUnavailable(new IntOrString(maxUnavailable))
                .endRollingUpdate()
                .endStrategy()
                .endSpec();
        return this;
    }

    DeploymentMaker recreate() {
        deployment
                .editSpec()
                .withNewStrategy()
                .withType("Recreate")
                .endStrategy()
                .endSpec();
        return this;
    }

    DeploymentMaker paused() {
        deployment.editSpec().withPaused(true).endSpec();
        return this;
    }

    DeploymentMaker generation(long generation, long observed) {
        deployment.editMetadata().withGeneration(generation).endMetadata();
        deployment.editOrNewStatus().withObservedGeneration(observed).endStatus();
        return this;
    }

    DeploymentMaker annotation(String key, String value) {
        deployment.editMetadata().addToAnnotations(key, value).endMetadata();
        return this;
    }

    DeploymentMaker templateAnnotation(String key, String value) {
        deployment
                .editSpec()
                .editTemplate()
                .editMetadata()
                .addToAnnotations(key, value)
                .endMetadata()
                .endTemplate()
                .endSpec();
        return this;
    }

    DeploymentMaker revisionHistoryLimit(int limit) {
        deployment.editSpec().withRevisionHistoryLimit(limit).endSpec();
        return this;
    }

    DeploymentMaker progressDeadlineSeconds(Integer seconds) {
        deployment.editSpec().withProgressDeadlineSeconds(seconds).endSpec();
        return this;
    }

    DeploymentMaker minReadySeconds(int seconds) {
        deployment.editSpec().withMinReadySeconds(seconds).endSpec();
        return this;
    }

    DeploymentMaker emptySelector() {
        deployment.editSpec().withNewSelector().endSelector().endSpec();
        return this;
    }

    DeploymentMaker condition(DeploymentCondition condition) {
        deployment.editOrNewStatus().addToConditions(condition).endStatus();
        return this;
    }

    DeploymentMaker statusReplicas(int replicas, int updated, int available) {
        deployment
                .editOrNewStatus()
                .withReplicas(replicas)
                .withUpdatedReplicas(updated)
                .withReadyReplicas(available)
                .withAvailableReplicas(available)
                .endStatus();
        return this;
    }

    DeploymentMaker collisionCount(int count) {
        deployment.editOrNewStatus().withCollisionCount(count).endStatus();
        return this;
    }

    DeploymentMaker deleting() {
        deployment.editMetadata().withDeletionTimestamp(NOW.toString()).endMetadata();
        return this;
    }

    Deployment build() {
        return deployment.build();
    }
}
