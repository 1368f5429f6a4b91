package io.skiff.kubelet.status;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.skiff.kubelet.container.RuntimePod;
import io.skiff.kubelet.cri.ContainerStatus;
import java.util.Optional;

/** Whether a container should run (again), as kubecontainer.ShouldContainerBeRestarted decides. */
public final class RestartPolicies {

    private RestartPolicies() {}

    /**
     * True for a container never started, one in the created or unknown state, and an exited one
     * the pod's restartPolicy restarts (Always; OnFailure after a non-zero exit); never once the pod
     * is being deleted, nor for a running container.
     */
    public static boolean shouldRestart(Container container, Pod pod, RuntimePod runtime) {
        if (pod.getMetadata().getDeletionTimestamp() != null) {
            return false;
        }
        Optional<ContainerStatus> latest = runtime.latest(container.getName());
        if (latest.isEmpty()) {
            return true;
        }
        ContainerStatus status = latest.get();
        return switch (status.state()) {
            case RUNNING -> false;
            case CREATED, UNKNOWN -> true;
            case EXITED ->
                switch (PodPhases.restartPolicy(pod)) {
                    case "Never" -> false;
                    case "OnFailure" -> status.exitCode() != 0;
                    default -> true;
                };
        };
    }
}
