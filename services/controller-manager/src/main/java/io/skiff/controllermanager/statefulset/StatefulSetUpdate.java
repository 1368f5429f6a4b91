package io.skiff.controllermanager.statefulset;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import io.skiff.component.client.ApiErrors;
import io.skiff.component.events.EventRecorder;
import io.skiff.component.events.EventType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.IntPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Drives a StatefulSet's pods towards its spec (stateful_set_control.go updateStatefulSet): every
 * ordinal in [start, start + replicas) gets a pod, pods beyond are deleted highest first, failed and
 * finished pods are replaced, and a rolling update replaces pods not at the update revision from
 * the highest ordinal down to the partition. With OrderedReady each step waits for the pods before
 * it to be running and ready; with Parallel nothing waits.
 */
final class StatefulSetUpdate {

    private static final Logger log = LoggerFactory.getLogger(StatefulSetUpdate.class);

    /** Parallel creations and deletions run at most this many at once (MaxBatchSize). */
    static final int MAX_BATCH_SIZE = 500;

    private final StatefulPodControl pods;
    private final EventRecorder events;
    private final Clock clock;
    private final Duration timeout;

    StatefulSetUpdate(StatefulPodControl pods, EventRecorder events, Clock clock, Duration timeout) {
        this.pods = pods;
        this.events = events;
        this.clock = clock;
        this.timeout = timeout;
    }

    /** What the sync did, and the status it arrived at (written even when the sync failed part-way). */
    record Outcome(StatefulSetStatus status, RuntimeException failure) {}

    /** One pass over the set's pods; the returned status counts what the pass left behind. */
    Outcome update(StatefulSet set, StatefulSetRevisions.Pair revisions, List<Pod> owned) {
        ControllerRevision currentRevision = revisions.current();
        ControllerRevision updateRevision = revisions.update();
        StatefulSet currentSet = StatefulSetRevisions.apply(set, currentRevision);
        StatefulSet updateSet = StatefulSetRevisions.apply(set, updateRevision);
        int minReadySeconds = orZero(set.getSpec().getMinReadySeconds());
        Instant now = clock.instant();

        StatefulSetStatus status = new StatefulSetStatus();
        status.setObservedGeneration(set.getMetadata().getGeneration());
        status.setCurrentRevision(currentRevision.getMetadata().getName());
        status.setUpdateRevision(updateRevision.getMetadata().getName());
        status.setCollisionCount(revisions.collisionCount());
        count(status, minReadySeconds, now, currentRevision, updateRevision, owned);

        int start = StatefulPods.startOrdinal(set);
        int replicaCount = StatefulPods.replicas(set);
        Pod[] replicas = new Pod[replicaCount];
        List<Pod> condemned = new ArrayList<>();
        for (Pod pod : owned) {
            if (StatefulPods.inOrdinalRange(pod, set)) {
                replicas[StatefulPods.ordinal(pod) - start] = pod;
            } else if (StatefulPods.ordinal(pod) >= 0) {
                condemned.add(pod);
            }
        }
        for (int i = 0; i < replicaCount; i++) {
            if (replicas[i] == null) {
                replicas[i] = StatefulPods.newVersionedPod(
                        currentSet,
                        updateSet,
                        currentRevision.getMetadata().getName(),
                        updateRevision.getMetadata().getName(),
                        start + i);
            }
        }
        condemned.sort(Comparator.comparingInt(StatefulPods::ordinal).reversed());
        Pod firstUnavailable = null;
        for (Pod replica : replicas) {
            if (StatefulPods.isUnavailable(replica, minReadySeconds, now)) {
                firstUnavailable = replica;
                break;
            }
        }
        if (firstUnavailable == null) {
            for (int i = condemned.size() - 1; i >= 0; i--) {
                if (StatefulPods.isUnavailable(condemned.get(i), minReadySeconds, now)) {
                    firstUnavailable = condemned.get(i);
                    break;
                }
            }
        }
        if (set.getMetadata().getDeletionTimestamp() != null) {
            return new Outcome(status, null);
        }
        boolean monotonic = !"Parallel".equals(set.getSpec().getPodManagementPolicy());
        List<Pod> replicaList = List.of(replicas);
        try {
            if (runForAll(replicaList.size(), i -> processReplica(set, updateSet, monotonic, replicas, i), monotonic)) {
                return recount(status, minReadySeconds, currentRevision, updateRevision, replicaList, condemned);
            }
            if (runForAll(condemned.size(), i -> fixClaim(updateSet, condemned.get(i)), monotonic)) {
                return recount(status, minReadySeconds, currentRevision, updateRevision, replicaList, condemned);
            }
            Pod unavailable = firstUnavailable;
            if (runForAll(
                    condemned.size(),
                    i -> processCondemned(set, unavailable, monotonic, condemned.get(i), minReadySeconds),
                    monotonic)) {
                return recount(status, minReadySeconds, currentRevision, updateRevision, replicaList, condemned);
            }
            count(status, minReadySeconds, clock.instant(), currentRevision, updateRevision, replicaList, condemned);
            if (set.getSpec().getUpdateStrategy() != null
                    && "OnDelete".equals(set.getSpec().getUpdateStrategy().getType())) {
                // Pods are replaced when someone deletes them.
                return new Outcome(status, null);
            }
            rollingUpdate(set, replicas, updateRevision, status, minReadySeconds);
            return new Outcome(status, null);
        } catch (RuntimeException e) {
            count(status, minReadySeconds, clock.instant(), currentRevision, updateRevision, replicaList, condemned);
            return new Outcome(status, e);
        }
    }

