package io.skiff.controllermanager.daemonset;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSetStatus;
import io.fabric8.kubernetes.api.model.apps.DaemonSetStatusBuilder;
import io.skiff.component.client.ApiErrors;
import io.skiff.component.controller.Reconciler;
import io.skiff.component.controller.Result;
import io.skiff.component.events.EventRecorder;
import io.skiff.component.events.EventType;
import io.skiff.component.informer.Lister;
import io.skiff.component.informer.ObjectKeys;
import io.skiff.controllermanager.expectations.Expectations;
import io.skiff.controllermanager.ownership.ControllerClaims;
import io.skiff.controllermanager.pods.ActivePods;
import io.skiff.controllermanager.pods.PodControl;
import io.skiff.controllermanager.pods.PodTemplates;
import io.skiff.model.selector.LabelSelector;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * One sync of one DaemonSet (daemon_controller.go syncDaemonSet): its revisions, then one pod on
 * every node it should run on and none elsewhere, then the rolling update, the revision history
 * limit and the status. While creations or deletions it issued are not yet observed in the pod
 * cache, it only updates the status.
 */
final class DaemonSetSync implements Reconciler<String> {

    private static final Logger log = LoggerFactory.getLogger(DaemonSetSync.class);

    /** At most this many pods are created or deleted per sync (the daemon controller's BurstReplicas). */
    static final int BURST_REPLICAS = 250;

    /** Status writes that conflict are retried this often on a fresh read (StatusUpdateRetries). */
    static final int STATUS_UPDATE_RETRIES = 1;

    private final Lister<DaemonSet> daemonSets;
    private final Lister<Pod> pods;
    private final Lister<Node> nodes;
    private final PodControl<DaemonSet> control;
    private final DaemonSetHistory history;
    private final Expectations expectations;
    private final FailedPodBackoff failedPodBackoff;
    private final EventRecorder events;
    private final Clock clock;
    private final Duration timeout;
    private final ControllerClaims<Pod> claims;

    DaemonSetSync(
            Lister<DaemonSet> daemonSets,
            Lister<Pod> pods,
            Lister<Node> nodes,
            DaemonSetHistory history,
            PodControl<DaemonSet> control,
            Expectations expectations,
            FailedPodBackoff failedPodBackoff,
            EventRecorder events,
            Clock clock,
            Duration timeout) {
        this.daemonSets = daemonSets;
        this.pods = pods;
        this.nodes = nodes;
        this.history = history;
        this.control = control;
        this.expectations = expectations;
        this.failedPodBackoff = failedPodBackoff;
        this.events = events;
        this.clock = clock;
        this.timeout = timeout;
        this.claims = new ControllerClaims<>(control, timeout);
    }

    @Override
    public Result sync(String key) throws Exception {
        Optional<DaemonSet> cached = daemonSets.get(ObjectKeys.namespaceOf(key), ObjectKeys.nameOf(key));
        if (cached.isEmpty()) {
            expectations.forget(key);
            return Result.done();
        }
        DaemonSet daemonSet = cached.get();
        LabelSelector selector = LabelSelector.fromApi(daemonSet.getSpec().getSelector());
        if (selector.isEverything()) {
            events.event(
                    daemonSet,
                    EventType.WARNING,
                    "SelectingAll",
                    "This daemon set is selecting all pods. A non-empty selector is required.");
            return Result.done();
        }
        if (daemonSet.getMetadata().getDeletionTimestamp() != null) {
            // Its revisions may be gone or orphaned already: no status can be computed reliably.
            return Result.done();
        }
        List<Node> nodeList = new ArrayList<>(nodes.list(LabelSelector.everything()));
        nodeList.sort(Comparator.comparing(node -> node.getMetadata().getName()));
        List<Pod> owned = claimPods(daemonSet, selector);
        DaemonSetHistory.Revisions revisions = history.construct(daemonSet, owned);
        String hash = revisions.hash();

        if (!expectations.satisfied(key)) {
            return writeStatus(daemonSet, nodeList, nodeToPods(owned, false), hash, false);
        }
        Exception failure = null;
        try {
            manage(key, daemonSet, nodeList, owned, hash);
            if (expectations.satisfied(key)) {
                rollingUpdate(key, daemonSet, nodeList, owned, hash);
            }
            history.cleanup(daemonSet, revisions.old(), owned);
        } catch (RuntimeException e) {
            failure = e;
        }
        Result result;
        try {
            result = writeStatus(daemonSet, nodeList, nodeToPods(owned, false), hash, true);
        } catch (RuntimeException statusFailure) {
            if (failure == null) {
                throw statusFailure;
            }
            log.warn("daemonset-controller: failed to update the status of {}: {}", key, statusFailure.getMessage());
            result = Result.done();
        }
        if (failure != null) {
            throw failure;
        }
        return result;
    }

