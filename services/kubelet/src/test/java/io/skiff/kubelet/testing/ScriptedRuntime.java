package io.skiff.kubelet.testing;

import io.skiff.kubelet.cri.ContainerConfig;
import io.skiff.kubelet.cri.ContainerRuntimeException;
import io.skiff.kubelet.cri.ContainerStatus;
import io.skiff.kubelet.cri.ExecResult;
import io.skiff.kubelet.cri.Image;
import io.skiff.kubelet.cri.ImageFsInfo;
import io.skiff.kubelet.cri.ImagePullException;
import io.skiff.kubelet.cri.ImageService;
import io.skiff.kubelet.cri.PodSandboxConfig;
import io.skiff.kubelet.cri.PodSandboxStatus;
import io.skiff.kubelet.cri.RegistryCredentials;
import io.skiff.kubelet.cri.RuntimeService;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A container runtime and image store whose containers do nothing by themselves: a test says when a
 * container exits ({@link #exit}), which images are present and which pulls fail. Every call is
 * recorded ({@link #calls()}); stopping a running container makes it exit with 143, as SIGTERM would.
 */
public final class ScriptedRuntime implements RuntimeService, ImageService {

    private final Clock clock;
    private final Map<String, PodSandboxStatus> sandboxes = new LinkedHashMap<>();
    private final Map<String, ContainerStatus> containers = new LinkedHashMap<>();
    private final Map<String, ContainerConfig> configs = new HashMap<>();
    private final Set<String> images = new HashSet<>();
    private final Map<String, String> failingPulls = new HashMap<>();
    private final List<String> calls = new ArrayList<>();
    private int sequence;
    private int execExitCode;

    public ScriptedRuntime(Clock clock) {
        this.clock = clock;
    }

    // ---- script

    /** The newest container named {@code name} exits now with {@code exitCode}. */
    public synchronized void exit(String name, int exitCode) {
        ContainerStatus running = newest(name).orElseThrow(() -> new IllegalStateException("no container " + name));
        containers.put(running.id(), exited(running, exitCode));
    }

    public synchronized void imagePresent(String image) {
        images.add(image);
    }

    public synchronized void failPulls(String image, String message) {
        failingPulls.put(image, message);
    }

    public synchronized void allowPulls(String image) {
        failingPulls.remove(image);
    }

    public synchronized List<String> calls() {
        return List.copyOf(calls);
    }

    public synchronized void clearCalls() {
        calls.clear();
    }

    public synchronized Optional<ContainerStatus> newest(String name) {
        return containers.values().stream()
                .filter(c -> c.name().equals(name))
                .max(Comparator.comparing(ContainerStatus::createdAt).thenComparingInt(ContainerStatus::attempt));
    }

    public synchronized ContainerConfig config(String containerId) {
        return configs.get(containerId);
    }

    // ---- RuntimeService

    @Override
    public String version() {
        return "scripted://1.0";
    }

    @Override
    public synchronized String runPodSandbox(PodSandboxConfig config) {
        String id = "sandbox-" + (++sequence);
        calls.add("runPodSandbox " + config.metadata().name() + " attempt="
                + config.metadata().attempt());
        sandboxes.put(
                id,
                new PodSandboxStatus(
                        id,
                        config.metadata(),
                        PodSandboxStatus.SandboxState.READY,
                        clock.instant(),
                        List.of("10.244.0.5"),
                        config.labels()));
        return id;
    }

    @Override
    public synchronized void stopPodSandbox(String sandboxId) {
        calls.add("stopPodSandbox");
        PodSandboxStatus sandbox = sandboxes.get(sandboxId);
        if (sandbox != null) {
            for (ContainerStatus container : List.copyOf(containers.values())) {
                if (container.sandboxId().equals(sandboxId)
                        && container.state() == ContainerStatus.ContainerState.RUNNING) {
                    containers.put(container.id(), exited(container, 137));
                }
            }
            sandboxes.put(
                    sandboxId,
                    new PodSandboxStatus(
                            sandboxId,
                            sandbox.metadata(),
                            PodSandboxStatus.SandboxState.NOTREADY,
                            sandbox.createdAt(),
                            List.of(),
                            sandbox.labels()));
        }
    }

    @Override
    public synchronized void removePodSandbox(String sandboxId) {
        calls.add("removePodSandbox");
        sandboxes.remove(sandboxId);
        containers.values().removeIf(c -> c.sandboxId().equals(sandboxId));
    }

    @Override
    public synchronized Optional<PodSandboxStatus> podSandboxStatus(String sandboxId) {
        return Optional.ofNullable(sandboxes.get(sandboxId));
    }

    @Override
    public synchronized List<PodSandboxStatus> listPodSandboxes() {
        return List.copyOf(sandboxes.values());
    }

    @Override
    public synchronized String createContainer(
            String sandboxId, ContainerConfig config, PodSandboxConfig sandboxConfig) {
        calls.add("createContainer " + config.name() + " attempt=" + config.attempt());
        String id = "container-" + (++sequence);
        configs.put(id, config);
        containers.put(
                id,
                new ContainerStatus(
                        id,
                        sandboxId,
                        config.name(),
                        config.attempt(),
                        ContainerStatus.ContainerState.CREATED,
                        config.image(),
                        clock.instant(),
                        null,
                        null,
                        0,
                        "",
                        "",
                        sandboxConfig.logDirectory() + "/" + config.logPath(),
                        config.labels()));
        return id;
    }

    @Override
    public synchronized void startContainer(String containerId) {
        ContainerStatus created = containers.get(containerId);
        calls.add("startContainer " + created.name());
        containers.put(
                containerId,
                new ContainerStatus(
                        created.id(),
                        created.sandboxId(),
                        created.name(),
                        created.attempt(),
                        ContainerStatus.ContainerState.RUNNING,
                        created.image(),
                        created.createdAt(),
                        clock.instant(),
                        null,
                        0,
                        "",
                        "",
                        created.logPath(),
                        created.labels()));
    }

    @Override
    public synchronized void stopContainer(String containerId, Duration timeout) {
        ContainerStatus container = containers.get(containerId);
        calls.add("stopContainer " + container.name() + " grace=" + timeout.toSeconds() + "s");
        if (container.state() == ContainerStatus.ContainerState.RUNNING) {
            containers.put(containerId, exited(container, 143));
        }
    }

    @Override
    public synchronized void removeContainer(String containerId) {
        ContainerStatus removed = containers.remove(containerId);
        if (removed != null) {
            calls.add("removeContainer " + removed.name());
        }
    }

    @Override
    public synchronized void reopenContainerLog(String containerId) {
        ContainerStatus container = containers.get(containerId);
        if (container == null || container.state() != ContainerStatus.ContainerState.RUNNING) {
            throw new ContainerRuntimeException("container is not running");
        }
        calls.add("reopenContainerLog " + container.name());
    }

    @Override
    public synchronized Optional<ContainerStatus> containerStatus(String containerId) {
        return Optional.ofNullable(containers.get(containerId));
    }

    @Override
    public synchronized List<ContainerStatus> listContainers(String sandboxId) {
        return containers.values().stream()
                .filter(c -> sandboxId == null || c.sandboxId().equals(sandboxId))
                .toList();
    }

    @Override
    public synchronized ExecResult execSync(String containerId, List<String> command, Duration timeout) {
        calls.add("execSync " + containers.get(containerId).name() + " " + String.join(" ", command) + " timeout="
                + timeout.toSeconds() + "s");
        return new ExecResult(
                new byte[0], "hook output".getBytes(java.nio.charset.StandardCharsets.UTF_8), execExitCode, false);
    }

    /** The exit code every later exec ends with. */
    public synchronized void execExitCode(int exitCode) {
        execExitCode = exitCode;
    }

    // ---- ImageService

    @Override
    public synchronized String pullImage(String image, List<RegistryCredentials> credentials) {
        calls.add("pullImage " + image);
        String failure = failingPulls.get(image);
        if (failure != null) {
            throw new ImagePullException(failure, false, null);
        }
        images.add(image);
        return "sha256:" + image;
    }

    @Override
    public synchronized Optional<Image> imageStatus(String image) {
        String reference = image.startsWith("sha256:") ? image.substring("sha256:".length()) : image;
        return images.contains(reference)
                ? Optional.of(new Image("sha256:" + reference, List.of(reference), List.of(), 1234, ""))
                : Optional.empty();
    }

    @Override
    public synchronized List<Image> listImages() {
        return images.stream()
                .map(i -> new Image("sha256:" + i, List.of(i), List.of(), 1234, ""))
                .toList();
    }

    @Override
    public synchronized void removeImage(String imageId) {
        images.remove(imageId);
    }

    @Override
    public ImageFsInfo imageFsInfo() {
        return new ImageFsInfo("/", 0, 1, 1);
    }

    private ContainerStatus exited(ContainerStatus running, int exitCode) {
        if (running.state() != ContainerStatus.ContainerState.RUNNING) {
            throw new ContainerRuntimeException("container " + running.name() + " is not running");
        }
        return new ContainerStatus(
                running.id(),
                running.sandboxId(),
                running.name(),
                running.attempt(),
                ContainerStatus.ContainerState.EXITED,
                running.image(),
                running.createdAt(),
                running.startedAt(),
                clock.instant(),
                exitCode,
                exitCode == 0 ? "Completed" : "Error",
                "",
                running.logPath(),
                running.labels());
    }
}
