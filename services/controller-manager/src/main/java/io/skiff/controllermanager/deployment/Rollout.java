package io.skiff.controllermanager.deployment;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.skiff.component.client.ApiErrors;
import io.skiff.component.controller.Result;
import io.skiff.component.events.EventRecorder;
import io.skiff.component.events.EventType;
import io.skiff.component.informer.Lister;
import io.skiff.controllermanager.ownership.OwnerReferences;
import io.skiff.model.api.ApiException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One sync of one Deployment, as the methods of kube's DeploymentController that sync.go and
 * progress.go hold: finding (or creating) the new ReplicaSet and keeping revisions, scaling sets with
 * their annotations and ScalingReplicaSet events, proportional scaling, history cleanup, and the
 * status with its conditions. It works on a copy of the cached Deployment that its own writes keep
 * current (resourceVersion, annotations, status), so one sync can write several times.
 */
final class Rollout {

    static final String SCALING_REPLICA_SET = "ScalingReplicaSet";

    private static final Logger log = LoggerFactory.getLogger(Rollout.class);
    private static final String NAMESPACE_TERMINATING_CAUSE = "NamespaceTerminating";

    /** The new ReplicaSet (null when there is none yet) and all the others. */
    record Sets(ReplicaSet newSet, List<ReplicaSet> old) {

        /** The old sets and the new one, which may be null, as Go's append(oldRSs, newRS). */
        List<ReplicaSet> all() {
            List<ReplicaSet> all = new ArrayList<>(old);
            all.add(newSet);
            return all;
        }
    }

    /** The outcome of a scale: whether the size changed, and the set as written (or as it was). */
    record Scaled(boolean scaled, ReplicaSet replicaSet) {}

    private final DeploymentWrites writes;
    private final UnobservedWrites unobserved;
    private final EventRecorder events;
    private final Lister<ReplicaSet> replicaSets;
    private final Clock clock;
    private final Duration timeout;
    private final Map<String, ReplicaSet> written = new HashMap<>();
    private Deployment deployment;

    Rollout(
            Deployment deployment,
            DeploymentWrites writes,
            UnobservedWrites unobserved,
            EventRecorder events,
            Lister<ReplicaSet> replicaSets,
            Clock clock,
            Duration timeout) {
        this.deployment = deployment;
        this.writes = writes;
        this.unobserved = unobserved;
        this.events = events;
        this.replicaSets = replicaSets;
        this.clock = clock;
        this.timeout = timeout;
    }

    /** The Deployment as this sync last wrote or read it. */
    Deployment deployment() {
        return deployment;
    }

    Instant now() {
        return clock.instant();
    }

    // ---- the new and the old ReplicaSets

    /**
     * The new ReplicaSet and the old ones, with the new one's revision and annotations brought up to
     * date and the Deployment's revision following it (getAllReplicaSetsAndSyncRevision).
     *
     * @param create whether to create the new ReplicaSet when there is none
     */
    Sets replicaSetsAndSyncRevision(List<ReplicaSet> owned, boolean create) {
        List<ReplicaSet> current = latest(owned);
        List<ReplicaSet> old = ReplicaSetLists.findOld(deployment, current);
        ReplicaSet newSet = newReplicaSet(current, old, create);
        return new Sets(newSet, old);
    }

    /**
     * The sets as this sync last wrote them: the cache has not seen those writes yet, and writing
     * from its stale copies would only conflict.
     */
    private List<ReplicaSet> latest(List<ReplicaSet> owned) {
        List<ReplicaSet> latest = new ArrayList<>(owned.size());
        for (ReplicaSet replicaSet : owned) {
            latest.add(written.getOrDefault(replicaSet.getMetadata().getUid(), replicaSet));
        }
        return latest;
    }

    private ReplicaSet update(ReplicaSet replicaSet) {
        ReplicaSet updated = writes.updateReplicaSet(replicaSet).block(timeout);
        if (updated == null) {
            return replicaSet;
        }
        written.put(updated.getMetadata().getUid(), updated);
        unobserved.written(updated);
        return updated;
    }

    private ReplicaSet newReplicaSet(List<ReplicaSet> owned, List<ReplicaSet> old, boolean create) {
        ReplicaSet existing = ReplicaSetLists.findNew(deployment, owned);
        String newRevision = Long.toString(Revisions.max(old) + 1);
        if (existing != null) {
            return syncExistingNewReplicaSet(existing, newRevision);
        }
        if (!create) {
            return null;
        }
        return createNewReplicaSet(old, newRevision);
    }