    /** The pods the DaemonSet controls after adopting matching orphans and releasing pods it no longer selects. */
    private List<Pod> claimPods(DaemonSet daemonSet, LabelSelector selector) {
        return claims.claim(
                daemonSet, selector, pods.list(daemonSet.getMetadata().getNamespace(), LabelSelector.everything()));
    }

    /**
     * The DaemonSet's pods by the node they are meant for, in node order (getNodesToDaemonPods).
     * Deleted pods that have finished are left out unless asked for: nothing is left to do with them.
     */
    static Map<String, List<Pod>> nodeToPods(List<Pod> owned, boolean includeDeletedTerminal) {
        Map<String, List<Pod>> byNode = new LinkedHashMap<>();
        for (Pod pod : owned) {
            String phase = DaemonPods.phase(pod);
            boolean terminal = "Succeeded".equals(phase) || "Failed".equals(phase);
            if (!includeDeletedTerminal && terminal && pod.getMetadata().getDeletionTimestamp() != null) {
                continue;
            }
            DaemonPods.targetNode(pod)
                    .ifPresent(node ->
                            byNode.computeIfAbsent(node, n -> new ArrayList<>()).add(pod));
        }
        return byNode;
    }

    /**
     * Creates a pod on every node that should run one and has none, and deletes pods that failed,
     * finished, are surplus, or sit on nodes that should not run them (manage).
     */
    private void manage(String key, DaemonSet daemonSet, List<Node> nodeList, List<Pod> owned, String hash) {
        Map<String, List<Pod>> nodeToPods = nodeToPods(owned, false);
        List<String> nodesNeedingPods = new ArrayList<>();
        List<String> podsToDelete = new ArrayList<>();
        Set<String> existingNodes = new LinkedHashSet<>();
        for (Node node : nodeList) {
            existingNodes.add(node.getMetadata().getName());
            podsShouldBeOnNode(node, nodeToPods, daemonSet, hash, nodesNeedingPods, podsToDelete);
        }
        // Unscheduled pods meant for nodes that no longer exist would never be bound, nor collected.
        nodeToPods.forEach((node, podsOnNode) -> {
            if (!existingNodes.contains(node)) {
                podsOnNode.stream()
                        .filter(pod -> !DaemonPods.isScheduled(pod))
                        .forEach(pod -> podsToDelete.add(pod.getMetadata().getName()));
            }
        });
        syncNodes(key, daemonSet, podsToDelete, nodesNeedingPods, hash);
    }

