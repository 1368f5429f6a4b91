package io.skiff.kubelet.status;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.Optional;

/** A pod's phase from its container statuses, as Kubernetes' getPhase decides it. */
public final class PodPhases {

    public static final String PENDING = "Pending";
    public static final String RUNNING = "Running";
    public static final String SUCCEEDED = "Succeeded";
    public static final String FAILED = "Failed";

    private PodPhases() {}

    /** Succeeded or Failed: the pod's containers will not run again. */
    public static boolean isTerminal(String phase) {
        return SUCCEEDED.equals(phase) || FAILED.equals(phase);
    }

    /**
     * The phase of {@code pod} given every container status (app and init).
     *
     * @param podIsTerminal the kubelet stopped the pod for good (it is being deleted, or finished):
     *     all-stopped containers then mean Succeeded or Failed whatever the restart policy
     */
    public static String of(Pod pod, List<ContainerStatus> statuses, boolean podIsTerminal) {
        int pendingInitialization = 0;
        int failedInitialization = 0;
        for (Container container : orEmpty(pod.getSpec().getInitContainers())) {
            Optional<ContainerStatus> found = find(statuses, container.getName());
            if (found.isEmpty()) {
                pendingInitialization++;
                continue;
            }
            ContainerStatus status = found.get();
            if (status.getState() == null) {
                pendingInitialization++;
            } else if (status.getState().getRunning() != null) {
                pendingInitialization++;
            } else if (status.getState().getTerminated() != null) {
                if (exitCode(status.getState().getTerminated().getExitCode()) != 0) {
                    failedInitialization++;
                }
            } else if (status.getState().getWaiting() != null) {
                if (lastTerminated(status)) {
                    if (exitCode(status.getLastState().getTerminated().getExitCode()) != 0) {
                        failedInitialization++;
                    }
                } else {
                    pendingInitialization++;
                }
            } else {
                pendingInitialization++;
            }
        }

        int unknown = 0;
        int running = 0;
        int waiting = 0;
        int stopped = 0;
        int succeeded = 0;
        for (Container container : orEmpty(pod.getSpec().getContainers())) {
            Optional<ContainerStatus> found = find(statuses, container.getName());
            if (found.isEmpty() || found.get().getState() == null) {
                unknown++;
                continue;
            }
            ContainerStatus status = found.get();
            if (status.getState().getRunning() != null) {
                running++;
            } else if (status.getState().getTerminated() != null) {
                stopped++;
                if (exitCode(status.getState().getTerminated().getExitCode()) == 0) {
                    succeeded++;
                }
            } else if (status.getState().getWaiting() != null) {
                if (lastTerminated(status)) {
                    stopped++;
                } else {
                    waiting++;
                }
            } else {
                unknown++;
            }
        }

        String restartPolicy = restartPolicy(pod);
        if (failedInitialization > 0 && "Never".equals(restartPolicy)) {
            return FAILED;
        }
        if ((pendingInitialization > 0 && !anyRegularContainerStarted(pod, statuses)) || waiting > 0) {
            return PENDING;
        }
        if (running > 0 && unknown == 0) {
            return RUNNING;
        }
        if (running == 0 && stopped > 0 && unknown == 0) {
            if (podIsTerminal) {
                return stopped == succeeded ? SUCCEEDED : FAILED;
            }
            if ("Always".equals(restartPolicy)) {
                return RUNNING;
            }
            if (stopped == succeeded) {
                return SUCCEEDED;
            }
            if ("Never".equals(restartPolicy)) {
                return FAILED;
            }
            return RUNNING;
        }
        return PENDING;
    }

    /** The pod's restartPolicy, Always when unset (the API's default). */
    public static String restartPolicy(Pod pod) {
        String policy = pod.getSpec().getRestartPolicy();
        return policy == null || policy.isEmpty() ? "Always" : policy;
    }

    /** Whether any app container has been running or has run (kubecontainer.HasAnyRegularContainerStarted). */
    static boolean anyRegularContainerStarted(Pod pod, List<ContainerStatus> statuses) {
        for (Container container : orEmpty(pod.getSpec().getContainers())) {
            Optional<ContainerStatus> status = find(statuses, container.getName());
            if (status.isPresent()
                    && status.get().getState() != null
                    && (status.get().getState().getRunning() != null
                            || status.get().getState().getTerminated() != null)) {
                return true;
            }
        }
        return false;
    }

    static Optional<ContainerStatus> find(List<ContainerStatus> statuses, String name) {
        return statuses.stream().filter(s -> name.equals(s.getName())).findFirst();
    }

    private static boolean lastTerminated(ContainerStatus status) {
        return status.getLastState() != null && status.getLastState().getTerminated() != null;
    }

    private static int exitCode(Integer code) {
        return code == null ? 0 : code;
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
