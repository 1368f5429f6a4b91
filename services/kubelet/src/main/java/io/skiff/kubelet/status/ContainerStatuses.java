package io.skiff.kubelet.status;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateRunning;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.skiff.kubelet.container.RuntimePod;
import io.skiff.model.time.KubeTimes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The API's container statuses from what the runtime holds (Kubernetes' convertToAPIContainerStatuses):
 * the newest runtime container gives the state, the one before it the last state; containers not
 * created yet wait (ContainerCreating, or PodInitializing while init containers run); containers the
 * kubelet could not start wait with the reason of their last sync (CrashLoopBackOff, ErrImagePull, ...).
 */
final class ContainerStatuses {

    static final String CONTAINER_CREATING = "ContainerCreating";
    static final String POD_INITIALIZING = "PodInitializing";
    static final String STATUS_UNKNOWN = "ContainerStatusUnknown";

    private ContainerStatuses() {}

    /**
     * @param previous the statuses last reported for these containers
     * @param containers the spec's containers (or init containers)
     * @param isInit whether {@code containers} are init containers
     * @param runtimeName the prefix of container IDs ({@code process})
     */
    static List<ContainerStatus> convert(
            Pod pod,
            RuntimePod runtime,
            List<ContainerStatus> previous,
            List<Container> containers,
            boolean isInit,
            WaitingReasons reasons,
            String runtimeName) {
        boolean hasInitContainers = pod.getSpec().getInitContainers() != null
                && !pod.getSpec().getInitContainers().isEmpty();
        String defaultWaitingReason = hasInitContainers ? POD_INITIALIZING : CONTAINER_CREATING;
        Map<String, ContainerStatus> old = new HashMap<>();
        for (ContainerStatus status : previous) {
            old.put(status.getName(), status);
        }

        Map<String, ContainerStatus> statuses = new LinkedHashMap<>();
        for (Container container : containers) {
            ContainerStatus status = new ContainerStatus();
            status.setName(container.getName());
            status.setImage(container.getImage());
            status.setState(waiting(defaultWaitingReason, null));
            status.setRestartCount(0);
            ContainerStatus before = old.get(container.getName());
            if (before != null) {
                if (before.getState() != null && before.getState().getTerminated() != null) {
                    status = new ContainerStatusBuilder(before).build();
                } else {
                    status.setRestartCount(before.getRestartCount());
                    status.setLastState(before.getLastState());
                }
            }
            statuses.put(container.getName(), status);
        }

        for (Container container : containers) {
            if (!runtime.named(container.getName()).isEmpty()) {
                continue;
            }
            ContainerStatus before = old.get(container.getName());
            if (before == null
                    || before.getState() == null
                    || before.getState().getTerminated() != null
                    || before.getState().getRunning() == null) {
                continue;
            }
            // It ran and the runtime no longer knows it: it ended, with an unknown result.
            ContainerStatus status = statuses.get(container.getName());
            boolean defaultWaiting = status.getState().getWaiting() != null
                    && defaultWaitingReason.equals(
                            status.getState().getWaiting().getReason());
            if (!defaultWaiting
                    || (status.getLastState() != null && status.getLastState().getTerminated() != null)) {
                continue;
            }
            ContainerStateTerminated unknown = new ContainerStateTerminated();
            unknown.setReason(STATUS_UNKNOWN);
            unknown.setMessage(
                    "The container could not be located when the pod was deleted.  The container used to be Running");
            unknown.setExitCode(137);
            ContainerState lastState = new ContainerState();
            lastState.setTerminated(unknown);
            status.setLastState(lastState);
            if (pod.getMetadata().getDeletionTimestamp() == null) {
                status.setRestartCount(orZero(status.getRestartCount()) + 1);
            }
        }

        Map<String, Integer> seen = new HashMap<>();
        for (io.skiff.kubelet.cri.ContainerStatus running : runtime.containers()) {
            String name = running.name();
            if (!statuses.containsKey(name) || seen.getOrDefault(name, 0) >= 2) {
                continue;
            }
            ContainerStatus converted = convert(running, statuses.get(name).getImage(), old.get(name), runtimeName);
            if (seen.getOrDefault(name, 0) == 0) {
                statuses.put(name, converted);
            } else {
                statuses.get(name).setLastState(converted.getState());
            }
            seen.merge(name, 1, Integer::sum);
        }

        for (Container container : containers) {
            Optional<io.skiff.kubelet.cri.ContainerStatus> latest = runtime.latest(container.getName());
            if (isInit
                    && latest.isPresent()
                    && latest.get().state() == io.skiff.kubelet.cri.ContainerStatus.ContainerState.EXITED
                    && latest.get().exitCode() == 0) {
                continue;
            }
            if (!RestartPolicies.shouldRestart(container, pod, runtime)) {
                continue;
            }
            Optional<WaitingReasons.Reason> reason =
                    reasons.get(pod.getMetadata().getUid(), container.getName());
            if (reason.isEmpty()) {
                continue;
            }
            ContainerStatus status = statuses.get(container.getName());
            if (status.getState() != null && status.getState().getTerminated() != null) {
                status.setLastState(status.getState());
            }
            status.setState(waiting(reason.get().reason(), reason.get().message()));
        }

        List<ContainerStatus> result = new ArrayList<>(statuses.values());
        if (!isInit) {
            result.sort(Comparator.comparing(ContainerStatus::getName));
        }
        return result;
    }