    private void podsShouldBeOnNode(
            Node node,
            Map<String, List<Pod>> nodeToPods,
            DaemonSet daemonSet,
            String hash,
            List<String> nodesNeedingPods,
            List<String> podsToDelete) {
        NodePlacement placement = NodePlacement.of(node, daemonSet);
        String nodeName = node.getMetadata().getName();
        List<Pod> podsOnNode = nodeToPods.get(nodeName);
        if (placement.shouldRun() && podsOnNode == null) {
            nodesNeedingPods.add(nodeName);
            return;
        }
        if (placement.shouldContinueRunning()) {
            List<Pod> running = new ArrayList<>();
            for (Pod pod : podsOnNode == null ? List.<Pod>of() : podsOnNode) {
                if (pod.getMetadata().getDeletionTimestamp() != null) {
                    continue;
                }
                String phase = DaemonPods.phase(pod);
                if ("Failed".equals(phase)) {
                    deleteFailedPod(daemonSet, pod, nodeName, podsToDelete);
                } else if ("Succeeded".equals(phase)) {
                    events.event(
                            daemonSet,
                            EventType.NORMAL,
                            "SucceededDaemonPod",
                            "Found succeeded daemon pod %s/%s on node %s, will try to delete it",
                            pod.getMetadata().getNamespace(),
                            pod.getMetadata().getName(),
                            nodeName);
                    podsToDelete.add(pod.getMetadata().getName());
                } else {
                    running.add(pod);
                }
            }
            running.sort(DaemonPods.oldestScheduledFirst());
            if (!DaemonSetRollingUpdate.allowsSurge(daemonSet)) {
                // One pod per node: keep the oldest.
                for (int i = 1; i < running.size(); i++) {
                    podsToDelete.add(running.get(i).getMetadata().getName());
                }
                return;
            }
            if (running.size() <= 1) {
                if (running.isEmpty() && placement.shouldRun()) {
                    nodesNeedingPods.add(nodeName);
                }
                return;
            }
            keepOldestOfEachRevision(daemonSet, running, hash, podsToDelete);
            return;
        }
        if (podsOnNode != null) {
            for (Pod pod : podsOnNode) {
                if (pod.getMetadata().getDeletionTimestamp() == null) {
                    podsToDelete.add(pod.getMetadata().getName());
                }
            }
        }
    }

    /**
     * With surge a node may run two pods, the oldest of the current template and the oldest of an
     * old one, while the new one is not yet available and the old one still ready; the rest go.
     */
    private void keepOldestOfEachRevision(DaemonSet daemonSet, List<Pod> running, String hash, List<String> toDelete) {
        Optional<Long> generation = DaemonPods.templateGeneration(daemonSet);
        Pod oldestNew = null;
        Pod oldestOld = null;
        for (Pod pod : running) {
            if (DaemonPods.isUpdated(pod, hash, generation)) {
                if (oldestNew == null) {
                    oldestNew = pod;
                    continue;
                }
            } else if (oldestOld == null) {
                oldestOld = pod;
                continue;
            }
            toDelete.add(pod.getMetadata().getName());
        }
        if (oldestNew != null && oldestOld != null) {
            int minReadySeconds = daemonSet.getSpec().getMinReadySeconds() == null
                    ? 0
                    : daemonSet.getSpec().getMinReadySeconds();
            if (!ActivePods.isReady(oldestOld) || ActivePods.isAvailable(oldestNew, minReadySeconds, clock.instant())) {
                toDelete.add(oldestOld.getMetadata().getName());
            }
        }
    }

    /** A failed pod is deleted for a new one, but not more often than the node's back-off allows. */
    private void deleteFailedPod(DaemonSet daemonSet, Pod pod, String nodeName, List<String> podsToDelete) {
        String backoffKey = String.format(
                "%s/%d/%s",
                daemonSet.getMetadata().getUid(),
                daemonSet.getStatus() == null || daemonSet.getStatus().getObservedGeneration() == null
                        ? 0
                        : daemonSet.getStatus().getObservedGeneration(),
                nodeName);
        Instant now = clock.instant();
        failedPodBackoff.gc(now);
        if (failedPodBackoff.inBackoff(backoffKey, now)) {
            log.debug(
                    "daemonset-controller: deleting failed pod {} on node {} is limited by back-off for {}",
                    pod.getMetadata().getName(),
                    nodeName,
                    failedPodBackoff.delay(backoffKey));
            return;
        }
        failedPodBackoff.next(backoffKey, now);
        events.event(
                daemonSet,
                EventType.WARNING,
                "FailedDaemonPod",
                "Found failed daemon pod %s/%s on node %s, will try to kill it",
                pod.getMetadata().getNamespace(),
                pod.getMetadata().getName(),
                nodeName);
        podsToDelete.add(pod.getMetadata().getName());
    }