    private ReplicaSet syncExistingNewReplicaSet(ReplicaSet existing, String newRevision) {
        ReplicaSet copy = ReplicaSetLists.copy(existing);
        boolean annotationsUpdated = DeploymentAnnotations.setNewReplicaSetAnnotations(
                deployment, copy, newRevision, true, DeploymentAnnotations.MAX_REVISION_HISTORY_CHARS);
        boolean minReadySecondsDiffer =
                Deployments.orZero(copy.getSpec().getMinReadySeconds()) != Deployments.minReadySeconds(deployment);
        if (annotationsUpdated || minReadySecondsDiffer) {
            copy.getSpec().setMinReadySeconds(deployment.getSpec().getMinReadySeconds());
            return update(copy);
        }
        // The set's revision is the reliable one: the Deployment's copy of it may have failed to write.
        syncDeploymentRevision(copy.getMetadata().getAnnotations().get(DeploymentAnnotations.REVISION));
        DeploymentStatus status = statusCopy();
        if (Deployments.hasProgressDeadline(deployment)
                && DeploymentConditions.get(status, DeploymentConditions.PROGRESSING)
                        .isEmpty()) {
            // A deployment without a Progressing condition starts being watched for progress now.
            DeploymentConditions.set(
                    status,
                    DeploymentConditions.create(
                            DeploymentConditions.PROGRESSING,
                            DeploymentConditions.TRUE,
                            DeploymentConditions.FOUND_NEW_REPLICA_SET,
                            String.format(
                                    "Found new replica set \"%s\"",
                                    copy.getMetadata().getName()),
                            now()));
            writeStatus(status);
        }
        return copy;
    }

    private ReplicaSet createNewReplicaSet(List<ReplicaSet> old, String newRevision) {
        PodTemplateSpec template =
                new PodTemplateSpecBuilder(deployment.getSpec().getTemplate()).build();
        if (template.getMetadata() == null) {
            template.setMetadata(new ObjectMeta());
        }
        String hash = PodTemplates.hash(template, Deployments.status(deployment).getCollisionCount());
        Map<String, String> labels = new LinkedHashMap<>();
        if (template.getMetadata().getLabels() != null) {
            labels.putAll(template.getMetadata().getLabels());
        }
        labels.put(PodTemplates.HASH_LABEL, hash);
        template.getMetadata().setLabels(labels);
        LabelSelector selector = new LabelSelectorBuilder(deployment.getSpec().getSelector())
                .addToMatchLabels(PodTemplates.HASH_LABEL, hash)
                .build();
        String namespace = Deployments.namespace(deployment);
        ReplicaSet newSet = new ReplicaSetBuilder()
                .withNewMetadata()
                // A name derived from the template makes a repeated create find the set made before.
                .withName(Deployments.name(deployment) + "-" + hash)
                .withNamespace(namespace)
                .withOwnerReferences(OwnerReferences.controllerRef(deployment))
                .withLabels(new LinkedHashMap<>(labels))
                .endMetadata()
                .withNewSpec()
                .withReplicas(0)
                .withMinReadySeconds(deployment.getSpec().getMinReadySeconds())
                .withSelector(selector)
                .withTemplate(template)
                .endSpec()
                .build();
        List<ReplicaSet> all = new ArrayList<>(old);
        all.add(newSet);
        int newReplicas = ReplicaSetLists.newReplicaSetReplicas(deployment, all, newSet);
        newSet.getSpec().setReplicas(newReplicas);
        DeploymentAnnotations.setNewReplicaSetAnnotations(
                deployment, newSet, newRevision, false, DeploymentAnnotations.MAX_REVISION_HISTORY_CHARS);

        ReplicaSet created;
        boolean alreadyExists = false;
        try {
            created = writes.createReplicaSet(namespace, newSet).block(timeout);
        } catch (RuntimeException e) {
            if (ApiErrors.isAlreadyExists(e)) {
                created = ourReplicaSetOrCollision(newSet, e);
                alreadyExists = true;
            } else if (hasCause(e, NAMESPACE_TERMINATING_CAUSE)) {
                // Every create in a terminating namespace fails: nothing to report.
                throw e;
            } else {
                reportCreateFailure(newSet, e);
                throw e;
            }
        }
        if (!alreadyExists && newReplicas > 0) {
            events.event(
                    deployment,
                    EventType.NORMAL,
                    SCALING_REPLICA_SET,
                    "Scaled up replica set %s from 0 to %d",
                    created.getMetadata().getName(),
                    newReplicas);
        }
        syncDeploymentRevision(newRevision);
        if (!alreadyExists && Deployments.hasProgressDeadline(deployment)) {
            DeploymentStatus status = statusCopy();
            DeploymentConditions.set(
                    status,
                    DeploymentConditions.create(
                            DeploymentConditions.PROGRESSING,
                            DeploymentConditions.TRUE,
                            DeploymentConditions.NEW_REPLICA_SET_CREATED,
                            String.format(
                                    "Created new replica set \"%s\"",
                                    created.getMetadata().getName()),
                            now()));
            writeStatus(status);
        }
        return created;
    }

