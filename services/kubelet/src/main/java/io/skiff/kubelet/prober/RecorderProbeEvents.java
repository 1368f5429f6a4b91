package io.skiff.kubelet.prober;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EphemeralContainer;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.skiff.component.events.EventRecorder;
import io.skiff.component.events.EventType;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records probe events about the container, as Kubernetes' prober does (GenerateContainerRef): the
 * involved object is the pod with fieldPath {@code spec.containers{name}} (or {@code
 * spec.initContainers{name}} for a sidecar).
 */
public final class RecorderProbeEvents implements ProbeEvents {

    private static final Logger log = LoggerFactory.getLogger(RecorderProbeEvents.class);

    private final EventRecorder recorder;

    public RecorderProbeEvents(EventRecorder recorder) {
        this.recorder = recorder;
    }

    @Override
    public void warning(Pod pod, Container container, String reason, String message) {
        String fieldPath = fieldPath(pod.getSpec(), container.getName());
        if (fieldPath == null) {
            log.error(
                    "Can't make a ref to pod {}/{} and container {}",
                    pod.getMetadata().getNamespace(),
                    pod.getMetadata().getName(),
                    container.getName());
            return;
        }
        ObjectReference reference = new ObjectReference(
                pod.getApiVersion() == null ? "v1" : pod.getApiVersion(),
                fieldPath,
                "Pod",
                pod.getMetadata().getName(),
                pod.getMetadata().getNamespace(),
                pod.getMetadata().getResourceVersion(),
                pod.getMetadata().getUid());
        recorder.event(reference, EventType.WARNING, reason, "%s", message);
    }

    static String fieldPath(PodSpec spec, String containerName) {
        String path = find(spec.getContainers(), containerName, "spec.containers");
        if (path == null) {
            path = find(spec.getInitContainers(), containerName, "spec.initContainers");
        }
        if (path == null) {
            path = find(
                    spec.getEphemeralContainers(),
                    containerName,
                    "spec.ephemeralContainers",
                    EphemeralContainer::getName);
        }
        return path;
    }

    private static String find(List<Container> containers, String name, String field) {
        return find(containers, name, field, Container::getName);
    }

    private static <T> String find(List<T> containers, String name, String field, Function<T, String> nameOf) {
        if (containers == null) {
            return null;
        }
        for (int i = 0; i < containers.size(); i++) {
            String here = nameOf.apply(containers.get(i));
            if (name.equals(here)) {
                return here.isEmpty() ? field + "[" + i + "]" : field + "{" + here + "}";
            }
        }
        return null;
    }
}
