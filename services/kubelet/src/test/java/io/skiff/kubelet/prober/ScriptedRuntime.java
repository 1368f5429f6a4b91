package io.skiff.kubelet.prober;

import io.skiff.kubelet.cri.ContainerConfig;
import io.skiff.kubelet.cri.ContainerStatus;
import io.skiff.kubelet.cri.ExecResult;
import io.skiff.kubelet.cri.PodSandboxConfig;
import io.skiff.kubelet.cri.PodSandboxStatus;
import io.skiff.kubelet.cri.RuntimeService;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/** A runtime that only execs: each execSync returns (or throws) what the test set up, and is logged. */
final class ScriptedRuntime implements RuntimeService {

    final List<String> execs = new CopyOnWriteArrayList<>();
    volatile ExecResult nextExec = new ExecResult(new byte[0], new byte[0], 0, false);
    volatile RuntimeException nextFailure;

    @Override
    public ExecResult execSync(String containerId, List<String> command, Duration timeout) {
        execs.add(containerId + " " + command + " " + timeout);
        if (nextFailure != null) {
            throw nextFailure;
        }
        return nextExec;
    }

    @Override
    public String version() {
        return "scripted://0";
    }

    @Override
    public String runPodSandbox(PodSandboxConfig config) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void stopPodSandbox(String sandboxId) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void removePodSandbox(String sandboxId) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Optional<PodSandboxStatus> podSandboxStatus(String sandboxId) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<PodSandboxStatus> listPodSandboxes() {
        throw new UnsupportedOperationException();
    }

    @Override
    public String createContainer(String sandboxId, ContainerConfig config, PodSandboxConfig sandboxConfig) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void startContainer(String containerId) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void stopContainer(String containerId, Duration timeout) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void removeContainer(String containerId) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void reopenContainerLog(String containerId) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Optional<ContainerStatus> containerStatus(String containerId) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<ContainerStatus> listContainers(String sandboxId) {
        throw new UnsupportedOperationException();
    }
}