    /**
     * Brings one replica to its target (processReplica).
     *
     * @return whether the pass must stop here (in OrderedReady, the replica is not running and ready yet)
     */
    private boolean processReplica(StatefulSet set, StatefulSet updateSet, boolean monotonic, Pod[] replicas, int i) {
        Pod replica = replicas[i];
        if (StatefulPods.isFailed(replica) || StatefulPods.isSucceeded(replica)) {
            // Finished pods are replaced whatever their exit: evicted pods and pods stopped by a node
            // reboot end up Failed or Succeeded too. The new pod comes once the old one is gone.
            if (!StatefulPods.isTerminating(replica)) {
                if (StatefulPods.isFailed(replica)) {
                    events.event(
                            set,
                            EventType.WARNING,
                            "RecreatingFailedPod",
                            "StatefulSet %s/%s is recreating failed Pod %s",
                            set.getMetadata().getNamespace(),
                            set.getMetadata().getName(),
                            replica.getMetadata().getName());
                } else {
                    events.event(
                            set,
                            EventType.NORMAL,
                            "RecreatingTerminatedPod",
                            "StatefulSet %s/%s is recreating terminated Pod %s",
                            set.getMetadata().getNamespace(),
                            set.getMetadata().getName(),
                            replica.getMetadata().getName());
                }
                pods.deletePod(set, replica);
            }
            return true;
        }
        if (!StatefulPods.isCreated(replica)) {
            if (pods.claimIsStale(set, replica)) {
                log.debug(
                        "statefulset-controller: {} waits for a stale claim of {} to be deleted",
                        set.getMetadata().getName(),
                        replica.getMetadata().getName());
                return true;
            }
            pods.createPod(set, replica);
            if (monotonic) {
                return true;
            }
        }
        if (StatefulPods.isPending(replica)) {
            pods.createMissingClaims(set, replica);
        }
        int minReadySeconds = orZero(set.getSpec().getMinReadySeconds());
        if (monotonic
                && (StatefulPods.isTerminating(replica)
                        || !StatefulPods.isRunningAndReady(replica)
                        || !StatefulPods.isRunningAndAvailable(replica, minReadySeconds, clock.instant()))) {
            return true;
        }
        boolean retentionMatches;
        try {
            retentionMatches = pods.claimsMatchRetention(updateSet, replica);
        } catch (RuntimeException e) {
            retentionMatches = true;
        }
        if (StatefulPods.identityMatches(set, replica)
                && StatefulPods.storageMatches(set, replica)
                && retentionMatches) {
            return false;
        }
        pods.updatePod(updateSet, replica);
        return false;
    }

    /** A condemned pod's claims get the owner references of a scaled-down pod before it goes. */
    private boolean fixClaim(StatefulSet updateSet, Pod pod) {
        if (!pods.claimsMatchRetention(updateSet, pod)) {
            pods.updateClaimsForRetention(updateSet, pod);
        }
        return false;
    }

    /**
     * Deletes a pod beyond the replicas (processCondemned); in OrderedReady one at a time, highest
     * ordinal first, and only while every other pod is running and ready.
     */
    private boolean processCondemned(
            StatefulSet set, Pod firstUnavailable, boolean monotonic, Pod pod, int minReadySeconds) {
        if (StatefulPods.isTerminating(pod)) {
            return monotonic;
        }
        if (monotonic && pod != firstUnavailable) {
            if (!StatefulPods.isRunningAndReady(pod)
                    || !StatefulPods.isRunningAndAvailable(pod, minReadySeconds, clock.instant())) {
                return true;
            }
        }
        pods.deletePod(set, pod);
        return true;
    }

