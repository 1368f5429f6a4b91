package io.skiff.controllermanager.testing;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.skiff.controllermanager.ownership.OwnerReferences;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Pods for sync fixtures: Running, not ready, unassigned, created at {@link #NOW} unless told. */
public final class PodMaker {

    public static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");

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

    public static PodMaker pod(String name) {
        return new PodMaker(name).label("app", "web");
    }

    /** {@code pod} changed: the same pod under resourceVersion "2", as an informer's update delivers it. */
    public static Pod newVersion(Pod pod) {
        return new PodBuilder(pod)
                .editMetadata()
                .withResourceVersion("2")
                .endMetadata()
                .build();
    }

    public PodMaker label(String key, String value) {
        labels.put(key, value);
        return this;
    }

    public PodMaker withoutLabels() {
        labels.clear();
        return this;
    }

    public PodMaker annotation(String key, String value) {
        annotations.put(key, value);
        return this;
    }

    public PodMaker ownedBy(HasMetadata owner) {
        pod.editMetadata()
                .withOwnerReferences(OwnerReferences.controllerRef(owner))
                .endMetadata();
        return this;
    }

    public PodMaker phase(String phase) {
        pod.editStatus().withPhase(phase).endStatus();
        return this;
    }

    public PodMaker node(String node) {
        pod.editSpec().withNodeName(node).endSpec();
        return this;
    }

    public PodMaker createdSecondsAgo(long seconds) {
        pod.editMetadata()
                .withCreationTimestamp(NOW.minusSeconds(seconds).toString())
                .endMetadata();
        return this;
    }

    public PodMaker readySecondsAgo(long seconds) {
        pod.editStatus()
                .addToConditions(new PodConditionBuilder()
                        .withType("Ready")
                        .withStatus("True")
                        .withLastTransitionTime(NOW.minusSeconds(seconds).toString())
                        .build())
                .endStatus();
        return this;
    }

    public PodMaker restarts(int count) {
        pod.editStatus()
                .withContainerStatuses(List.of(new ContainerStatusBuilder()
                        .withName("web")
                        .withRestartCount(count)
                        .build()))
                .endStatus();
        return this;
    }

    /** Running at {@code ip} (status.podIP and podIPs), as a kubelet reports it. */
    public PodMaker ip(String ip) {
        pod.editStatus()
                .withPodIP(ip)
                .withPodIPs(new io.fabric8.kubernetes.api.model.PodIP(ip))
                .endStatus();
        return this;
    }

    /** A container port of the pod's one container, e.g. ("http", 8080). */
    public PodMaker containerPort(String name, int port) {
        if (pod.buildSpec().getContainers() == null
                || pod.buildSpec().getContainers().isEmpty()) {
            pod.editSpec().addNewContainer().withName("web").endContainer().endSpec();
        }
        pod.editSpec()
                .editFirstContainer()
                .addNewPort()
                .withName(name)
                .withContainerPort(port)
                .withProtocol("TCP")
                .endPort()
                .endContainer()
                .endSpec();
        return this;
    }

    public PodMaker hostname(String hostname, String subdomain) {
        pod.editSpec().withHostname(hostname).withSubdomain(subdomain).endSpec();
        return this;
    }

    public PodMaker notReady() {
        pod.editStatus()
                .addToConditions(new PodConditionBuilder()
                        .withType("Ready")
                        .withStatus("False")
                        .withLastTransitionTime(NOW.minusSeconds(10).toString())
                        .build())
                .endStatus();
        return this;
    }

    public PodMaker terminating() {
        pod.editMetadata().withDeletionTimestamp(NOW.toString()).endMetadata();
        return this;
    }

    public Pod build() {
        Pod built = pod.build();
        built.getMetadata().setLabels(labels.isEmpty() ? null : new HashMap<>(labels));
        built.getMetadata().setAnnotations(annotations.isEmpty() ? null : new HashMap<>(annotations));
        return built;
    }
}
