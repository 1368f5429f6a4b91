package io.skiff.kubelet.status;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodReadinessGate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The pod conditions the kubelet owns, as Kubernetes' pkg/kubelet/status/generate.go builds them. */
public final class PodConditions {

    public static final String POD_SCHEDULED = "PodScheduled";
    public static final String READY_TO_START_CONTAINERS = "PodReadyToStartContainers";
    public static final String INITIALIZED = "Initialized";
    public static final String CONTAINERS_READY = "ContainersReady";
    public static final String READY = "Ready";

    /** Conditions only the kubelet sets (kubetypes.PodConditionByKubelet); others are kept as they are. */
    public static final Set<String> OWNED_BY_KUBELET =
            Set.of(POD_SCHEDULED, READY_TO_START_CONTAINERS, INITIALIZED, CONTAINERS_READY, READY);

    static final String UNKNOWN_CONTAINER_STATUSES = "UnknownContainerStatuses";
    static final String POD_COMPLETED = "PodCompleted";
    static final String POD_FAILED = "PodFailed";
    static final String CONTAINERS_NOT_READY = "ContainersNotReady";
    static final String CONTAINERS_NOT_INITIALIZED = "ContainersNotInitialized";
    static final String READINESS_GATES_NOT_READY = "ReadinessGatesNotReady";

    private PodConditions() {}

    /** True once the pod has a ready sandbox: its network is set up and containers can start. */
    static PodCondition readyToStartContainers(boolean sandboxReady) {
        return condition(READY_TO_START_CONTAINERS, sandboxReady, null, null);
    }

    /** GeneratePodInitializedCondition: every init container has succeeded. */
    static PodCondition initialized(Pod pod, List<ContainerStatus> statuses, String phase) {
        List<Container> initContainers = orEmpty(pod.getSpec().getInitContainers());
        List<String> unknown = new ArrayList<>();
        List<String> incomplete = new ArrayList<>();
        for (Container container : initContainers) {
            Optional<ContainerStatus> status = PodPhases.find(statuses, container.getName());
            if (status.isEmpty()) {
                unknown.add(container.getName());
            } else if (!Boolean.TRUE.equals(status.get().getReady())) {
                incomplete.add(container.getName());
            }
        }
        if (PodPhases.SUCCEEDED.equals(phase) && unknown.isEmpty()) {
            return condition(INITIALIZED, true, POD_COMPLETED, null);
        }
        if (PodPhases.anyRegularContainerStarted(pod, statuses)) {
            return condition(INITIALIZED, true, null, null);
        }
        List<String> messages = new ArrayList<>();
        if (!unknown.isEmpty()) {
            messages.add("containers with unknown status: " + goList(unknown));
        }
        if (!incomplete.isEmpty()) {
            messages.add("containers with incomplete status: " + goList(incomplete));
        }
        if (!messages.isEmpty()) {
            return condition(INITIALIZED, false, CONTAINERS_NOT_INITIALIZED, String.join(", ", messages));
        }
        return condition(INITIALIZED, true, null, null);
    }

    /** GenerateContainersReadyCondition: every app container is ready. */
    static PodCondition containersReady(Pod pod, List<ContainerStatus> statuses, String phase) {
        if (statuses == null) {
            return condition(CONTAINERS_READY, false, UNKNOWN_CONTAINER_STATUSES, null);
        }
        List<String> unknown = new ArrayList<>();
        List<String> unready = new ArrayList<>();
        for (Container container : orEmpty(pod.getSpec().getContainers())) {
            Optional<ContainerStatus> status = PodPhases.find(statuses, container.getName());
            if (status.isEmpty()) {
                unknown.add(container.getName());
            } else if (!Boolean.TRUE.equals(status.get().getReady())) {
                unready.add(container.getName());
            }
        }
        if (PodPhases.SUCCEEDED.equals(phase) && unknown.isEmpty()) {
            return condition(CONTAINERS_READY, false, POD_COMPLETED, null);
        }
        if (PodPhases.FAILED.equals(phase)) {
            return condition(CONTAINERS_READY, false, POD_FAILED, null);
        }
        List<String> messages = new ArrayList<>();
        if (!unknown.isEmpty()) {
            messages.add("containers with unknown status: " + goList(unknown));
        }
        if (!unready.isEmpty()) {
            messages.add("containers with unready status: " + goList(unready));
        }
        if (!messages.isEmpty()) {
            return condition(CONTAINERS_READY, false, CONTAINERS_NOT_READY, String.join(", ", messages));
        }
        return condition(CONTAINERS_READY, true, null, null);
    }

    /** GeneratePodReadyCondition: containers ready and every readiness gate's condition True. */
    static PodCondition ready(Pod pod, List<PodCondition> conditions, List<ContainerStatus> statuses, String phase) {
        PodCondition containersReady = containersReady(pod, statuses, phase);
        if (!"True".equals(containersReady.getStatus())) {
            return condition(READY, false, containersReady.getReason(), containersReady.getMessage());
        }
        List<String> messages = new ArrayList<>();
        List<PodReadinessGate> gates = pod.getSpec().getReadinessGates() == null
                ? List.of()
                : pod.getSpec().getReadinessGates();
        for (PodReadinessGate gate : gates) {
            Optional<PodCondition> gateCondition = conditions.stream()
                    .filter(c -> gate.getConditionType().equals(c.getType()))
                    .findFirst();
            if (gateCondition.isEmpty()) {
                messages.add("corresponding condition of pod readiness gate \"" + gate.getConditionType()
                        + "\" does not exist.");
            } else if (!"True".equals(gateCondition.get().getStatus())) {
                messages.add("the status of pod readiness gate \"" + gate.getConditionType()
                        + "\" is not \"True\", but " + gateCondition.get().getStatus());
            }
        }
        if (!messages.isEmpty()) {
            return condition(READY, false, READINESS_GATES_NOT_READY, String.join(", ", messages));
        }
        return condition(READY, true, null, null);
    }

    /** The kubelet always reports its pods as scheduled: they are bound to its node. */
    static PodCondition scheduled() {
        return condition(POD_SCHEDULED, true, null, null);
    }

    /** Go's %s of a []string: {@code [a b]}. */
    static String goList(List<String> names) {
        return "[" + String.join(" ", names) + "]";
    }

    private static PodCondition condition(String type, boolean status, String reason, String message) {
        PodCondition condition = new PodCondition();
        condition.setType(type);
        condition.setStatus(status ? "True" : "False");
        condition.setReason(reason);
        condition.setMessage(message);
        return condition;
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
