package io.skiff.kubelet.pods;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.skiff.component.events.EventRecorder;
import io.skiff.component.events.EventType;

/**
 * The Events the kubelet records about pods and their containers (a container's Events point at its
 * pod with fieldPath {@code spec.containers{name}}, as Kubernetes' GenerateContainerRef makes them).
 */
final class PodEvents {

    private final EventRecorder recorder;

    PodEvents(EventRecorder recorder) {
        this.recorder = recorder;
    }

    void pod(Pod pod, EventType type, String reason, String message) {
        recorder.event(reference(pod, null), type, reason, "%s", message);
    }

    void container(Pod pod, Container container, EventType type, String reason, String message) {
        recorder.event(reference(pod, fieldPath(pod, container)), type, reason, "%s", message);
    }

    /** Whether {@code container} is one of the pod's init containers. */
    static boolean isInitContainer(Pod pod, Container container) {
        return pod.getSpec().getInitContainers() != null
                && pod.getSpec().getInitContainers().stream()
                        .anyMatch(c -> c.getName().equals(container.getName()));
    }

    private static String fieldPath(Pod pod, Container container) {
        return (isInitContainer(pod, container) ? "spec.initContainers{" : "spec.containers{") + container.getName()
                + "}";
    }

    private static ObjectReference reference(Pod pod, String fieldPath) {
        ObjectReference reference = new ObjectReference();
        reference.setApiVersion("v1");
        reference.setKind("Pod");
        reference.setNamespace(pod.getMetadata().getNamespace());
        reference.setName(pod.getMetadata().getName());
        reference.setUid(pod.getMetadata().getUid());
        reference.setResourceVersion(pod.getMetadata().getResourceVersion());
        reference.setFieldPath(fieldPath);
        return reference;
    }
}
