package io.skiff.kubelet.pods;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.skiff.component.controller.Reconciler;
import io.skiff.component.controller.Result;
import io.skiff.component.events.EventType;
import io.skiff.kubelet.container.ContainerEnvironment;
import io.skiff.kubelet.container.ContainerSetupException;
import io.skiff.kubelet.container.RuntimePod;
import io.skiff.kubelet.container.RuntimePods;
import io.skiff.kubelet.cri.ContainerRuntimeException;
import io.skiff.kubelet.cri.ContainerStatus;
import io.skiff.kubelet.cri.PodSandboxConfig;
import io.skiff.kubelet.cri.PodSandboxStatus;
import io.skiff.kubelet.cri.RuntimeService;
import io.skiff.kubelet.files.FileTrees;
import io.skiff.kubelet.metrics.KubeletMetrics;
import io.skiff.kubelet.staticpods.StaticPods;
import io.skiff.kubelet.status.PodPhases;
import io.skiff.kubelet.status.PodStatusGenerator;
import io.skiff.kubelet.status.PodStatusManager;
import io.skiff.kubelet.status.ProbeResults;
import io.skiff.kubelet.status.WaitingReasons;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One sync of one pod, by UID (the kubelet's SyncPod, SyncTerminatingPod and the cleanup after a
 * pod is gone): a running pod is driven to its spec (sandbox, init containers in order, app
 * containers per restartPolicy); a pod being deleted has its containers stopped within its grace
 * period, its sandbox stopped and removed, its final status written and then its final delete made;
 * a finished pod keeps its stopped containers; a pod gone from the API server (or one the kubelet
 * never knew) has whatever is left of it stopped and removed. Never runs twice at once for a pod.
 */
final class PodSync implements Reconciler<String> {

    private static final Logger log = LoggerFactory.getLogger(PodSync.class);

    /** How soon a pod whose sync failed for another reason than a back-off is tried again. */
    static final Duration ERROR_RETRY = Duration.ofSeconds(10);

    private final DesiredPods desired;
    private final RuntimeService runtime;
    private final RuntimePods runtimePods;
    private final SandboxConfigs sandboxes;
    private final ContainerStarter starter;
    private final ImagePuller images;
    private final PodKiller killer;
    private final ContainerEnvironment environment;
    private final PodStatusGenerator generator;
    private final PodStatusManager statuses;
    private final WaitingReasons reasons;
    private final ProbeResults probes;
    private final PodEvents events;
    private final Clock clock;
    private final List<String> hostIps;
    private final KubeletMetrics metrics;
    private final PodStartupLatencyTracker startup;

    PodSync(
            DesiredPods desired,
            RuntimeService runtime,
            SandboxConfigs sandboxes,
            ContainerStarter starter,
            ImagePuller images,
            PodKiller killer,
            ContainerEnvironment environment,
            PodStatusGenerator generator,
            PodStatusManager statuses,
            WaitingReasons reasons,
            ProbeResults probes,
            PodEvents events,
            Clock clock,
            List<String> hostIps,
            KubeletMetrics metrics,
            PodStartupLatencyTracker startup) {
        this.desired = desired;
        this.runtime = runtime;
        this.runtimePods = new RuntimePods(runtime);
        this.sandboxes = sandboxes;
        this.starter = starter;
        this.images = images;
        this.killer = killer;
        this.environment = environment;
        this.generator = generator;
        this.statuses = statuses;
        this.reasons = reasons;
        this.probes = probes;
        this.events = events;
        this.clock = clock;
        this.hostIps = List.copyOf(hostIps);
        this.metrics = metrics;
        this.startup = startup;
    }

    @Override
    public Result sync(String uid) {
        Optional<DesiredPods.Entry> entry = desired.get(uid);
        RuntimePod current = runtimePods.pod(uid);
        if (entry.isEmpty()) {
            if (!desired.synced()) {
                return Result.requeueAfter(Duration.ofSeconds(1));
            }
            removeOrphan(current);
            return Result.done();
        }
        Pod pod = entry.get().pod();
        if (entry.get().removed()) {
            cleanUp(pod, current);
            return Result.done();
        }
        if (waitsForPreviousStaticPod(pod)) {
            log.debug("Static pod {} ({}) waits for the previous one of its name to stop", PodNames.key(pod), uid);
            return Result.done();
        }
        if (pod.getMetadata().getDeletionTimestamp() != null) {
            terminate(pod, current);
            return Result.done();
        }
        if (isFinished(pod)) {
            finish(pod, current);
            return Result.done();
        }
        return syncRunning(pod, current);
    }

