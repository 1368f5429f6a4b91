package io.skiff.kubelet.pods;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.skiff.component.events.EventType;
import io.skiff.kubelet.container.RuntimePod;
import io.skiff.kubelet.cri.ContainerStatus;
import io.skiff.kubelet.cri.PodSandboxStatus;
import io.skiff.kubelet.cri.RuntimeService;
import io.skiff.kubelet.logs.ContainerLogFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops containers and sandboxes as Kubernetes' killContainer and killPodWithSyncResult do: the
 * Killing event, the preStop hook within the grace period, then the runtime's stop (SIGTERM, SIGKILL
 * once the remaining grace period, at least 2 s, has passed); a pod's containers are stopped in
 * parallel, then its sandboxes.
 */
final class PodKiller {

    private static final Logger log = LoggerFactory.getLogger(PodKiller.class);

    /** minimumGracePeriodInSeconds: containers always get a short window before SIGKILL. */
    static final Duration MINIMUM_GRACE = Duration.ofSeconds(2);

    private static final long DEFAULT_GRACE_SECONDS = 30;

    private final RuntimeService runtime;
    private final LifecycleHooks hooks;
    private final PodEvents events;
    private final Executor executor;
    private final Clock clock;

    PodKiller(RuntimeService runtime, LifecycleHooks hooks, PodEvents events, Executor executor, Clock clock) {
        this.runtime = runtime;
        this.hooks = hooks;
        this.events = events;
        this.executor = executor;
        this.clock = clock;
    }

    /** The pod's deletionGracePeriodSeconds once it is being deleted, else its terminationGracePeriodSeconds. */
    static Duration gracePeriod(Pod pod) {
        Long deletion = pod.getMetadata().getDeletionGracePeriodSeconds();
        if (deletion != null) {
            return Duration.ofSeconds(deletion);
        }
        Long termination = pod.getSpec().getTerminationGracePeriodSeconds();
        return Duration.ofSeconds(termination == null ? DEFAULT_GRACE_SECONDS : termination);
    }

    /**
     * Stops one container of {@code pod} (null for a pod the kubelet no longer knows).
     *
     * @param message the Killing event's message; null for "Stopping container NAME"
     */
    void killContainer(Pod pod, ContainerStatus container, String message) {
        Optional<Container> spec = pod == null ? Optional.empty() : spec(pod, container.name());
        Duration grace = pod == null ? MINIMUM_GRACE : gracePeriod(pod);
        if (spec.isPresent()) {
            events.container(
                    pod,
                    spec.get(),
                    EventType.NORMAL,
                    "Killing",
                    message != null ? message : "Stopping container " + container.name());
            if (spec.get().getLifecycle() != null
                    && spec.get().getLifecycle().getPreStop() != null
                    && !grace.isZero()
                    && !grace.isNegative()) {
                Instant started = clock.instant();
                Optional<String> failure = hooks.run(
                        pod,
                        spec.get(),
                        container.id(),
                        spec.get().getLifecycle().getPreStop(),
                        grace,
                        podIp(pod));
                if (failure.isPresent()) {
                    log.warn(
                            "PreStop hook of container {} in pod {} failed: {}",
                            container.name(),
                            PodNames.key(pod),
                            failure.get());
                    events.container(pod, spec.get(), EventType.WARNING, "FailedPreStopHook", "PreStopHook failed");
                }
                grace = grace.minusSeconds(
                        Duration.between(started, clock.instant()).toSeconds());
            }
        }
        if (grace.compareTo(MINIMUM_GRACE) < 0) {
            grace = MINIMUM_GRACE;
        }
        log.debug("Killing container {} ({}) with a {} grace period", container.name(), container.id(), grace);
        runtime.stopContainer(container.id(), grace);
    }

    /** Stops every running container of the pod in parallel, then every sandbox still ready. */
    void killPod(Pod pod, RuntimePod pods) {
        List<CompletableFuture<Void>> kills = pods.running().stream()
                .map(container -> CompletableFuture.runAsync(() -> killContainer(pod, container, null), executor))
                .toList();
        RuntimeException failure = null;
        for (CompletableFuture<Void> kill : kills) {
            try {
                kill.join();
            } catch (RuntimeException e) {
                failure = e;
            }
        }
        if (failure != null) {
            throw failure;
        }
        for (PodSandboxStatus sandbox : pods.sandboxes()) {
            if (sandbox.state() == PodSandboxStatus.SandboxState.READY) {
                runtime.stopPodSandbox(sandbox.id());
            }
        }
    }

    /** Removes the pod's sandboxes and, with them, its containers; they must be stopped. */
    void removePod(RuntimePod pods) {
        for (PodSandboxStatus sandbox : pods.sandboxes()) {
            runtime.removePodSandbox(sandbox.id());
        }
    }

    /**
     * Keeps one dead instance of each container (the kubelet's container garbage collection with
     * its default of one dead container per container name): older exited instances are removed,
     * with their log files. The newest is kept for the restart count, the last state and the
     * back-off.
     */
    void pruneDeadContainers(Pod pod, RuntimePod pods) {
        List<Container> containers = Stream.concat(
                        orEmpty(pod.getSpec().getInitContainers()).stream(),
                        orEmpty(pod.getSpec().getContainers()).stream())
                .toList();
        for (Container container : containers) {
            pods.named(container.getName()).stream()
                    .filter(c -> c.state() == ContainerStatus.ContainerState.EXITED
                            || c.state() == ContainerStatus.ContainerState.UNKNOWN)
                    .skip(1)
                    .forEach(dead -> {
                        runtime.removeContainer(dead.id());
                        deleteLog(dead);
                    });
        }
    }

    /** The container's log and the files its rotations left. */
    private static void deleteLog(ContainerStatus dead) {
        if (dead.logPath() == null || dead.logPath().isEmpty()) {
            return;
        }
        try {
            ContainerLogFiles.removeAll(Path.of(dead.logPath()));
        } catch (IOException e) {
            log.debug("Cannot delete the log {} of a removed container: {}", dead.logPath(), e.toString());
        }
    }

    /** Removes every container of the pod's init containers: a new sandbox starts initialisation over. */
    void purgeInitContainers(Pod pod, RuntimePod pods) {
        for (Container init : orEmpty(pod.getSpec().getInitContainers())) {
            pods.named(init.getName()).forEach(old -> runtime.removeContainer(old.id()));
        }
    }

    private static String podIp(Pod pod) {
        return pod.getStatus() == null || pod.getStatus().getPodIP() == null
                ? ""
                : pod.getStatus().getPodIP();
    }

    static Optional<Container> spec(Pod pod, String name) {
        return Stream.concat(
                        orEmpty(pod.getSpec().getContainers()).stream(),
                        orEmpty(pod.getSpec().getInitContainers()).stream())
                .filter(c -> c.getName().equals(name))
                .findFirst();
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
