package io.skiff.controllermanager.replicaset;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus;
import io.skiff.component.client.ApiErrors;
import io.skiff.component.controller.Reconciler;
import io.skiff.component.controller.Result;
import io.skiff.component.events.EventRecorder;
import io.skiff.component.events.EventType;
import io.skiff.component.informer.Lister;
import io.skiff.component.informer.ObjectKeys;
import io.skiff.controllermanager.expectations.Expectations;
import io.skiff.controllermanager.ownership.ControllerClaims;
import io.skiff.controllermanager.ownership.OwnerReferences;
import io.skiff.controllermanager.pods.ActivePods;
import io.skiff.controllermanager.pods.PodControl;
import io.skiff.controllermanager.pods.PodTemplates;
import io.skiff.model.selector.LabelSelector;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * One sync of one ReplicaSet (replica_set.go syncReplicaSet): claim its pods, create or delete pods
 * until the active ones match spec.replicas, and write the status when it changed. Reads come from
 * the informer caches; while creations or deletions it issued are not yet observed there, it only
 * updates the status.
 */
final class ReplicaSetSync implements Reconciler<String> {

    /** At most this many pods are created or deleted per sync (kube's BurstReplicas). */
    static final int BURST_REPLICAS = 500;

    /** Slow-start batches grow 1, 2, 4, ... so that a failing create costs one call, not hundreds. */
    static final int SLOW_START_INITIAL_BATCH = 1;

    /** Status writes that conflict are retried this often on a fresh read (kube's statusUpdateRetries). */
    static final int STATUS_UPDATE_RETRIES = 1;

    private final ReplicaSetView replicaSets;
    private final Lister<Pod> pods;
    private final PodControl<ReplicaSet> control;
    private final Expectations expectations;
    private final EventRecorder events;
    private final Clock clock;
    private final Duration timeout;
    private final ControllerClaims<Pod> claims;

    ReplicaSetSync(
            ReplicaSetView replicaSets,
            Lister<Pod> pods,
            PodControl<ReplicaSet> control,
            Expectations expectations,
            EventRecorder events,
            Clock clock,
            Duration timeout) {
        this.replicaSets = replicaSets;
        this.pods = pods;
        this.control = control;
        this.expectations = expectations;
        this.events = events;
        this.clock = clock;
        this.timeout = timeout;
        this.claims = new ControllerClaims<>(control, timeout);
    }

    @Override
    public Result sync(String key) throws Exception {
        Optional<ReplicaSet> cached = replicaSets.get(ObjectKeys.namespaceOf(key), ObjectKeys.nameOf(key));
        if (cached.isEmpty()) {
            expectations.forget(key);
            return Result.done();
        }
        ReplicaSet replicaSet = cached.get();
        boolean needsManaging = expectations.satisfied(key);
        LabelSelector selector = LabelSelector.fromApi(replicaSet.getSpec().getSelector());
        List<Pod> active = new ArrayList<>();
        List<Pod> namespacePods = pods.list(replicaSet.getMetadata().getNamespace(), LabelSelector.everything());
        for (Pod pod : namespacePods) {
            if (ActivePods.isActive(pod)) {
                active.add(pod);
            }
        }
        List<Pod> owned = claims.claim(replicaSet, selector, active, ActivePods::isActive);

        int diff = owned.size() - ReplicaSetStatuses.orZero(replicaSet.getSpec().getReplicas());
        Exception manageError = null;
        if (needsManaging && replicaSet.getMetadata().getDeletionTimestamp() == null) {
            try {
                manageReplicas(key, replicaSet, owned, namespacePods, diff);
            } catch (RuntimeException e) {
                manageError = e;
            }
        }

        Instant now = clock.instant();
        ReplicaSetStatus status = ReplicaSetStatuses.calculate(replicaSet, owned, manageError, diff, now);
        writeStatus(replicaSet, status);
        if (manageError != null) {
            throw manageError;
        }
        int minReadySeconds = ReplicaSetStatuses.orZero(replicaSet.getSpec().getMinReadySeconds());
        int replicas = ReplicaSetStatuses.orZero(replicaSet.getSpec().getReplicas());
        if (minReadySeconds > 0 && status.getReadyReplicas() == replicas && status.getAvailableReplicas() != replicas) {
            // Pods become available by the clock alone: no watch event will say so.
            return Result.requeueAfter(Duration.ofSeconds(minReadySeconds));
        }
        return Result.done();
    }