    /**
     * A static pod whose manifest changed starts once the pod of the old manifest (same name, another
     * UID) has stopped and is forgotten (allowStaticPodStart); the forgetting syncs it again.
     */
    private boolean waitsForPreviousStaticPod(Pod pod) {
        if (!StaticPods.isStatic(pod)) {
            return false;
        }
        String uid = pod.getMetadata().getUid();
        return desired
                .staticPods(pod.getMetadata().getNamespace(), pod.getMetadata().getName())
                .stream()
                .anyMatch(other ->
                        other.removed() && !uid.equals(other.pod().getMetadata().getUid()));
    }

    /** A pod that must not run (again): its phase is terminal, in the API or in what the kubelet computed. */
    private boolean isFinished(Pod pod) {
        String apiPhase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        String ownPhase = statuses.podStatus(pod.getMetadata().getUid())
                .map(PodStatus::getPhase)
                .orElse(null);
        return PodPhases.isTerminal(apiPhase) || PodPhases.isTerminal(ownPhase);
    }

    private Result syncRunning(Pod pod, RuntimePod current) {
        String uid = pod.getMetadata().getUid();
        try {
            environment.preparePod(pod);
        } catch (ContainerSetupException e) {
            log.warn("Pod {} cannot start yet: {}", PodNames.key(pod), e.getMessage());
            updateStatus(pod, current, false);
            return Result.requeueAfter(ERROR_RETRY);
        }
        String runtimeName = runtimePods.runtimeName();
        PodActions actions = PodActions.compute(pod, current, probes, runtimeName);
        if (actions.createSandbox() && actions.sandboxId() != null) {
            events.pod(
                    pod, EventType.NORMAL, "SandboxChanged", "Pod sandbox changed, it will be killed and re-created.");
        }
        if (actions.killPod()) {
            killer.killPod(pod, current);
            if (actions.createSandbox()) {
                killer.purgeInitContainers(pod, runtimePods.pod(uid));
            }
        } else {
            for (Map.Entry<ContainerStatus, String> kill :
                    actions.containersToKill().entrySet()) {
                killer.killContainer(pod, kill.getKey(), kill.getValue());
            }
        }
        killer.pruneDeadContainers(pod, runtimePods.pod(uid));

        String sandboxId = actions.sandboxId();
        int attempt = actions.attempt();
        PodSandboxConfig sandboxConfig = sandboxes.build(pod, attempt);
        List<String> podIps = current.ips();
        if (actions.createSandbox()) {
            metrics.podStartAttempted();
            try {
                Files.createDirectories(Path.of(sandboxConfig.logDirectory()));
                sandboxId = runtime.runPodSandbox(sandboxConfig);
            } catch (ContainerRuntimeException | IOException e) {
                metrics.podStartFailed();
                log.warn("Failed to create the sandbox of pod {}: {}", PodNames.key(pod), e.getMessage());
                events.pod(
                        pod,
                        EventType.WARNING,
                        "FailedCreatePodSandBox",
                        "Failed to create pod sandbox: " + e.getMessage());
                updateStatus(pod, runtimePods.pod(uid), false);
                return Result.requeueAfter(ERROR_RETRY);
            }
            podIps = runtime.podSandboxStatus(sandboxId)
                    .map(PodSandboxStatus::ips)
                    .orElse(List.of());
        }
        if (podIps.isEmpty() && Boolean.TRUE.equals(pod.getSpec().getHostNetwork())) {
            podIps = hostIps;
        }

        List<Container> failed = new ArrayList<>();
        boolean sandboxUp = actions.createSandbox() || (!actions.killPod() && sandboxId != null);
        if (sandboxUp) {
            RuntimePod before = runtimePods.pod(uid);
            List<Container> toStart = actions.nextInitContainer() != null
                    ? List.of(actions.nextInitContainer())
                    : actions.containersToStart();
            for (Container container : toStart) {
                if (!start(pod, container, before, sandboxId, sandboxConfig, podIps)) {
                    failed.add(container);
                    if (actions.nextInitContainer() != null) {
                        break;
                    }
                }
            }
        }

        PodStatus status = updateStatus(pod, runtimePods.pod(uid), false);
        if (PodPhases.isTerminal(status.getPhase())) {
            // Finished: stop what is left (the sandbox) and report the pod as terminal.
            RuntimePod done = runtimePods.pod(uid);
            killer.killPod(pod, done);
            updateStatus(pod, runtimePods.pod(uid), true);
            return Result.done();
        }
        return nextLook(pod, failed);
    }