    private void rollingUpdate(String key, DaemonSet daemonSet, List<Node> nodeList, List<Pod> owned, String hash) {
        if (daemonSet.getSpec().getUpdateStrategy() == null
                || !"RollingUpdate"
                        .equals(daemonSet.getSpec().getUpdateStrategy().getType())) {
            return;
        }
        DaemonSetRollingUpdate.Plan plan =
                DaemonSetRollingUpdate.plan(daemonSet, nodeList, nodeToPods(owned, false), hash, clock.instant());
        syncNodes(key, daemonSet, plan.podsToDelete(), plan.nodesToCreate(), hash);
    }

    /**
     * Deletes {@code podsToDelete} and creates a pod pinned to each of {@code nodesNeedingPods}, at
     * most {@link #BURST_REPLICAS} of each, creations in slow-start batches (syncNodes).
     */
    private void syncNodes(
            String key, DaemonSet daemonSet, List<String> podsToDelete, List<String> nodesNeedingPods, String hash) {
        if (podsToDelete.isEmpty() && nodesNeedingPods.isEmpty()) {
            return;
        }
        String namespace = daemonSet.getMetadata().getNamespace();
        List<String> creating = nodesNeedingPods.subList(0, Math.min(nodesNeedingPods.size(), BURST_REPLICAS));
        List<String> deleting = podsToDelete.subList(0, Math.min(podsToDelete.size(), BURST_REPLICAS));
        Set<String> deletionKeys = new LinkedHashSet<>();
        deleting.forEach(name -> deletionKeys.add(ObjectKeys.key(namespace, name)));
        // Expect before acting: the informer may see the new pods before the calls return.
        expectations.expect(key, creating.size(), deletionKeys);
        AtomicReference<RuntimeException> firstError = new AtomicReference<>();
        createPods(key, daemonSet, creating, hash, firstError);
        Flux.fromIterable(deleting)
                .flatMap(
                        name -> control.deletePod(namespace, name)
                                .then(Mono.fromRunnable(() -> events.event(
                                        daemonSet, EventType.NORMAL, "SuccessfulDelete", "Deleted pod: %s", name)))
                                .onErrorResume(error -> {
                                    expectations.deletionObserved(key, ObjectKeys.key(namespace, name));
                                    if (!ApiErrors.isNotFound(error)) {
                                        events.event(
                                                daemonSet,
                                                EventType.WARNING,
                                                "FailedDelete",
                                                "Error deleting: %s",
                                                error.getMessage());
                                        firstError.compareAndSet(null, asRuntime(error));
                                    }
                                    return Mono.empty();
                                }),
                        Math.max(1, deleting.size()))
                .then()
                .block(timeout);
        if (firstError.get() != null) {
            throw firstError.get();
        }
    }