    /**
     * The name was taken. A slow cache or a fast resync finds our own set: carry on with it. Another
     * template hashed to the same name: count a collision, so that the next sync hashes differently.
     */
    private ReplicaSet ourReplicaSetOrCollision(ReplicaSet wanted, RuntimeException alreadyExists) {
        Optional<ReplicaSet> existing = replicaSets.get(
                wanted.getMetadata().getNamespace(), wanted.getMetadata().getName());
        if (existing.isEmpty()) {
            throw alreadyExists;
        }
        if (OwnerReferences.isControlledBy(
                        existing.get(), deployment.getMetadata().getUid())
                && PodTemplates.equalIgnoringHash(
                        deployment.getSpec().getTemplate(),
                        existing.get().getSpec().getTemplate())) {
            return existing.get();
        }
        Integer before = Deployments.status(deployment).getCollisionCount();
        int after = before == null ? 1 : before + 1;
        DeploymentStatus status = statusCopy();
        status.setCollisionCount(after);
        try {
            writeStatus(status);
            log.info(
                    "Found a hash collision for deployment {}/{} - bumping collisionCount ({}->{}) to resolve it",
                    Deployments.namespace(deployment),
                    Deployments.name(deployment),
                    before == null ? 0 : before,
                    after);
        } catch (RuntimeException e) {
            log.debug("Could not record the hash collision of {}: {}", Deployments.name(deployment), e.toString());
        }
        throw alreadyExists;
    }

    private void reportCreateFailure(ReplicaSet wanted, RuntimeException error) {
        String message = String.format(
                "Failed to create new replica set \"%s\": %s",
                wanted.getMetadata().getName(), error.getMessage());
        if (Deployments.hasProgressDeadline(deployment)) {
            DeploymentStatus status = statusCopy();
            DeploymentConditions.set(
                    status,
                    DeploymentConditions.create(
                            DeploymentConditions.PROGRESSING,
                            DeploymentConditions.FALSE,
                            DeploymentConditions.REPLICA_SET_CREATE_ERROR,
                            message,
                            now()));
            try {
                writeStatus(status);
            } catch (RuntimeException e) {
                // The failed create is the bigger problem, and it is what the caller reports.
                log.debug("Could not record the failed create on {}: {}", Deployments.name(deployment), e.toString());
            }
        }
        events.event(deployment, EventType.WARNING, DeploymentConditions.REPLICA_SET_CREATE_ERROR, "%s", message);
    }

    /**
     * Sets the Deployment's revision annotation (SetDeploymentRevision), conditional on the version
     * this sync works on. Skiff's status subresource ignores metadata, hence a write of its own.
     */
    private void syncDeploymentRevision(String revision) {
        Map<String, String> annotations = deployment.getMetadata().getAnnotations();
        if (revision == null
                || annotations != null && revision.equals(annotations.get(DeploymentAnnotations.REVISION))) {
            return;
        }
        Deployment patched = writes.patchAnnotations(deployment, Map.of(DeploymentAnnotations.REVISION, revision))
                .block(timeout);
        Map<String, String> updated = annotations == null ? new HashMap<>() : new HashMap<>(annotations);
        updated.put(DeploymentAnnotations.REVISION, revision);
        deployment.getMetadata().setAnnotations(updated);
        if (patched != null) {
            deployment.getMetadata().setResourceVersion(patched.getMetadata().getResourceVersion());
        }
    }

    // ---- scaling

    /** Scales {@code replicaSet} to {@code newScale} if it is not that size already. */
    Scaled scaleAndRecord(ReplicaSet replicaSet, int newScale) {
        if (ReplicaSetLists.replicas(replicaSet) == newScale) {
            return new Scaled(false, replicaSet);
        }
        return scale(replicaSet, newScale);
    }

