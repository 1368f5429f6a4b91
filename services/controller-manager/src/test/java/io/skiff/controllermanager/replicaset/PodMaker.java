package io.skiff.controllermanager.replicaset;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Pods for sync fixtures: Running, not ready, unassigned, created at {@link #NOW} unless told. */
final class PodMaker {

    static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");

    private final PodBuilder pod;
    private final Map<String, String> labels = new HashMap<>();
    private final Map<String, String> annotations = new HashMap<>();

    private PodMaker(String name) {
        pod = new PodBuilder()
                .withNewMetadata()
                .withNamespace("default")
                .withName(name)
                .withUid("uid-" + name)
                .withResourceVersion("1")
                .withCreationTimestamp(NOW.minusSeconds(3600).toString())
                .endMetadata()
                .withNewSpec()
                .endSpec()
                .withNewStatus()
                .withPhase("Running")
                .endStatus();
    }

    static PodMaker pod(String name) {
        return new PodMaker(name).label("app", "web");
    }

    PodMaker label(String key, String value) {
        labels.put(key, value);
        return this;
    }

    PodMaker withoutLabels() {
        labels.clear();
        return this;
    }

    PodMaker annotation(String key, String value) {
        annotations.put(key, value);
        return this;
    }

    PodMaker ownedBy(ReplicaSet replicaSet) {
        pod.editMetadata()
                .withOwnerReferences(OwnerReferences.controllerRef(replicaSet))
                .endMetadata();
        return this;
    }

    PodMaker phase(String phase) {
        pod.editStatus().withPhase(phase).endStatus();
        return this;
    }

    PodMaker node(String node) {
        pod.editSpec().withNodeName(node).endSpec();
        return this;
    }

    PodMaker createdSecondsAgo(long seconds) {
        pod.editMetadata()
                .withCreationTimestamp(NOW.minusSeconds(seconds).toString())
                .endMetadata();
        return this;
    }

    PodMaker readySecondsAgo(long seconds) {
        pod.editStatus()
                .addToConditions(new PodConditionBuilder()
                        .withType("Ready")
                        .withStatus("True")
                        .withLastTransitionTime(NOW.minusSeconds(seconds).toString())
                        .build())
                .endStatus();
        return this;
    }

    PodMaker restarts(int count) {
        pod.editStatus()
                .withContainerStatuses(List.of(new ContainerStatusBuilder()
                        .withName("web")
                        .withRestartCount(count)
                        .build()))
                .endStatus();
        return this;
    }

    PodMaker terminating() {
        pod.editMetadata().withDeletionTimestamp(NOW.toString()).endMetadata();
        return this;
    }

    Pod build() {
        Pod built = pod.build();
        built.getMetadata().setLabels(labels.isEmpty() ? null : new HashMap<>(labels));
        built.getMetadata().setAnnotations(annotations.isEmpty() ? null : new HashMap<>(annotations));
        return built;
    }
}