    private void createPods(
            String key,
            DaemonSet daemonSet,
            List<String> nodeNames,
            String hash,
            AtomicReference<RuntimeException> firstError) {
        if (nodeNames.isEmpty()) {
            return;
        }
        PodTemplateSpec template = DaemonPods.podTemplate(daemonSet, hash);
        String namespace = daemonSet.getMetadata().getNamespace();
        int position = 0;
        int batch = 1;
        while (position < nodeNames.size()) {
            List<String> batchNodes = nodeNames.subList(position, Math.min(nodeNames.size(), position + batch));
            AtomicInteger failed = new AtomicInteger();
            Flux.fromIterable(batchNodes)
                    .flatMap(
                            nodeName -> {
                                Pod pod = PodTemplates.fromTemplate(template, daemonSet);
                                DaemonPods.pinToNode(pod.getSpec(), nodeName);
                                return control.createPod(namespace, pod)
                                        .doOnNext(created -> events.event(
                                                daemonSet,
                                                EventType.NORMAL,
                                                "SuccessfulCreate",
                                                "Created pod: %s",
                                                created.getMetadata().getName()))
                                        .onErrorResume(error -> {
                                            expectations.creationObserved(key);
                                            if (isNamespaceTerminating(error)) {
                                                return Mono.empty();
                                            }
                                            failed.incrementAndGet();
                                            events.event(
                                                    daemonSet,
                                                    EventType.WARNING,
                                                    "FailedCreate",
                                                    "Error creating: %s",
                                                    error.getMessage());
                                            firstError.compareAndSet(null, asRuntime(error));
                                            return Mono.empty();
                                        });
                            },
                            batchNodes.size())
                    .then()
                    .block(timeout);
            position += batchNodes.size();
            if (failed.get() > 0) {
                // Slow start: the rest would most likely fail the same way; they are not expected now.
                for (int skipped = nodeNames.size() - position; skipped > 0; skipped--) {
                    expectations.creationObserved(key);
                }
                return;
            }
            batch *= 2;
        }
    }

    /**
     * Writes the status if it changed, conditional on the version read; on a conflict once more on
     * a fresh read (storeDaemonSetStatus). With minReadySeconds, pods become available by the clock
     * alone: the DaemonSet is looked at again then.
     *
     * @param observeGeneration whether this sync acted on the DaemonSet's current generation
     */
    private Result writeStatus(
            DaemonSet daemonSet,
            List<Node> nodeList,
            Map<String, List<Pod>> nodeToPods,
            String hash,
            boolean observeGeneration) {
        DaemonSetStatus status = DaemonSetStatuses.calculate(daemonSet, nodeList, nodeToPods, hash, clock.instant());
        if (DaemonSetStatuses.needsUpdate(daemonSet, status)) {
            DaemonSet target = daemonSet;
            for (int attempt = 0; ; attempt++) {
                DaemonSetStatus toWrite = new DaemonSetStatusBuilder(status)
                        .withCollisionCount(
                                target.getStatus() == null
                                        ? null
                                        : target.getStatus().getCollisionCount())
                        .withConditions(
                                target.getStatus() == null
                                        ? null
                                        : target.getStatus().getConditions())
                        .withObservedGeneration(
                                observeGeneration
                                        ? daemonSet.getMetadata().getGeneration()
                                        : target.getStatus() == null
                                                ? null
                                                : target.getStatus().getObservedGeneration())
                        .build();
                try {
                    control.updateStatus(new DaemonSetBuilder(target)
                                    .withStatus(toWrite)
                                    .build())
                            .block(timeout);
                    break;
                } catch (RuntimeException e) {
                    if (attempt >= STATUS_UPDATE_RETRIES || !ApiErrors.isConflict(e)) {
                        throw e;
                    }
                }
                target = control.freshOwner(
                                daemonSet.getMetadata().getNamespace(),
                                daemonSet.getMetadata().getName())
                        .blockOptional(timeout)
                        .orElse(null);
                if (target == null) {
                    return Result.done();
                }
            }
        }
        int minReadySeconds = daemonSet.getSpec().getMinReadySeconds() == null
                ? 0
                : daemonSet.getSpec().getMinReadySeconds();
        if (minReadySeconds > 0 && !status.getNumberReady().equals(status.getNumberAvailable())) {
            return Result.requeueAfter(Duration.ofSeconds(minReadySeconds));
        }
        return Result.done();
    }

    /** The API server refuses new objects in a namespace being deleted; no point in retrying then. */
    private static boolean isNamespaceTerminating(Throwable error) {
        return ApiErrors.code(error) == 403
                && error.getMessage() != null
                && error.getMessage().contains("because it is being terminated");
    }

    private static RuntimeException asRuntime(Throwable error) {
        return error instanceof RuntimeException runtime ? runtime : new IllegalStateException(error);
    }
}
