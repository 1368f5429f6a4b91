package io.skiff.controllermanager.pods;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.skiff.model.time.KubeTimes;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What controllers ask of pods (pkg/controller/controller_utils.go and podutil): whether a pod is
 * active, ready, available, and in which order to delete pods when scaling down.
 */
public final class ActivePods {

    /** Pods with a lower cost are deleted first (the PodDeletionCost feature, on by default). */
    public static final String DELETION_COST_ANNOTATION = "controller.kubernetes.io/pod-deletion-cost";

    private static final Map<String, Integer> PHASE_ORDINAL = Map.of("Pending", 0, "Unknown", 1, "Running", 2);

    private ActivePods() {}

    /** Neither finished (Succeeded, Failed) nor terminating: the pods a controller counts. */
    public static boolean isActive(Pod pod) {
        String phase = phase(pod);
        return !"Succeeded".equals(phase)
                && !"Failed".equals(phase)
                && pod.getMetadata().getDeletionTimestamp() == null;
    }

    /** Succeeded or Failed: finished for good (podutil.IsPodTerminal). */
    public static boolean isTerminal(Pod pod) {
        String phase = phase(pod);
        return "Succeeded".equals(phase) || "Failed".equals(phase);
    }

    /**
     * When the Ready condition last changed, whichever way (the trigger time of an endpoints
     * change), if the pod has one.
     */
    public static Optional<Instant> readyConditionChanged(Pod pod) {
        return readyCondition(pod).flatMap(c -> KubeTimes.parse(c.getLastTransitionTime()));
    }

    public static boolean isReady(Pod pod) {
        return readyCondition(pod).map(c -> "True".equals(c.getStatus())).orElse(false);
    }

    /** Ready for longer than {@code minReadySeconds} at {@code now} (podutil.IsPodAvailable). */
    public static boolean isAvailable(Pod pod, int minReadySeconds, Instant now) {
        if (!isReady(pod)) {
            return false;
        }
        if (minReadySeconds == 0) {
            return true;
        }
        Optional<Instant> readySince = readyTime(pod);
        return readySince.isPresent()
                && readySince.get().plus(Duration.ofSeconds(minReadySeconds)).isBefore(now);
    }