    /**
     * Replaces pods not at the update revision, from the highest ordinal down to the partition, at
     * most maxUnavailable at a time (1 unless spec.updateStrategy.rollingUpdate.maxUnavailable says
     * otherwise), and only while no more pods than that are unavailable.
     */
    private void rollingUpdate(
            StatefulSet set,
            Pod[] replicas,
            ControllerRevision updateRevision,
            StatefulSetStatus status,
            int minReadySeconds) {
        int partition = StatefulPods.partition(set);
        var rolling = set.getSpec().getUpdateStrategy() == null
                ? null
                : set.getSpec().getUpdateStrategy().getRollingUpdate();
        int maxUnavailable = maxUnavailable(rolling == null ? null : rolling.getMaxUnavailable(), replicas.length);
        Instant now = clock.instant();
        int unavailable = 0;
        for (Pod replica : replicas) {
            if (StatefulPods.isUnavailable(replica, minReadySeconds, now)) {
                unavailable++;
            }
        }
        if (unavailable >= maxUnavailable) {
            return;
        }
        int toDelete = maxUnavailable - unavailable;
        String updateName = updateRevision.getMetadata().getName();
        for (int target = replicas.length - 1; target >= partition && toDelete > 0; target--) {
            Pod replica = replicas[target];
            if (!updateName.equals(StatefulPods.revision(replica)) && !StatefulPods.isTerminating(replica)) {
                try {
                    pods.deletePod(set, replica);
                } catch (RuntimeException e) {
                    if (!ApiErrors.isNotFound(e)) {
                        throw e;
                    }
                }
                toDelete--;
                status.setCurrentReplicas(status.getCurrentReplicas() - 1);
            }
        }
    }

    /**
     * maxUnavailable scaled to the replicas rounding down, at least 1; 1 when unset
     * (getStatefulSetMaxUnavailable).
     */
    static int maxUnavailable(IntOrString value, int replicas) {
        if (value == null) {
            return 1;
        }
        int scaled;
        if (value.getIntVal() != null) {
            scaled = value.getIntVal();
        } else {
            String text = Objects.requireNonNullElse(value.getStrVal(), "");
            try {
                scaled = text.endsWith("%")
                        ? (int) Math.floor(
                                Integer.parseInt(text.substring(0, text.length() - 1)) * (double) replicas / 100)
                        : Integer.parseInt(text);
            } catch (NumberFormatException e) {
                scaled = 1;
            }
        }
        return Math.max(1, scaled);
    }

    /**
     * Runs {@code step} for indexes 0..count-1: in order, stopping at the first that asks to stop,
     * when monotonic; otherwise all of them, in slow-start batches run side by side (runForAll).
     *
     * @return whether the pass must stop
     */
    private boolean runForAll(int count, IntPredicate step, boolean monotonic) {
        if (monotonic) {
            for (int i = 0; i < count; i++) {
                if (step.test(i)) {
                    return true;
                }
            }
            return false;
        }
        ConcurrentLinkedQueue<RuntimeException> errors = new ConcurrentLinkedQueue<>();
        int position = 0;
        for (int batch = Math.min(count, 1);
                batch > 0;
                batch = Math.min(Math.min(2 * batch, count - position), MAX_BATCH_SIZE)) {
            Flux.range(position, batch)
                    .flatMap(
                            i -> Mono.fromRunnable(() -> step.test(i))
                                    .subscribeOn(Schedulers.boundedElastic())
                                    .onErrorResume(error -> {
                                        errors.add(
                                                error instanceof RuntimeException runtime
                                                        ? runtime
                                                        : new IllegalStateException(error));
                                        return Mono.empty();
                                    }),
                            batch)
                    .then()
                    .block(timeout.multipliedBy(4));
            position += batch;
            if (!errors.isEmpty()) {
                RuntimeException first = errors.poll();
                errors.forEach(first::addSuppressed);
                throw first;
            }
        }
        return false;
    }

    private Outcome recount(
            StatefulSetStatus status,
            int minReadySeconds,
            ControllerRevision currentRevision,
            ControllerRevision updateRevision,
            List<Pod> replicas,
            List<Pod> condemned) {
        count(status, minReadySeconds, clock.instant(), currentRevision, updateRevision, replicas, condemned);
        return new Outcome(status, null);
    }

    /** Counts replicas, ready, available, current and updated pods over the lists (updateStatus, computeReplicaStatus). */
    @SafeVarargs
    private static void count(
            StatefulSetStatus status,
            int minReadySeconds,
            Instant now,
            ControllerRevision currentRevision,
            ControllerRevision updateRevision,
            List<Pod>... lists) {
        int replicas = 0;
        int ready = 0;
        int available = 0;
        int current = 0;
        int updated = 0;
        for (List<Pod> list : lists) {
            for (Pod pod : list) {
                if (StatefulPods.isCreated(pod)) {
                    replicas++;
                }
                if (StatefulPods.isRunningAndReady(pod)) {
                    ready++;
                    if (StatefulPods.isRunningAndAvailable(pod, minReadySeconds, now)) {
                        available++;
                    }
                }
                if (StatefulPods.isCreated(pod) && !StatefulPods.isTerminating(pod)) {
                    String revision = StatefulPods.revision(pod);
                    if (revision.equals(currentRevision.getMetadata().getName())) {
                        current++;
                    }
                    if (revision.equals(updateRevision.getMetadata().getName())) {
                        updated++;
                    }
                }
            }
        }
        status.setReplicas(replicas);
        status.setReadyReplicas(ready);
        status.setAvailableReplicas(available);
        status.setCurrentReplicas(current);
        status.setUpdatedReplicas(updated);
    }

    private static int orZero(Integer value) {
        return value == null ? 0 : value;
    }
}