    /**
     * Sets the size and the replicas annotations of {@code replicaSet} (either may need it) and
     * records a ScalingReplicaSet event when the size changed.
     */
    Scaled scale(ReplicaSet replicaSet, int newScale) {
        int oldScale = ReplicaSetLists.replicas(replicaSet);
        int desired = Deployments.replicas(deployment);
        int maxReplicas = desired + RollingParameters.maxSurge(deployment);
        boolean sizeNeedsUpdate = oldScale != newScale;
        if (!sizeNeedsUpdate
                && !DeploymentAnnotations.replicasAnnotationsNeedUpdate(replicaSet, desired, maxReplicas)) {
            return new Scaled(false, replicaSet);
        }
        ReplicaSet copy = ReplicaSetLists.copy(replicaSet);
        copy.getSpec().setReplicas(newScale);
        DeploymentAnnotations.setReplicasAnnotations(copy, desired, maxReplicas);
        ReplicaSet updated = update(copy);
        if (sizeNeedsUpdate) {
            events.event(
                    deployment,
                    EventType.NORMAL,
                    SCALING_REPLICA_SET,
                    "Scaled %s replica set %s from %d to %d",
                    oldScale < newScale ? "up" : "down",
                    replicaSet.getMetadata().getName(),
                    oldScale,
                    newScale);
        }
        return new Scaled(sizeNeedsUpdate, updated);
    }

    /**
     * Scales the Deployment's sets to its size outside a rollout (sync.go scale): the only active set
     * takes it all; a saturated new set leaves the old ones nothing; otherwise, in a rolling update,
     * the pods to add or remove are shared in proportion to each active set's size, so that scaling
     * neither hastens nor reverts the rollout.
     */
    void scaleToDeployment(ReplicaSet newSet, List<ReplicaSet> old) {
        ReplicaSet activeOrLatest = ReplicaSetLists.findActiveOrLatest(newSet, old);
        int desired = Deployments.replicas(deployment);
        if (activeOrLatest != null) {
            if (ReplicaSetLists.replicas(activeOrLatest) != desired) {
                scaleAndRecord(activeOrLatest, desired);
            }
            return;
        }
        if (ReplicaSetLists.isSaturated(deployment, newSet)) {
            for (ReplicaSet oldSet : ReplicaSetLists.active(old)) {
                scaleAndRecord(oldSet, 0);
            }
            return;
        }
        if (!RollingParameters.isRollingUpdate(deployment)) {
            return;
        }
        List<ReplicaSet> all = new ArrayList<>(old);
        all.add(newSet);
        List<ReplicaSet> active = ReplicaSetLists.active(all);
        for (ProportionalScaling.Target target : ProportionalScaling.targets(deployment, active)) {
            scale(target.replicaSet(), target.size());
        }
    }

    /**
     * Deletes the oldest of the old sets beyond spec.revisionHistoryLimit (cleanupDeployment): only
     * those scaled to zero, with no pods left and their generation observed.
     */
    void cleanup(List<ReplicaSet> old) {
        if (!Deployments.hasRevisionHistoryLimit(deployment)) {
            return;
        }
        List<ReplicaSet> cleanable = new ArrayList<>();
        for (ReplicaSet replicaSet : old) {
            if (replicaSet != null && replicaSet.getMetadata().getDeletionTimestamp() == null) {
                cleanable.add(replicaSet);
            }
        }
        int surplus = cleanable.size() - deployment.getSpec().getRevisionHistoryLimit();
        if (surplus <= 0) {
            return;
        }
        cleanable.sort(ReplicaSetLists.BY_REVISION);
        for (ReplicaSet replicaSet : cleanable.subList(0, surplus)) {
            long generation = Deployments.orZero(replicaSet.getMetadata().getGeneration());
            long observed =
                    Deployments.orZero(ReplicaSetLists.status(replicaSet).getObservedGeneration());
            if (Deployments.orZero(ReplicaSetLists.status(replicaSet).getReplicas()) != 0
                    || ReplicaSetLists.replicas(replicaSet) != 0
                    || generation > observed) {
                continue;
            }
            log.debug(
                    "Deleting old replica set {}/{} of deployment {}",
                    replicaSet.getMetadata().getNamespace(),
                    replicaSet.getMetadata().getName(),
                    Deployments.name(deployment));
            try {
                writes.deleteReplicaSet(
                                replicaSet.getMetadata().getNamespace(),
                                replicaSet.getMetadata().getName())
                        .block(timeout);
            } catch (RuntimeException e) {
                if (!ApiErrors.isNotFound(e)) {
                    // Stop at the first failure rather than pile more deletes on a struggling server.
                    throw e;
                }
            }
        }
    }