    /**
     * When to look at a pod's owner again after an update that made the pod ready: a pod is
     * available only {@code minReadySeconds} after becoming ready, so the owner's available count
     * changes then (a second later, to be past it). Empty when the pod did not just become ready or
     * there is no such wait.
     */
    public static Optional<Duration> availabilityRecheck(Pod oldPod, Pod newPod, Integer minReadySeconds) {
        if (minReadySeconds == null || minReadySeconds <= 0 || isReady(oldPod) || !isReady(newPod)) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofSeconds(minReadySeconds).plusSeconds(1));
    }

    /** When the pod last became ready, if it is ready and says so. */
    public static Optional<Instant> readyTime(Pod pod) {
        if (!isReady(pod)) {
            return Optional.empty();
        }
        return readyCondition(pod).flatMap(c -> KubeTimes.parse(c.getLastTransitionTime()));
    }

    /**
     * The order in which to delete pods, most deletable first, as ActivePodsWithRanks sorts them:
     * unassigned before assigned; Pending before Unknown before Running; not ready before ready;
     * lower deletion cost first; more pods of the same set on its node first (rank); ready for a
     * shorter time first; more container restarts first; created later first. Times are compared
     * in logarithmic buckets relative to {@code now} (LogarithmicScaleDown, on by default), and the
     * UID decides last, so that the choice among similar pods is spread at random. A total order:
     * Java's sort checks what Go's does not.
     *
     * @param rank per pod, how many related active pods share its node
     */
    public static Comparator<Pod> deletionOrder(Map<Pod, Integer> rank, Instant now) {
        return (a, b) -> compare(a, b, rank.getOrDefault(a, 0), rank.getOrDefault(b, 0), now);
    }

    /** For each pod, the number of active pods among {@code related} on the same node. */
    public static Map<Pod, Integer> ranksOnSameNode(List<Pod> pods, List<Pod> related) {
        Map<String, Integer> perNode = new HashMap<>();
        for (Pod pod : related) {
            if (isActive(pod)) {
                perNode.merge(nodeName(pod), 1, Integer::sum);
            }
        }
        Map<Pod, Integer> ranks = new IdentityHashMap<>();
        for (Pod pod : pods) {
            ranks.put(pod, perNode.getOrDefault(nodeName(pod), 0));
        }
        return ranks;
    }

    private static int compare(Pod a, Pod b, int rankA, int rankB, Instant now) {
        String nodeA = nodeName(a);
        String nodeB = nodeName(b);
        if (!nodeA.equals(nodeB) && (nodeA.isEmpty() || nodeB.isEmpty())) {
            return nodeA.isEmpty() ? -1 : 1;
        }
        int phaseA = PHASE_ORDINAL.getOrDefault(phase(a), 0);
        int phaseB = PHASE_ORDINAL.getOrDefault(phase(b), 0);
        if (phaseA != phaseB) {
            return Integer.compare(phaseA, phaseB);
        }
        boolean readyA = isReady(a);
        boolean readyB = isReady(b);
        if (readyA != readyB) {
            return readyA ? 1 : -1;
        }
        int costA = deletionCost(a);
        int costB = deletionCost(b);
        if (costA != costB) {
            return Integer.compare(costA, costB);
        }
        if (rankA != rankB) {
            return Integer.compare(rankB, rankA);
        }
        if (readyA) {
            int byReadyTime =
                    compareAges(readyTime(a).orElse(null), readyTime(b).orElse(null), now);
            if (byReadyTime != 0) {
                return byReadyTime;
            }
        }
        int restartsA = maxRestarts(a);
        int restartsB = maxRestarts(b);
        if (restartsA != restartsB) {
            return Integer.compare(restartsB, restartsA);
        }
        int byCreation = compareAges(
                KubeTimes.parse(a.getMetadata().getCreationTimestamp()).orElse(null),
                KubeTimes.parse(b.getMetadata().getCreationTimestamp()).orElse(null),
                now);
        if (byCreation != 0) {
            return byCreation;
        }
        return uid(a).compareTo(uid(b));
    }

    /**
     * Missing times first, then younger before older, by logarithmic age bucket; 0 within one
     * bucket. Kubernetes breaks a tie between different times in one bucket by UID at once and
     * only moves on to restarts for equal times; that order is not transitive (Go's sort accepts
     * it, Java's refuses it), so here a bucket tie moves on to the next criterion and the UID
     * decides last.
     */
    private static int compareAges(Instant timeA, Instant timeB, Instant now) {
        if (timeA == null || timeB == null) {
            return timeA == null ? (timeB == null ? 0 : -1) : 1;
        }
        return Long.compare(ageBucket(timeA, now), ageBucket(timeB, now));
    }

    /** floor(log2(age in nanoseconds)), or -1 for no age: pods of about the same age share a bucket. */
    private static long ageBucket(Instant time, Instant now) {
        long ageNanos = Duration.between(time, now).toNanos();
        return ageNanos > 0 ? 63 - Long.numberOfLeadingZeros(ageNanos) : -1;
    }

    private static int maxRestarts(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
            return 0;
        }
        int max = 0;
        for (ContainerStatus status : pod.getStatus().getContainerStatuses()) {
            if (status.getRestartCount() != null) {
                max = Math.max(max, status.getRestartCount());
            }
        }
        return max;
    }

    /** The annotation's int32 value; absent or malformed counts as 0, as the API server would reject it. */
    private static int deletionCost(Pod pod) {
        Map<String, String> annotations = pod.getMetadata().getAnnotations();
        String value = annotations == null ? null : annotations.get(DELETION_COST_ANNOTATION);
        if (value == null) {
            return 0;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static Optional<PodCondition> readyCondition(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
            return Optional.empty();
        }
        return pod.getStatus().getConditions().stream()
                .filter(c -> "Ready".equals(c.getType()))
                .findFirst();
    }

    private static String phase(Pod pod) {
        return pod.getStatus() == null || pod.getStatus().getPhase() == null
                ? ""
                : pod.getStatus().getPhase();
    }

    private static String nodeName(Pod pod) {
        return pod.getSpec() == null || pod.getSpec().getNodeName() == null
                ? ""
                : pod.getSpec().getNodeName();
    }

    private static String uid(Pod pod) {
        return pod.getMetadata().getUid() == null ? "" : pod.getMetadata().getUid();
    }
}
