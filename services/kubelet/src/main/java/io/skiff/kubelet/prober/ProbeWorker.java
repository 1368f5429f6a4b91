package io.skiff.kubelet.prober;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.skiff.model.time.KubeTimes;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Probes one container of one pod for one probe type, periodically, until the pod finishes or the
 * worker is stopped (Kubernetes' prober worker).
 *
 * <p>Each round ({@link #doProbe}) reads the pod's latest status: a new container ID resets the
 * result to the type's initial one and resumes a worker on hold; a container that is not running
 * fails; nothing is probed during initialDelaySeconds, liveness and readiness wait until the
 * container started (its startup probe succeeded) and startup stops once it has. A verdict changes
 * the result only after successThreshold (failureThreshold) of them in a row; a liveness or startup
 * failure puts the worker on hold until the container is replaced.
 *
 * <p>Rounds run on a ticker of periodSeconds. A kubelet that started less than a period ago first
 * waits a random part of the period, so probes restarted together do not all fire at once. A
 * round that outlasts a period is followed at once by one more (the ticker's buffered tick), and a
 * manual trigger runs a round early.
 */
final class ProbeWorker {

    private static final Logger log = LoggerFactory.getLogger(ProbeWorker.class);

    private final ProbeManager manager;
    private final Pod pod;
    private final String podUid;
    private final Container container;
    private final ProbeType type;
    private final ProbeSettings settings;
    private final ProbeMetrics.WorkerMeters meters;

    // probing state: only the round in progress changes it
    private volatile String containerId;
    private ProbeResult lastResult;
    private int resultRun;
    private boolean onHold;

    // scheduling state, guarded by this
    private boolean stopped;
    private boolean finished;
    private boolean running;
    private boolean triggered;
    private Instant nextTick;
    private ProbeScheduler.Cancellable pending;

    ProbeWorker(ProbeManager manager, Pod pod, Container container, ProbeType type, ProbeMetrics.WorkerMeters meters) {
        this.manager = manager;
        this.pod = pod;
        this.podUid = pod.getMetadata().getUid();
        this.container = container;
        this.type = type;
        this.settings = ProbeSettings.of(type.probeOf(container));
        this.meters = meters;
    }

    /** The container this worker currently probes, once it saw one. */
    Optional<String> containerId() {
        return Optional.ofNullable(containerId);
    }

    /** Starts the ticker, after the random delay when the kubelet started less than a period ago. */
    synchronized void start() {
        Duration period = settings.period();
        Duration sinceStart =
                Duration.between(manager.startedAt(), manager.scheduler().now());
        Duration delay = period.compareTo(sinceStart) > 0
                ? Duration.ofNanos((long) (manager.random().getAsDouble() * period.toNanos()))
                : Duration.ZERO;
        pending = manager.scheduler().schedule(delay, this::round);
    }

    /** Runs a round now, or right after the one in progress (Kubernetes' manual trigger channel). */
    synchronized void trigger() {
        if (stopped || nextTick == null) {
            return;
        }
        if (running) {
            triggered = true;
            return;
        }
        if (pending != null) {
            pending.cancel();
        }
        pending = manager.scheduler().schedule(Duration.ZERO, this::round);
    }

    /** Stops probing; the worker forgets its result and leaves the manager. Safe to call more than once. */
    void stop() {
        synchronized (this) {
            if (stopped) {
                return;
            }
            stopped = true;
            if (running) {
                return; // the round in progress finishes up
            }
            if (pending != null) {
                pending.cancel();
            }
        }
        finish();
    }

    private void round() {
        synchronized (this) {
            if (stopped) {
                return;
            }
            running = true;
            triggered = false;
            pending = null;
            Instant now = manager.scheduler().now();
            if (nextTick == null) {
                nextTick = now.plus(settings.period());
            }
            while (!nextTick.isAfter(now)) {
                nextTick = nextTick.plus(settings.period());
            }
        }
        boolean keepGoing = doProbeSafely();
        synchronized (this) {
            running = false;
            if (keepGoing && !stopped) {
                Instant now = manager.scheduler().now();
                Duration wait = triggered || !nextTick.isAfter(now) ? Duration.ZERO : Duration.between(now, nextTick);
                pending = manager.scheduler().schedule(wait, this::round);
                return;
            }
            stopped = true;
        }
        finish();
    }

    private void finish() {
        synchronized (this) {
            if (finished) {
                return;
            }
            finished = true;
        }
        if (containerId != null) {
            manager.results().remove(type, containerId);
        }
        manager.removeWorker(this);
        meters.remove();
    }

    private boolean doProbeSafely() {
        try {
            return doProbe();
        } catch (RuntimeException e) {
            log.error(
                    "{} probe worker of {}/{} container {} failed", type, namespace(), name(), container.getName(), e);
            return true;
        }
    }

    /** One round; false when the worker should stop. */
    boolean doProbe() {
        Instant startedAt = manager.scheduler().now();
        Optional<PodStatus> found = manager.statuses().podStatus(podUid);
        if (found.isEmpty()) {
            // Either the pod has not been created yet, or it was already deleted.
            return true;
        }
        PodStatus status = found.get();
        if ("Failed".equals(status.getPhase()) || "Succeeded".equals(status.getPhase())) {
            return false;
        }
        ContainerStatus current = containerStatus(status);
        if (current == null) {
            // Either the container has not been created yet, or it was deleted.
            return true;
        }
        if (!current.getContainerID().equals(containerId)) {
            if (containerId != null) {
                manager.results().remove(type, containerId);
            }
            containerId = current.getContainerID();
            setResult(type.initialResult());
            // A new container: resume probing.
            onHold = false;
        }
        if (onHold) {
            return true;
        }
        if (current.getState() == null || current.getState().getRunning() == null) {
            setResult(ProbeResult.FAILURE);
            // Stop if the container will not be restarted.
            boolean terminated =
                    current.getState() != null && current.getState().getTerminated() != null;
            return !terminated || !"Never".equals(pod.getSpec().getRestartPolicy());
        }
        if (pod.getMetadata().getDeletionTimestamp() != null
                && (type == ProbeType.LIVENESS || type == ProbeType.STARTUP)) {
            // The pod is shutting down: a last success keeps the container from being restarted.
            setResult(ProbeResult.SUCCESS);
            return false;
        }
        Optional<Instant> runningSince =
                KubeTimes.parse(current.getState().getRunning().getStartedAt());
        if (runningSince.isPresent()
                && Duration.between(runningSince.get(), startedAt).toMillis() / 1000 < settings.initialDelaySeconds()) {
            return true;
        }
        boolean started = manager.isContainerStarted(podUid, current);
        if (started == (type == ProbeType.STARTUP)) {
            // Startup probes stop once the container started; the others wait for it.
            return true;
        }

        ProbeResult result;
        try {
            result = manager.prober().probe(type, pod, status, container, containerId);
        } catch (ProbeActionException e) {
            // The probe could not run: its result is thrown away.
            return true;
        }
        meters.record(result, Duration.between(startedAt, manager.scheduler().now()));

        if (result == lastResult) {
            resultRun++;
        } else {
            lastResult = result;
            resultRun = 1;
        }
        if ((result == ProbeResult.FAILURE && resultRun < settings.failureThreshold())
                || (result == ProbeResult.SUCCESS && resultRun < settings.successThreshold())) {
            // Below the threshold: the result stays as it was.
            return true;
        }
        setResult(result);
        if ((type == ProbeType.LIVENESS || type == ProbeType.STARTUP) && result == ProbeResult.FAILURE) {
            // The container will be restarted: wait for the new one rather than probe one being stopped.
            onHold = true;
            resultRun = 0;
        }
        return true;
    }

    private void setResult(ProbeResult result) {
        manager.results().set(type, containerId, result, podUid, container.getName());
    }

    /** The container's status among the app containers, else among the init containers (sidecars). */
    private ContainerStatus containerStatus(PodStatus status) {
        ContainerStatus found = byName(status.getContainerStatuses());
        return found != null ? found : byName(status.getInitContainerStatuses());
    }

    private ContainerStatus byName(List<ContainerStatus> statuses) {
        if (statuses == null) {
            return null;
        }
        for (ContainerStatus status : statuses) {
            if (container.getName().equals(status.getName())) {
                return status.getContainerID() == null
                                || status.getContainerID().isEmpty()
                        ? null
                        : status;
            }
        }
        return null;
    }

    private String namespace() {
        return pod.getMetadata().getNamespace();
    }

    private String name() {
        return pod.getMetadata().getName();
    }
}
