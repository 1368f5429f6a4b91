package io.skiff.controllermanager.replicaset;

import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;

/** ReplicaSet "web" in "default", selecting and labelling its pods app=web. */
final class ReplicaSetMaker {

    private ReplicaSetMaker() {}

    static ReplicaSet web(int replicas) {
        return new ReplicaSetBuilder()
                .withNewMetadata()
                .withNamespace("default")
                .withName("web")
                .withUid("uid-rs-web")
                .withGeneration(1L)
                .withResourceVersion("7")
                .endMetadata()
                .withNewSpec()
                .withReplicas(replicas)
                .withNewSelector()
                .addToMatchLabels("app", "web")
                .endSelector()
                .withNewTemplate()
                .withNewMetadata()
                .addToLabels("app", "web")
                .addToLabels("tier", "front")
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("web")
                .withImage("nginx")
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
    }
}
