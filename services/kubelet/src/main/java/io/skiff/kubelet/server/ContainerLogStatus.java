package io.skiff.kubelet.server;

import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Which container's log a request means, read from the pod's status as Kubernetes' kubelet reads it
 * (validateContainerLogStatus): {@code previous} is the last terminated container
 * ({@code lastState.terminated}); otherwise the running one, else the terminated one, else the last
 * terminated one. So a container waiting in CrashLoopBackOff shows the log of the run that just
 * failed, with or without {@code previous}, and a container that never ran has no log yet.
 */
final class ContainerLogStatus {

    private ContainerLogStatus() {}

    /** The runtime's container ID ({@code runc://<id>}) whose log to read; refusals in the kubelet's words. */
    static String containerId(PodStatus status, String pod, String container, boolean previous) {
        ContainerStatus containerStatus = find(status, container)
                .orElseThrow(() -> refusal("container \"%s\" in pod \"%s\" is not available", container, pod));
        ContainerState state = orEmpty(containerStatus.getState());
        ContainerStateTerminated lastTerminated =
                orEmpty(containerStatus.getLastState()).getTerminated();
        boolean hasLastTerminated = lastTerminated != null && !isEmpty(lastTerminated.getContainerID());
        if (previous) {
            if (!hasLastTerminated) {
                throw refusal("previous terminated container \"%s\" in pod \"%s\" not found", container, pod);
            }
            return lastTerminated.getContainerID();
        }
        if (state.getRunning() != null) {
            return containerStatus.getContainerID();
        }
        if (state.getTerminated() != null) {
            if (!isEmpty(state.getTerminated().getContainerID())) {
                return state.getTerminated().getContainerID();
            }
            if (hasLastTerminated) {
                return lastTerminated.getContainerID();
            }
            throw refusal("container \"%s\" in pod \"%s\" is terminated", container, pod);
        }
        if (lastTerminated != null) {
            if (!hasLastTerminated) {
                throw refusal("container \"%s\" in pod \"%s\" is terminated", container, pod);
            }
            return lastTerminated.getContainerID();
        }
        if (state.getWaiting() != null) {
            String reason = state.getWaiting().getReason();
            String why = switch (reason == null ? "" : reason) {
                case "ErrImagePull" -> "image can't be pulled";
                case "ImagePullBackOff" -> "trying and failing to pull image";
                default -> reason;
            };
            throw refusal("container \"%s\" in pod \"%s\" is waiting to start: %s", container, pod, why);
        }
        throw refusal("container \"%s\" in pod \"%s\" is waiting to start - no logs yet", container, pod);
    }

    private static Optional<ContainerStatus> find(PodStatus status, String container) {
        return Stream.of(
                        status.getContainerStatuses(),
                        status.getInitContainerStatuses(),
                        status.getEphemeralContainerStatuses())
                .flatMap(statuses -> statuses == null ? Stream.empty() : statuses.stream())
                .filter(s -> container.equals(s.getName()))
                .findFirst();
    }

    private static ContainerState orEmpty(ContainerState state) {
        return state == null ? new ContainerState() : state;
    }

    private static boolean isEmpty(String text) {
        return text == null || text.isEmpty();
    }

    private static LogsException refusal(String format, Object... args) {
        return new LogsException(400, format.formatted(args));
    }
}