    /**
     * Whether the Deployment was resized since its active sets were last scaled: their
     * desired-replicas annotation no longer matches spec.replicas (isScalingEvent).
     */
    boolean isScalingEvent(List<ReplicaSet> owned) {
        Sets sets = replicaSetsAndSyncRevision(owned, false);
        for (ReplicaSet replicaSet : ReplicaSetLists.active(sets.all())) {
            OptionalInt desired = DeploymentAnnotations.desiredReplicas(replicaSet);
            if (desired.isPresent() && desired.getAsInt() != Deployments.replicas(deployment)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Reconciles sizes without rolling out (sync.go sync): used while paused and on scaling events.
     * A paused deployment's history is cleaned up here, since no rollout will.
     */
    Result scaleOnly(List<ReplicaSet> owned) {
        Sets sets = replicaSetsAndSyncRevision(owned, false);
        scaleToDeployment(sets.newSet(), sets.old());
        if (Deployments.paused(deployment)) {
            cleanup(sets.old());
        }
        syncStatus(sets.all(), sets.newSet());
        return Result.done();
    }

    /** Only the status, for a Deployment being deleted (syncStatusOnly). */
    Result statusOnly(List<ReplicaSet> owned) {
        Sets sets = replicaSetsAndSyncRevision(owned, false);
        syncStatus(sets.all(), sets.newSet());
        return Result.done();
    }

    // ---- status

    /**
     * Marks a pause or a resume with an Unknown Progressing condition, so that time spent paused never
     * counts against the progress deadline (checkPausedConditions). A deadline already exceeded
     * stays reported.
     */
    void checkPausedConditions() {
        if (!Deployments.hasProgressDeadline(deployment)) {
            return;
        }
        Optional<DeploymentCondition> condition =
                DeploymentConditions.get(deployment.getStatus(), DeploymentConditions.PROGRESSING);
        if (condition.isPresent()
                && DeploymentConditions.PROGRESS_DEADLINE_EXCEEDED.equals(
                        condition.get().getReason())) {
            return;
        }
        boolean pausedConditionExists = condition.isPresent()
                && DeploymentConditions.DEPLOYMENT_PAUSED.equals(condition.get().getReason());
        boolean paused = Deployments.paused(deployment);
        if (paused == pausedConditionExists) {
            return;
        }
        DeploymentStatus status = statusCopy();
        DeploymentConditions.set(
                status,
                DeploymentConditions.create(
                        DeploymentConditions.PROGRESSING,
                        DeploymentConditions.UNKNOWN,
                        paused ? DeploymentConditions.DEPLOYMENT_PAUSED : DeploymentConditions.DEPLOYMENT_RESUMED,
                        paused ? "Deployment is paused" : "Deployment is resumed",
                        now()));
        writeStatus(status);
    }

    /** Writes the status computed from the sets if it changed (syncDeploymentStatus). */
    void syncStatus(List<ReplicaSet> all, ReplicaSet newSet) {
        DeploymentStatus status = DeploymentStatuses.calculate(all, newSet, deployment, now());
        if (!DeploymentStatuses.same(Deployments.status(deployment), status)) {
            writeStatus(status);
        }
    }

    /**
     * Writes the status during a rollout (syncRolloutStatus), with Progressing and ReplicaFailure as
     * {@link RolloutProgress} finds them. When nothing changed and the rollout is still under way,
     * the result asks to look again when its progress deadline expires.
     */
    Result syncRolloutStatus(List<ReplicaSet> all, ReplicaSet newSet) {
        Instant now = now();
        DeploymentStatus status = RolloutProgress.status(all, newSet, deployment, now);
        if (DeploymentStatuses.same(Deployments.status(deployment), status)) {
            return RolloutProgress.recheck(deployment, status, now);
        }
        writeStatus(status);
        return Result.done();
    }

    /** A mutable copy of the current status (conditions list copied, conditions shared). */
    private DeploymentStatus statusCopy() {
        return new DeploymentStatusBuilder(Deployments.status(deployment)).build();
    }

    /** Writes {@code status} conditional on the version this sync works on, and keeps the new version. */
    void writeStatus(DeploymentStatus status) {
        Deployment target = Deployments.copy(deployment);
        target.setStatus(status);
        Deployment written = writes.updateStatus(target).block(timeout);
        deployment.setStatus(status);
        if (written != null) {
            deployment.getMetadata().setResourceVersion(written.getMetadata().getResourceVersion());
        }
    }

    private static boolean hasCause(RuntimeException error, String reason) {
        if (!(error instanceof ApiException api)) {
            return false;
        }
        Status status = api.status();
        if (status == null || status.getDetails() == null || status.getDetails().getCauses() == null) {
            return false;
        }
        for (StatusCause cause : status.getDetails().getCauses()) {
            if (reason.equals(cause.getReason())) {
                return true;
            }
        }
        return false;
    }
}