    /**
     * Writes {@code status} if it differs, conditional on the version read. The cache often lags
     * behind this controller's own previous write; on a conflict the status is tried once more on
     * the current object from the API server, as kube's updateReplicaSetStatus does.
     */
    private void writeStatus(ReplicaSet cached, ReplicaSetStatus status) {
        ReplicaSet target = cached;
        for (int attempt = 0; ; attempt++) {
            if (!ReplicaSetStatuses.needsUpdate(target, status)) {
                return;
            }
            status.setObservedGeneration(target.getMetadata().getGeneration());
            try {
                control.updateStatus(
                                new ReplicaSetBuilder(target).withStatus(status).build())
                        .block(timeout);
                return;
            } catch (RuntimeException e) {
                if (attempt >= STATUS_UPDATE_RETRIES || !ApiErrors.isConflict(e)) {
                    throw e;
                }
            }
            target = control.freshOwner(
                            cached.getMetadata().getNamespace(),
                            cached.getMetadata().getName())
                    .blockOptional(timeout)
                    .filter(fresh -> fresh.getMetadata()
                            .getUid()
                            .equals(cached.getMetadata().getUid()))
                    .orElse(null);
            if (target == null) {
                return;
            }
        }
    }

    private void manageReplicas(String key, ReplicaSet replicaSet, List<Pod> owned, List<Pod> namespacePods, int diff) {
        if (diff < 0) {
            createPods(key, replicaSet, Math.min(-diff, BURST_REPLICAS));
        } else if (diff > 0) {
            deletePods(key, replicaSet, owned, relatedPods(replicaSet, namespacePods), Math.min(diff, BURST_REPLICAS));
        }
    }

    private void createPods(String key, ReplicaSet replicaSet, int count) {
        Pod pod = podFromTemplate(replicaSet);
        // Expect all creations before issuing any: the informer may see a new pod before create returns.
        expectations.expectCreations(key, count);
        String namespace = replicaSet.getMetadata().getNamespace();
        AtomicReference<RuntimeException> firstError = new AtomicReference<>();
        int created = 0;
        int batch = SLOW_START_INITIAL_BATCH;
        for (int remaining = count; remaining > 0; ) {
            int size = Math.min(remaining, batch);
            AtomicInteger succeeded = new AtomicInteger();
            Flux.range(0, size)
                    .flatMap(
                            i -> control.createPod(namespace, copy(pod))
                                    .doOnNext(createdPod -> {
                                        succeeded.incrementAndGet();
                                        events.event(
                                                replicaSet,
                                                EventType.NORMAL,
                                                "SuccessfulCreate",
                                                "Created pod: %s",
                                                createdPod.getMetadata().getName());
                                    })
                                    .onErrorResume(error -> {
                                        onCreateFailure(replicaSet, error, firstError);
                                        return Mono.empty();
                                    }),
                            size)
                    .then()
                    .block(timeout);
            created += succeeded.get();
            remaining -= size;
            if (succeeded.get() < size) {
                break;
            }
            batch *= 2;
        }
        // Pods never created will never be observed: stop waiting for them.
        for (int skipped = count - created; skipped > 0; skipped--) {
            expectations.creationObserved(key);
        }
        if (firstError.get() != null) {
            throw firstError.get();
        }
    }

