package io.skiff.kubelet.cri;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Pod sandboxes and their containers (CRI RuntimeService). A sandbox holds what a pod's
 * containers share (network, IPC and UTS namespaces, the pod IP); containers are created in a
 * sandbox, started, stopped and removed. Every method is idempotent where CRI's is: stopping a
 * stopped sandbox or removing a removed container succeeds.
 */
public interface RuntimeService {

    /** The runtime's name and version, for NodeStatus.nodeInfo.containerRuntimeVersion ("runc://1.1.5"). */
    String version();

    /** Creates and starts a sandbox (with its network) and returns its id. */
    String runPodSandbox(PodSandboxConfig config);

    /** Stops every container of the sandbox and tears its network down; the sandbox stays listed. */
    void stopPodSandbox(String sandboxId);

    /** Removes a sandbox and its containers; they must be stopped. */
    void removePodSandbox(String sandboxId);

    Optional<PodSandboxStatus> podSandboxStatus(String sandboxId);

    List<PodSandboxStatus> listPodSandboxes();

    /** Creates a container in the sandbox from an image already pulled; returns its id. */
    String createContainer(String sandboxId, ContainerConfig config, PodSandboxConfig sandboxConfig);

    void startContainer(String containerId);

    /** Sends SIGTERM (or the image's stop signal), then SIGKILL after {@code timeout}. */
    void stopContainer(String containerId, Duration timeout);

    void removeContainer(String containerId);

    /**
     * Makes a running container's output go on in a new file at its log path (CRI
     * ReopenContainerLog), after the kubelet's log rotation renamed the old one away. Throws
     * {@link ContainerRuntimeException} ("container is not running") when it does not run.
     */
    void reopenContainerLog(String containerId);

    Optional<ContainerStatus> containerStatus(String containerId);

    /** The containers of one sandbox, or of all sandboxes when {@code sandboxId} is null. */
    List<ContainerStatus> listContainers(String sandboxId);

    /** Runs a command in a running container and waits for it (exec probes and hooks). */
    ExecResult execSync(String containerId, List<String> command, Duration timeout);

    /**
     * Starts a command in a running container with its standard streams attached (CRI's streaming
     * Exec, for {@code kubectl exec}); with {@code tty} its streams are a terminal. Throws {@link
     * ContainerRuntimeException} when the container does not run or the runtime cannot give the
     * command what it asks for; a runtime that cannot stream at all refuses every call.
     */
    default ExecProcess exec(String containerId, List<String> command, boolean tty) {
        throw new ContainerRuntimeException("the " + version() + " runtime cannot stream exec sessions");
    }
}
