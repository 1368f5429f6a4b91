package io.skiff.controllermanager.deployment;

import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.skiff.controllermanager.ownership.OwnerReferences;

/**
 * A ReplicaSet of a Deployment as the controller would have made it for the Deployment's template
 * (or that template with another image): named by its hash, owned, annotated with its revision and
 * the Deployment's size, its pods all ready and available unless told.
 */
final class SetMaker {

    private final Deployment owner;
    private String image;
    private long revision = 1;
    private int replicas;
    private Integer available;
    private long createdSecondsAgo = 3600;
    private boolean owned = true;
    private Integer maxReplicasAnnotation;

    private SetMaker(Deployment owner) {
        this.owner = owner;
    }

    static SetMaker of(Deployment owner) {
        return new SetMaker(owner);
    }

    SetMaker image(String image) {
        this.image = image;
        return this;
    }

    SetMaker revision(long revision) {
        this.revision = revision;
        return this;
    }

    SetMaker replicas(int replicas) {
        this.replicas = replicas;
        return this;
    }

    SetMaker available(int available) {
        this.available = available;
        return this;
    }

    SetMaker createdSecondsAgo(long seconds) {
        this.createdSecondsAgo = seconds;
        return this;
    }

    SetMaker orphan() {
        this.owned = false;
        return this;
    }

    SetMaker maxReplicasAnnotation(int maxReplicas) {
        this.maxReplicasAnnotation = maxReplicas;
        return this;
    }

    ReplicaSet build() {
        PodTemplateSpec template = new PodTemplateSpecBuilder(owner.getSpec().getTemplate()).build();
        if (image != null) {
            template.getSpec().getContainers().get(0).setImage(image);
        }
        String hash = PodTemplates.hash(template, null);
        template.getMetadata().getLabels().put(PodTemplates.HASH_LABEL, hash);
        int desired = Deployments.replicas(owner);
        int maxReplicas =
                maxReplicasAnnotation != null ? maxReplicasAnnotation : desired + RollingParameters.maxSurge(owner);
        int availableReplicas = available == null ? replicas : available;
        ReplicaSetBuilder replicaSet = new ReplicaSetBuilder()
                .withNewMetadata()
                .withNamespace("default")
                .withName("web-" + hash)
                .withUid("uid-web-" + hash)
                .withGeneration(1L)
                .withResourceVersion("10")
                .withCreationTimestamp(
                        DeploymentMaker.NOW.minusSeconds(createdSecondsAgo).toString())
                .addToLabels(template.getMetadata().getLabels())
                .addToAnnotations(DeploymentAnnotations.REVISION, Long.toString(revision))
                .addToAnnotations(DeploymentAnnotations.DESIRED_REPLICAS, Integer.toString(desired))
                .addToAnnotations(DeploymentAnnotations.MAX_REPLICAS, Integer.toString(maxReplicas))
                .endMetadata()
                .withNewSpec()
                .withReplicas(replicas)
                .withNewSelector()
                .addToMatchLabels("app", "web")
                .addToMatchLabels(PodTemplates.HASH_LABEL, hash)
                .endSelector()
                .withTemplate(template)
                .endSpec()
                .withNewStatus()
                .withReplicas(replicas)
                .withReadyReplicas(availableReplicas)
                .withAvailableReplicas(availableReplicas)
                .withObservedGeneration(1L)
                .endStatus();
        if (owned) {
            replicaSet
                    .editMetadata()
                    .withOwnerReferences(OwnerReferences.controllerRef(owner))
                    .endMetadata();
        }
        return replicaSet.build();
    }
}