    private void onCreateFailure(ReplicaSet replicaSet, Throwable error, AtomicReference<RuntimeException> first) {
        events.event(replicaSet, EventType.WARNING, "FailedCreate", "Error creating: %s", error.getMessage());
        RuntimeException failure =
                error instanceof RuntimeException runtime ? runtime : new IllegalStateException(error);
        first.compareAndSet(null, failure);
    }

    /**
     * The pods of every ReplicaSet with the same controller as {@code replicaSet} (the ReplicaSets
     * of one Deployment), as getIndirectlyRelatedPods finds them: scaling down prefers pods that
     * share a node with more of them. A ReplicaSet without a controller has none.
     */
    private List<Pod> relatedPods(ReplicaSet replicaSet, List<Pod> namespacePods) {
        Optional<String> controller = OwnerReferences.controllerOf(replicaSet).map(ref -> ref.getUid());
        if (controller.isEmpty()) {
            return List.of();
        }
        Set<String> siblings = new HashSet<>();
        for (ReplicaSet candidate : replicaSets.list(replicaSet.getMetadata().getNamespace())) {
            OwnerReferences.controllerOf(candidate)
                    .filter(ref -> controller.get().equals(ref.getUid()))
                    .ifPresent(ref -> siblings.add(candidate.getMetadata().getUid()));
        }
        List<Pod> related = new ArrayList<>();
        for (Pod pod : namespacePods) {
            OwnerReferences.controllerOf(pod)
                    .filter(ref -> siblings.contains(ref.getUid()))
                    .ifPresent(ref -> related.add(pod));
        }
        return related;
    }

    private void deletePods(String key, ReplicaSet replicaSet, List<Pod> owned, List<Pod> related, int count) {
        Instant now = clock.instant();
        List<Pod> ordered = new ArrayList<>(owned);
        ordered.sort(ActivePods.deletionOrder(ActivePods.ranksOnSameNode(owned, related), now));
        List<Pod> victims = ordered.subList(0, count);
        Set<String> victimKeys = new LinkedHashSet<>();
        victims.forEach(pod -> victimKeys.add(ObjectKeys.keyOf(pod)));
        // Expect before deleting: the informer may see a deletion before the call returns.
        expectations.expectDeletions(key, victimKeys);
        AtomicReference<RuntimeException> firstError = new AtomicReference<>();
        Flux.fromIterable(victims)
                .flatMap(
                        pod -> control.deletePod(
                                        pod.getMetadata().getNamespace(),
                                        pod.getMetadata().getName())
                                .then(Mono.fromRunnable(() -> events.event(
                                        replicaSet,
                                        EventType.NORMAL,
                                        "SuccessfulDelete",
                                        "Deleted pod: %s",
                                        pod.getMetadata().getName())))
                                .onErrorResume(error -> {
                                    // The deletion will not be observed as ours: stop waiting for it.
                                    expectations.deletionObserved(key, ObjectKeys.keyOf(pod));
                                    if (!ApiErrors.isNotFound(error)) {
                                        events.event(
                                                replicaSet,
                                                EventType.WARNING,
                                                "FailedDelete",
                                                "Error deleting: %s",
                                                error.getMessage());
                                        firstError.compareAndSet(
                                                null,
                                                error instanceof RuntimeException runtime
                                                        ? runtime
                                                        : new IllegalStateException(error));
                                    }
                                    return Mono.empty();
                                }),
                        count)
                .then()
                .block(timeout);
        if (firstError.get() != null) {
            throw firstError.get();
        }
    }

    /** A pod as GetPodFromTemplate builds it, named "&lt;replicaset&gt;-" plus a random suffix. */
    static Pod podFromTemplate(ReplicaSet replicaSet) {
        return PodTemplates.fromTemplate(replicaSet.getSpec().getTemplate(), replicaSet);
    }

    private static Pod copy(Pod pod) {
        return new PodBuilder(pod).build();
    }
}