    private static ContainerStatus convert(
            io.skiff.kubelet.cri.ContainerStatus running, String image, ContainerStatus old, String runtimeName) {
        String containerId = runtimeName + "://" + running.id();
        ContainerStatus status = new ContainerStatus();
        status.setName(running.name());
        status.setRestartCount(running.attempt());
        status.setImage(image);
        status.setImageID(running.image());
        status.setContainerID(containerId);
        ContainerState state = new ContainerState();
        switch (running.state()) {
            case RUNNING -> {
                ContainerStateRunning runningState = new ContainerStateRunning();
                runningState.setStartedAt(time(running.startedAt()));
                state.setRunning(runningState);
            }
            case CREATED -> state.setWaiting(new ContainerStateWaiting());
            case EXITED -> {
                ContainerStateTerminated terminated = new ContainerStateTerminated();
                terminated.setExitCode(running.exitCode());
                terminated.setReason(emptyToNull(running.reason()));
                terminated.setMessage(emptyToNull(running.message()));
                terminated.setStartedAt(time(running.startedAt()));
                terminated.setFinishedAt(time(running.finishedAt()));
                terminated.setContainerID(containerId);
                state.setTerminated(terminated);
            }
            default -> {
                if (old != null && old.getState() != null && old.getState().getRunning() != null) {
                    ContainerStateTerminated unknown = new ContainerStateTerminated();
                    unknown.setReason(STATUS_UNKNOWN);
                    unknown.setMessage("The container could not be located when the pod was terminated");
                    unknown.setExitCode(137);
                    state.setTerminated(unknown);
                    status.setRestartCount(orZero(old.getRestartCount()) + 1);
                } else {
                    state.setWaiting(new ContainerStateWaiting());
                }
            }
        }
        status.setState(state);
        return status;
    }

    static ContainerState waiting(String reason, String message) {
        ContainerStateWaiting waiting = new ContainerStateWaiting();
        waiting.setReason(reason);
        waiting.setMessage(emptyToNull(message));
        ContainerState state = new ContainerState();
        state.setWaiting(waiting);
        return state;
    }

    private static String time(Instant instant) {
        return instant == null ? null : KubeTimes.time(instant);
    }

    private static String emptyToNull(String text) {
        return text == null || text.isEmpty() ? null : text;
    }

    private static int orZero(Integer value) {
        return value == null ? 0 : value;
    }
}
