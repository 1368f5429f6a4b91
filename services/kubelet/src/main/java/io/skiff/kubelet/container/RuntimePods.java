package io.skiff.kubelet.container;

import io.skiff.kubelet.cri.ContainerStatus;
import io.skiff.kubelet.cri.PodSandboxStatus;
import io.skiff.kubelet.cri.RuntimeService;
import java.util.ArrayList;
import java.util.List;

/** Reads pods from the container runtime: a pod's sandboxes by UID, and the containers in them. */
public final class RuntimePods {

    private final RuntimeService runtime;

    public RuntimePods(RuntimeService runtime) {
        this.runtime = runtime;
    }

    /** What the runtime holds of the pod {@code uid} (kuberuntime's GetPodStatus). */
    public RuntimePod pod(String uid) {
        List<PodSandboxStatus> sandboxes = runtime.listPodSandboxes().stream()
                .filter(sandbox -> uid.equals(sandbox.metadata().uid()))
                .toList();
        List<ContainerStatus> containers = new ArrayList<>();
        for (PodSandboxStatus sandbox : sandboxes) {
            containers.addAll(runtime.listContainers(sandbox.id()));
        }
        return new RuntimePod(uid, sandboxes, containers);
    }

    /**
     * The runtime's name in container IDs ({@code process://0a1b...}): what comes before "://" in
     * its version, as Kubernetes takes it from the CRI's RuntimeName.
     */
    public String runtimeName() {
        return runtimeName(runtime.version());
    }

    /** The name part of a runtime version such as {@code runc://1.1.5}. */
    public static String runtimeName(String version) {
        int separator = version.indexOf("://");
        return separator < 0 ? version : version.substring(0, separator);
    }
}
