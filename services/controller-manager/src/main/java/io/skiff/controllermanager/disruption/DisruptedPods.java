package io.skiff.controllermanager.disruption;

import io.fabric8.kubernetes.api.model.Pod;
import io.skiff.controllermanager.pods.ActivePods;
import io.skiff.model.time.KubeTimes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * status.disruptedPods, the pods the eviction subresource charged to a budget and is about to
 * delete (buildDisruptedPodMap, countHealthyPods). An entry stays while its pod exists, is not yet
 * being deleted, and was evicted less than {@link #DELETION_TIMEOUT} ago; such a pod no longer
 * counts as healthy. An entry whose pod was not deleted in time is dropped with a NotDeleted
 * warning on the pod, so the budget frees the disruption it took.
 */
final class DisruptedPods {

    /** How long an evicted pod may take to show a deletionTimestamp (DeletionTimeout). */
    static final Duration DELETION_TIMEOUT = Duration.ofMinutes(2);

    /**
     * @param kept the entries to keep in status.disruptedPods, as the eviction wrote them
     * @param overdue the pods still there after {@link #DELETION_TIMEOUT}
     * @param recheckAt when the earliest kept entry expires, if any is kept
     */
    record Pruned(Map<String, String> kept, List<Pod> overdue, Optional<Instant> recheckAt) {}

    private DisruptedPods() {}

    static Pruned prune(Map<String, String> disrupted, List<Pod> pods, Instant now) {
        Map<String, String> kept = new LinkedHashMap<>();
        List<Pod> overdue = new ArrayList<>();
        Instant recheckAt = null;
        if (disrupted == null || disrupted.isEmpty()) {
            return new Pruned(kept, overdue, Optional.empty());
        }
        for (Pod pod : pods) {
            String name = pod.getMetadata().getName();
            if (pod.getMetadata().getDeletionTimestamp() != null || !disrupted.containsKey(name)) {
                continue;
            }
            Optional<Instant> evictedAt = KubeTimes.parse(disrupted.get(name));
            Instant expectedDeletion =
                    evictedAt.map(at -> at.plus(DELETION_TIMEOUT)).orElse(Instant.MIN);
            if (expectedDeletion.isBefore(now)) {
                overdue.add(pod);
            } else {
                if (recheckAt == null || expectedDeletion.isBefore(recheckAt)) {
                    recheckAt = expectedDeletion;
                }
                kept.put(name, disrupted.get(name));
            }
        }
        return new Pruned(kept, overdue, Optional.ofNullable(recheckAt));
    }

    /**
     * The pods that are Ready, not being deleted, and not evicted within the last {@link
     * #DELETION_TIMEOUT} (status.currentHealthy).
     */
    static int countHealthy(List<Pod> pods, Map<String, String> disrupted, Instant now) {
        int healthy = 0;
        for (Pod pod : pods) {
            if (pod.getMetadata().getDeletionTimestamp() != null) {
                continue;
            }
            String evicted = disrupted.get(pod.getMetadata().getName());
            if (evicted != null
                    && KubeTimes.parse(evicted)
                            .map(at -> at.plus(DELETION_TIMEOUT).isAfter(now))
                            .orElse(false)) {
                continue;
            }
            if (ActivePods.isReady(pod)) {
                healthy++;
            }
        }
        return healthy;
    }
}