    /** Starts one container; records why it could not start, or forgets the last reason. */
    private boolean start(
            Pod pod,
            Container container,
            RuntimePod current,
            String sandboxId,
            PodSandboxConfig sandboxConfig,
            List<String> podIps) {
        String uid = pod.getMetadata().getUid();
        try {
            starter.start(pod, container, current, sandboxId, sandboxConfig, podIps);
            reasons.remove(uid, container.getName());
            return true;
        } catch (ContainerStartException e) {
            log.debug(
                    "Container {} of pod {} not started: {}: {}",
                    container.getName(),
                    PodNames.key(pod),
                    e.reason(),
                    e.getMessage());
            reasons.put(uid, container.getName(), e.reason(), e.getMessage());
            return false;
        }
    }

    /**
     * When to sync the pod again by itself: when the earliest back-off of a container that could not
     * start ends (so a crash-looping container restarts on time), or after {@link #ERROR_RETRY} for
     * other failures. PLEG relists, the API server's updates and the periodic resync bring it back
     * otherwise.
     */
    private Result nextLook(Pod pod, List<Container> failed) {
        if (failed.isEmpty()) {
            return Result.done();
        }
        Instant now = clock.instant();
        RuntimePod current = runtimePods.pod(pod.getMetadata().getUid());
        Instant next = failed.stream()
                .map(container -> {
                    Optional<Instant> end =
                            starter.backOffEnd(pod, container, current).or(() -> images.backOffEnd(pod, container));
                    return end.orElse(now.plus(ERROR_RETRY));
                })
                .min(Comparator.naturalOrder())
                .orElse(now.plus(ERROR_RETRY));
        Duration delay = Duration.between(now, next);
        return Result.requeueAfter(delay.compareTo(Duration.ofMillis(1)) < 0 ? Duration.ofMillis(1) : delay);
    }

    /**
     * A pod being deleted: stop its containers within the grace period and its sandbox, report its
     * final status, remove the sandbox, and hand the pod to the status manager for the final delete.
     */
    private void terminate(Pod pod, RuntimePod current) {
        killer.killPod(pod, current);
        RuntimePod stopped = runtimePods.pod(pod.getMetadata().getUid());
        updateStatus(pod, stopped, true);
        killer.removePod(stopped);
        environment.cleanUpPod(pod);
        statuses.terminated(pod);
    }

    /** A pod that finished: nothing restarts; its containers stay, stopped, with their statuses. */
    private void finish(Pod pod, RuntimePod current) {
        boolean running = !current.running().isEmpty()
                || current.sandboxes().stream().anyMatch(s -> s.state() == PodSandboxStatus.SandboxState.READY);
        if (running) {
            killer.killPod(pod, current);
            current = runtimePods.pod(pod.getMetadata().getUid());
        }
        environment.podFinished(pod);
        updateStatus(pod, current, true);
    }

    /** The pod is gone from the API server: remove what is left of it and forget it. */
    private void cleanUp(Pod pod, RuntimePod current) {
        String uid = pod.getMetadata().getUid();
        if (!current.isEmpty()) {
            killer.killPod(pod, current);
            killer.removePod(runtimePods.pod(uid));
        }
        deleteLogs(Path.of(sandboxes.logDirectory(pod).toString()));
        environment.cleanUpPod(pod);
        statuses.forget(uid);
        reasons.forget(uid);
        starter.forget(uid);
        images.forget(uid);
        startup.forget(uid);
        desired.forget(uid);
        log.debug("Pod {} ({}) is gone and cleaned up", PodNames.key(pod), uid);
    }

    /** Sandboxes and containers of a pod the kubelet does not know (any more): stop and remove them. */
    private void removeOrphan(RuntimePod current) {
        if (current.isEmpty()) {
            return;
        }
        log.info("Removing sandboxes and containers of unknown pod {}", current.uid());
        killer.killPod(null, current);
        killer.removePod(runtimePods.pod(current.uid()));
    }

    private PodStatus updateStatus(Pod pod, RuntimePod current, boolean podIsTerminal) {
        PodStatus previous = statuses.podStatus(pod.getMetadata().getUid()).orElse(pod.getStatus());
        PodStatus status = generator.generate(pod, current, previous, runtimePods.runtimeName(), podIsTerminal);
        startup.statusGenerated(pod, previous == null ? null : previous.getPhase(), status.getPhase());
        statuses.setPodStatus(pod, status);
        return statuses.podStatus(pod.getMetadata().getUid()).orElse(status);
    }

    private static void deleteLogs(Path directory) {
        try {
            FileTrees.deleteRecursively(directory);
        } catch (IOException e) {
            log.warn("Cannot remove pod log directory {}: {}", directory, e.toString());
        }
    }
}
