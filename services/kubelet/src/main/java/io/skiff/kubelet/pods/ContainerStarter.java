package io.skiff.kubelet.pods;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.skiff.component.events.EventType;
import io.skiff.kubelet.container.ContainerContext;
import io.skiff.kubelet.container.ContainerEnvironment;
import io.skiff.kubelet.container.ContainerSetup;
import io.skiff.kubelet.container.ContainerSetupException;
import io.skiff.kubelet.container.RuntimePod;
import io.skiff.kubelet.cri.ContainerConfig;
import io.skiff.kubelet.cri.ContainerRuntimeException;
import io.skiff.kubelet.cri.ContainerStatus;
import io.skiff.kubelet.cri.PodSandboxConfig;
import io.skiff.kubelet.cri.RuntimeService;
import io.skiff.kubelet.metrics.KubeletMetrics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Starts one container of a pod (Kubernetes' startContainer with doBackOff): the crash-loop back-off
 * (10 s doubling to 5 min, counted from the last exit, reset once the container ran for 10 min), the
 * image, the environment, create and start with their events (Created, Started, Failed), and the
 * postStart hook. Each failure ends as a {@link ContainerStartException} naming the waiting reason.
 * A start that is not backing off counts in {@code kubelet_started_containers_total}, and its
 * failure in {@code kubelet_started_containers_errors_total} with the reason as code.
 */
final class ContainerStarter {

    private static final Pattern LOG_FILE = Pattern.compile("^(\\d+)\\.log(\\..*)?$");

    private final RuntimeService runtime;
    private final ImagePuller images;
    private final ContainerEnvironment environment;
    private final ContainerConfigs configs;
    private final LifecycleHooks hooks;
    private final PodKiller killer;
    private final PodEvents events;
    private final Backoff crashLoop;
    private final List<String> hostIps;
    private final String nodeName;
    private final KubeletMetrics metrics;

    ContainerStarter(
            RuntimeService runtime,
            ImagePuller images,
            ContainerEnvironment environment,
            ContainerConfigs configs,
            LifecycleHooks hooks,
            PodKiller killer,
            PodEvents events,
            Backoff crashLoop,
            List<String> hostIps,
            String nodeName,
            KubeletMetrics metrics) {
        this.runtime = runtime;
        this.images = images;
        this.environment = environment;
        this.configs = configs;
        this.hooks = hooks;
        this.killer = killer;
        this.events = events;
        this.crashLoop = crashLoop;
        this.hostIps = List.copyOf(hostIps);
        this.nodeName = nodeName;
        this.metrics = metrics;
    }

    /**
     * Starts {@code container} in the sandbox.
     *
     * @throws ContainerStartException when it is backing off or could not be started
     */
    void start(
            Pod pod,
            Container container,
            RuntimePod current,
            String sandboxId,
            PodSandboxConfig sandboxConfig,
            List<String> podIps) {
        checkBackOff(pod, container, current);
        String type =
                PodEvents.isInitContainer(pod, container) ? KubeletMetrics.INIT_CONTAINER : KubeletMetrics.CONTAINER;
        metrics.containerStartAttempted(type);
        try {
            startPastBackOff(pod, container, current, sandboxId, sandboxConfig, podIps);
        } catch (ContainerStartException e) {
            metrics.containerStartFailed(type, e.reason());
            throw e;
        }
    }

    private void startPastBackOff(
            Pod pod,
            Container container,
            RuntimePod current,
            String sandboxId,
            PodSandboxConfig sandboxConfig,
            List<String> podIps) {
        String imageId;
        try {
            imageId = images.ensureImage(pod, container);
        } catch (ContainerStartException e) {
            events.container(pod, container, EventType.WARNING, "Failed", "Error: " + e.reason());
            throw e;
        }

        int attempt = current.latest(container.getName())
                .map(latest -> latest.attempt() + 1)
                .orElseGet(() -> restartCountFromLogs(Path.of(sandboxConfig.logDirectory()), container.getName()));
        ContainerSetup setup;
        try {
            setup = environment.containerSetup(new ContainerContext(pod, container, podIps, hostIps, nodeName));
            Files.createDirectories(Path.of(sandboxConfig.logDirectory(), container.getName()));
        } catch (ContainerSetupException | IOException e) {
            events.container(pod, container, EventType.WARNING, "Failed", "Error: " + e.getMessage());
            throw new ContainerStartException(ContainerStartException.CREATE_CONTAINER_CONFIG_ERROR, e.getMessage());
        }
        ContainerConfig config = configs.build(pod, container, attempt, imageId, setup);

        String id;
        try {
            id = runtime.createContainer(sandboxId, config, sandboxConfig);
        } catch (ContainerRuntimeException e) {
            events.container(pod, container, EventType.WARNING, "Failed", "Error: " + e.getMessage());
            throw new ContainerStartException(ContainerStartException.CREATE_CONTAINER_ERROR, e.getMessage());
        }
        events.container(pod, container, EventType.NORMAL, "Created", "Created container: " + container.getName());
        try {
            runtime.startContainer(id);
        } catch (ContainerRuntimeException e) {
            events.container(pod, container, EventType.WARNING, "Failed", "Error: " + e.getMessage());
            throw new ContainerStartException(ContainerStartException.RUN_CONTAINER_ERROR, e.getMessage());
        }
        events.container(pod, container, EventType.NORMAL, "Started", "Started container " + container.getName());

        if (container.getLifecycle() != null && container.getLifecycle().getPostStart() != null) {
            String podIp = podIps.isEmpty() ? "" : podIps.get(0);
            Optional<String> failure = hooks.run(
                    pod, container, id, container.getLifecycle().getPostStart(), PodKiller.gracePeriod(pod), podIp);
            if (failure.isPresent()) {
                events.container(pod, container, EventType.WARNING, "FailedPostStartHook", "PostStartHook failed");
                runtime.containerStatus(id)
                        .ifPresent(started -> killer.killContainer(pod, started, "FailedPostStartHook"));
                throw new ContainerStartException(ContainerStartException.POST_START_HOOK_ERROR, failure.get());
            }
        }
    }

    /**
     * When the container's crash-loop back-off ends, if it has exited and is backing off now: the
     * moment the kubelet should look at the pod again.
     */
    Optional<Instant> backOffEnd(Pod pod, Container container, RuntimePod current) {
        return lastExit(container, current).flatMap(exited -> crashLoop.backOffEndSince(key(pod, container), exited));
    }

    void forget(String podUid) {
        crashLoop.forgetPrefix(podUid + "/");
    }

    /** doBackOff: a container that exited less than its back-off ago waits (CrashLoopBackOff). */
    private void checkBackOff(Pod pod, Container container, RuntimePod current) {
        Optional<Instant> exited = lastExit(container, current);
        if (exited.isEmpty()) {
            return;
        }
        String key = key(pod, container);
        if (crashLoop.isInBackOffSince(key, exited.get())) {
            events.container(
                    pod,
                    container,
                    EventType.WARNING,
                    "BackOff",
                    "Back-off restarting failed container " + container.getName() + " in pod " + PodNames.format(pod));
            throw new ContainerStartException(
                    ContainerStartException.CRASH_LOOP_BACK_OFF,
                    "back-off " + GoDurations.format(crashLoop.get(key)) + " restarting failed container="
                            + container.getName() + " pod=" + PodNames.format(pod));
        }
        crashLoop.next(key, exited.get());
    }

    /** When the newest exited instance of the container finished. */
    private static Optional<Instant> lastExit(Container container, RuntimePod current) {
        return current.named(container.getName()).stream()
                .filter(c -> c.state() == ContainerStatus.ContainerState.EXITED)
                .findFirst()
                .map(c -> c.finishedAt() != null ? c.finishedAt() : c.createdAt());
    }

    /** The back-off key: the pod, the container and its spec, so that a changed spec starts over. */
    private static String key(Pod pod, Container container) {
        return pod.getMetadata().getUid() + "/" + container.getName() + "/" + Integer.toHexString(container.hashCode());
    }

    /**
     * calcRestartCountByLogDir: with no container left in the runtime (a runtime that lost its state),
     * the next restart count is one past the highest {@code N.log} in the container's log directory.
     */
    static int restartCountFromLogs(Path podLogDirectory, String containerName) {
        Path directory = podLogDirectory.resolve(containerName);
        if (!Files.isDirectory(directory)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(file -> LOG_FILE.matcher(file.getFileName().toString()))
                    .filter(Matcher::matches)
                    .mapToInt(matcher -> {
                        try {
                            return Integer.parseInt(matcher.group(1)) + 1;
                        } catch (NumberFormatException e) {
                            return 0;
                        }
                    })
                    .max()
                    .orElse(0);
        } catch (IOException e) {
            return 0;
        }
    }
}
