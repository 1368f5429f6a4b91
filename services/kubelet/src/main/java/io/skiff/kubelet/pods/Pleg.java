package io.skiff.kubelet.pods;

import io.skiff.kubelet.cri.ContainerStatus;
import io.skiff.kubelet.cri.PodSandboxStatus;
import io.skiff.kubelet.cri.RuntimeService;
import io.skiff.kubelet.metrics.KubeletMetrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pod lifecycle event generator (Kubernetes' GenericPLEG): relists the runtime's sandboxes and
 * containers and asks for a sync of every pod whose containers or sandboxes appeared, disappeared or
 * changed state since the last relist, so that a container that exits is noticed within a relist
 * period. Also finds runtime objects of pods the kubelet does not know, which their sync removes.
 * It is healthy while its last successful relist is at most {@link #RELIST_THRESHOLD} old, as
 * GenericPLEG.Healthy judges; each relist also counts the running pods and containers.
 */
final class Pleg {

    /** The kubelet's relistThreshold: a PLEG that has not relisted for longer is not healthy. */
    static final Duration RELIST_THRESHOLD = Duration.ofMinutes(3);

    private static final Logger log = LoggerFactory.getLogger(Pleg.class);

    private final RuntimeService runtime;
    private final Consumer<String> syncPod;
    private final KubeletMetrics metrics;
    private final Clock clock;
    private Map<String, Observed> previous = Map.of();
    private Instant lastStart;
    private volatile Instant relistTime;

    /** What a relist saw of one sandbox or container: its pod and its state. */
    private record Observed(String podUid, String state) {}

    /**
     * Whether the PLEG is healthy, with the kubelet's words when it is not.
     *
     * @param lastRelist when the last successful relist began; null before the first one
     */
    record Health(boolean healthy, Instant lastRelist, String message) {}

    Pleg(RuntimeService runtime, Consumer<String> syncPod, KubeletMetrics metrics, Clock clock) {
        this.runtime = runtime;
        this.syncPod = syncPod;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** One relist; never throws (a failed relist is logged and the next one tries again). */
    synchronized void relist() {
        Instant start = clock.instant();
        if (lastStart != null) {
            metrics.plegRelistInterval(Duration.between(lastStart, start));
        }
        lastStart = start;
        try {
            relistOnce(start);
        } catch (RuntimeException e) {
            log.warn("PLEG relist failed: {}", e.toString());
        } finally {
            metrics.plegRelisted(Duration.between(start, clock.instant()));
        }
    }

    /** GenericPLEG.Healthy: the last successful relist began at most {@link #RELIST_THRESHOLD} ago. */
    Health health() {
        Instant last = relistTime;
        if (last == null) {
            return new Health(false, null, "pleg has yet to be successful");
        }
        Duration elapsed = Duration.between(last, clock.instant());
        if (elapsed.compareTo(RELIST_THRESHOLD) > 0) {
            return new Health(
                    false,
                    last,
                    "pleg was last seen active " + GoDurations.format(elapsed) + " ago; threshold is "
                            + GoDurations.format(RELIST_THRESHOLD));
        }
        return new Health(true, last, "");
    }

    private void relistOnce(Instant start) {
        Map<String, Observed> current = new HashMap<>();
        Map<String, String> podOfSandbox = new HashMap<>();
        Set<String> podsWithRunningSandbox = new HashSet<>();
        Map<String, Integer> containersByState = new HashMap<>();
        for (PodSandboxStatus sandbox : runtime.listPodSandboxes()) {
            String uid = sandbox.metadata().uid();
            podOfSandbox.put(sandbox.id(), uid);
            current.put(
                    "sandbox/" + sandbox.id(), new Observed(uid, sandbox.state().name()));
            if (sandbox.state() == PodSandboxStatus.SandboxState.READY) {
                podsWithRunningSandbox.add(uid);
            }
        }
        for (ContainerStatus container : runtime.listContainers(null)) {
            String uid = podOfSandbox.get(container.sandboxId());
            if (uid != null) {
                current.put(
                        "container/" + container.id(),
                        new Observed(uid, container.state().name()));
                containersByState.merge(container.state().name().toLowerCase(Locale.ROOT), 1, Integer::sum);
            }
        }
        relistTime = start;
        metrics.plegLastSeen(start);
        metrics.runtimeSeen(podsWithRunningSandbox.size(), containersByState);
        Set<String> changed = new HashSet<>();
        current.forEach((id, seen) -> {
            if (!Objects.equals(previous.get(id), seen)) {
                changed.add(seen.podUid());
            }
        });
        previous.forEach((id, seen) -> {
            if (!current.containsKey(id)) {
                changed.add(seen.podUid());
            }
        });
        previous = current;
        changed.forEach(syncPod);
    }
}
