package io.skiff.kubelet.prober;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.micrometer.core.instrument.MeterRegistry;
import io.skiff.kubelet.cri.RuntimeService;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * The kubelet's probes (Kubernetes' prober manager): a worker per container and probe type probes
 * periodically and keeps the latest result per container ID; the status manager reads started and
 * ready from it and the pod workers whether to restart a container.
 *
 * <p>The pod workers call {@link #addPod} on every sync of a running pod (workers already there are
 * kept), {@link #stopLivenessAndStartup} when the pod starts terminating, and {@link #removePod} once
 * it is gone ({@link #cleanupPods} for everything not desired). The status manager asks {@link
 * #started} and {@link #ready} (or {@link #updatePodStatus} on a whole status) and listens to {@link
 * #addListener changes}; the pod workers ask {@link #restartReason} for each running container and
 * sync a pod when its liveness or startup result turns to failure.
 */
public final class ProbeManager implements AutoCloseable {

    private final Prober prober;
    private final PodStatusProvider statuses;
    private final ProbeScheduler scheduler;
    private final ProbeMetrics metrics;
    private final DoubleSupplier random;
    private final AutoCloseable ownedScheduler;
    private final Instant startedAt;
    private final ResultCache results = new ResultCache();
    private final Map<WorkerKey, ProbeWorker> workers = new ConcurrentHashMap<>();

    private record WorkerKey(String podUid, String containerName, ProbeType type) {}

    ProbeManager(
            Prober prober,
            PodStatusProvider statuses,
            ProbeScheduler scheduler,
            ProbeMetrics metrics,
            DoubleSupplier random,
            AutoCloseable ownedScheduler) {
        this.prober = prober;
        this.statuses = statuses;
        this.scheduler = scheduler;
        this.metrics = metrics;
        this.random = random;
        this.ownedScheduler = ownedScheduler;
        this.startedAt = scheduler.now();
    }

    /**
     * A manager that runs exec probes through {@code runtime}, HTTP, TCP and gRPC probes from the
     * node, reads pod statuses from {@code statuses}, records events through {@code events} and
     * metrics in {@code registry}. {@link #close} stops its threads.
     */
    public static ProbeManager create(
            RuntimeService runtime,
            PodStatusProvider statuses,
            ProbeEvents events,
            MeterRegistry registry,
            ProbeNetwork network) {
        ExecutorProbeScheduler scheduler = new ExecutorProbeScheduler(Clock.systemUTC());
        return new ProbeManager(
                new ActionProber(runtime, events, network),
                statuses,
                scheduler,
                new ProbeMetrics(registry),
                () -> ThreadLocalRandom.current().nextDouble(),
                scheduler);
    }

    /** Hears every change of a container's result; register before pods are added. */
    public void addListener(ProbeResultListener listener) {
        results.addListener(listener);
    }

    /**
     * Starts a worker for each probe of the pod's containers and sidecars (init containers with
     * restartPolicy Always) that has none yet. Workers probe the pod as given here: later changes
     * of the pod reach them only through a new pod UID.
     */
    public void addPod(Pod pod) {
        String uid = pod.getMetadata().getUid();
        for (Container container : probedContainers(pod)) {
            for (ProbeType type : List.of(ProbeType.STARTUP, ProbeType.READINESS, ProbeType.LIVENESS)) {
                if (type.probeOf(container) == null) {
                    continue;
                }
                WorkerKey key = new WorkerKey(uid, container.getName(), type);
                ProbeWorker[] created = new ProbeWorker[1];
                workers.computeIfAbsent(key, k -> {
                    created[0] = new ProbeWorker(
                            this, pod, container, type, metrics.forWorker(type, pod, container.getName()));
                    return created[0];
                });
                if (created[0] != null) {
                    created[0].start();
                }
            }
        }
    }

    /** Stops the liveness and startup probes of the pod's app containers: it is terminating. */
    public void stopLivenessAndStartup(Pod pod) {
        String uid = pod.getMetadata().getUid();
        for (Container container : orEmpty(pod.getSpec().getContainers())) {
            for (ProbeType type : List.of(ProbeType.LIVENESS, ProbeType.STARTUP)) {
                ProbeWorker worker = workers.get(new WorkerKey(uid, container.getName(), type));
                if (worker != null) {
                    worker.stop();
                }
            }
        }
    }

    /** Stops every worker of the pod; their results are forgotten. */
    public void removePod(String podUid) {
        workers.forEach((key, worker) -> {
            if (key.podUid().equals(podUid)) {
                worker.stop();
            }
        });
    }

    /** Stops the workers of every pod not in {@code desiredPodUids}. */
    public void cleanupPods(Set<String> desiredPodUids) {
        workers.forEach((key, worker) -> {
            if (!desiredPodUids.contains(key.podUid())) {
                worker.stop();
            }
        });
    }

    /**
     * Whether the running container passed its startup probe: its result is success, or it has no
     * startup probe at all. False while a startup worker has not judged this container yet.
     */
    public boolean started(String podUid, String containerName, String containerId) {
        Optional<ProbeResult> result = results.get(ProbeType.STARTUP, containerId);
        if (result.isPresent()) {
            return result.get() == ProbeResult.SUCCESS;
        }
        return !workers.containsKey(new WorkerKey(podUid, containerName, ProbeType.STARTUP));
    }

    /**
     * Whether the started, running container is ready: its readiness result is success, or it has no
     * readiness probe. A readiness worker without a success yet is asked to probe at once, so a
     * container that just started turns ready without waiting a period.
     */
    public boolean ready(String podUid, String containerName, String containerId) {
        if (results.get(ProbeType.READINESS, containerId).orElse(null) == ProbeResult.SUCCESS) {
            return true;
        }
        ProbeWorker worker = workers.get(new WorkerKey(podUid, containerName, ProbeType.READINESS));
        if (worker == null) {
            return true;
        }
        worker.trigger();
        return false;
    }

    /** The probe a running container failed, which means it must be restarted: liveness, else startup. */
    public Optional<ProbeType> failedProbe(String podUid, String containerName, String containerId) {
        for (ProbeType type : List.of(ProbeType.LIVENESS, ProbeType.STARTUP)) {
            if (results.get(type, containerId).orElse(null) == ProbeResult.FAILURE) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }

    /**
     * Why the running container must be killed and started again, as Kubernetes' Killing event
     * words it ({@code Container web failed liveness probe}); empty to keep it.
     */
    public Optional<String> restartReason(String podUid, String containerName, String containerId) {
        return failedProbe(podUid, containerName, containerId)
                .map(type -> "Container " + containerName + " failed "
                        + type.displayName().toLowerCase(java.util.Locale.ROOT) + " probe");
    }

    /** The current result of the container's readiness probe; empty without one or before it saw the container. */
    public Optional<ProbeResult> readiness(String podUid, String containerName) {
        return current(podUid, containerName, ProbeType.READINESS);
    }

    /** The current result of the container's liveness probe; empty without one or before it saw the container. */
    public Optional<ProbeResult> liveness(String podUid, String containerName) {
        return current(podUid, containerName, ProbeType.LIVENESS);
    }

    /** The current result of the container's startup probe; empty without one or before it saw the container. */
    public Optional<ProbeResult> startup(String podUid, String containerName) {
        return current(podUid, containerName, ProbeType.STARTUP);
    }

    /**
     * Sets started and ready in a pod status the kubelet just computed, as Kubernetes' UpdatePodStatus:
     * a container is started once running and past its startup probe, ready once started, running
     * and past its readiness probe; an init container is ready once it exited 0, a sidecar as an app
     * container. Changes {@code status} in place: pass a copy.
     */
    public void updatePodStatus(Pod pod, PodStatus status) {
        String uid = pod.getMetadata().getUid();
        for (ContainerStatus container : orEmpty(status.getContainerStatuses())) {
            updateStartedAndReady(uid, container);
        }
        List<Container> initContainers = orEmpty(pod.getSpec().getInitContainers());
        for (ContainerStatus container : orEmpty(status.getInitContainerStatuses())) {
            Optional<Container> spec = initContainers.stream()
                    .filter(c -> c.getName().equals(container.getName()))
                    .findFirst();
            if (spec.isEmpty()) {
                continue;
            }
            if (!isSidecar(spec.get())) {
                container.setStarted(isContainerStarted(uid, container));
                if (container.getState() != null
                        && container.getState().getTerminated() != null
                        && Integer.valueOf(0)
                                .equals(container.getState().getTerminated().getExitCode())) {
                    container.setReady(true);
                }
                continue;
            }
            updateStartedAndReady(uid, container);
        }
    }

    private void updateStartedAndReady(String uid, ContainerStatus container) {
        boolean started = isContainerStarted(uid, container);
        container.setStarted(started);
        if (started) {
            container.setReady(ready(uid, container.getName(), container.getContainerID()));
        }
    }

    /** Stops every worker and the manager's threads. */
    @Override
    public void close() {
        new ArrayList<>(workers.values()).forEach(ProbeWorker::stop);
        // a round in progress leaves on its own; the manager forgets it now
        workers.clear();
        if (ownedScheduler != null) {
            try {
                ownedScheduler.close();
            } catch (Exception e) {
                throw new IllegalStateException("cannot stop the prober's threads", e);
            }
        }
    }

    // ---- for the workers ----

    boolean isContainerStarted(String podUid, ContainerStatus status) {
        if (status.getState() == null || status.getState().getRunning() == null) {
            return false;
        }
        return started(podUid, status.getName(), status.getContainerID());
    }

    void removeWorker(ProbeWorker worker) {
        workers.values().remove(worker);
    }

    int workerCount() {
        return workers.size();
    }

    Prober prober() {
        return prober;
    }

    PodStatusProvider statuses() {
        return statuses;
    }

    ProbeScheduler scheduler() {
        return scheduler;
    }

    ResultCache results() {
        return results;
    }

    DoubleSupplier random() {
        return random;
    }

    Instant startedAt() {
        return startedAt;
    }

    private Optional<ProbeResult> current(String podUid, String containerName, ProbeType type) {
        ProbeWorker worker = workers.get(new WorkerKey(podUid, containerName, type));
        if (worker == null) {
            return Optional.empty();
        }
        return worker.containerId().flatMap(id -> results.get(type, id));
    }

    private static List<Container> probedContainers(Pod pod) {
        List<Container> containers = new ArrayList<>(orEmpty(pod.getSpec().getContainers()));
        orEmpty(pod.getSpec().getInitContainers()).stream()
                .filter(ProbeManager::isSidecar)
                .forEach(containers::add);
        return containers;
    }

    /** A restartable init container (restartPolicy Always), which runs beside the app containers. */
    private static boolean isSidecar(Container container) {
        return "Always".equals(container.getRestartPolicy());
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
