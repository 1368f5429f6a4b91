package io.skiff.controllermanager.daemonset;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.ControllerRevisionBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.skiff.component.client.ApiErrors;
import io.skiff.component.informer.Lister;
import io.skiff.controllermanager.history.ControllerRevisions;
import io.skiff.controllermanager.history.Hashes;
import io.skiff.controllermanager.history.RevisionHistory;
import io.skiff.controllermanager.history.RevisionWrites;
import io.skiff.controllermanager.ownership.OwnerReferences;
import io.skiff.controllermanager.pods.PodControl;
import io.skiff.model.selector.LabelSelector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A DaemonSet's ControllerRevisions (daemon/update.go constructHistory, snapshot, dedupCurHistories,
 * cleanupHistory): one revision per template the DaemonSet has had, the current one numbered
 * highest and named {@code <daemonset>-<hash>}, its hash also the {@code controller-revision-hash}
 * label of the pods made from it.
 */
final class DaemonSetHistory {

    /** A DaemonSet's revisions: the one matching its template, and the others. */
    record Revisions(ControllerRevision current, List<ControllerRevision> old) {

        String hash() {
            return current.getMetadata().getLabels().get(ControllerRevisions.REVISION_LABEL);
        }
    }

    private final Lister<ControllerRevision> revisions;
    private final RevisionWrites revisionWrites;
    private final PodControl<DaemonSet> control;
    private final RevisionHistory history;
    private final Duration timeout;

    DaemonSetHistory(
            Lister<ControllerRevision> revisions,
            RevisionWrites revisionWrites,
            PodControl<DaemonSet> control,
            Duration timeout) {
        this.revisions = revisions;
        this.revisionWrites = revisionWrites;
        this.control = control;
        this.timeout = timeout;
        this.history = new RevisionHistory(revisionWrites, control::freshOwner, timeout);
    }

    /**
     * The DaemonSet's revisions after claiming them, labelling old ones that lack the hash label,
     * merging duplicates of the current one, creating the current one if the template is new, and
     * numbering it above the others.
     *
     * @param pods the DaemonSet's pods, relabelled when duplicates are merged
     */
    Revisions construct(DaemonSet daemonSet, List<Pod> pods) {
        String namespace = daemonSet.getMetadata().getNamespace();
        List<ControllerRevision> claimed = history.claim(
                daemonSet,
                LabelSelector.fromApi(daemonSet.getSpec().getSelector()),
                revisions.list(namespace, LabelSelector.everything()));
        Map<String, Object> patch =
                ControllerRevisions.templatePatch(daemonSet.getSpec().getTemplate());
        byte[] wanted = ControllerRevisions.canonicalJson(patch);
        List<ControllerRevision> current = new ArrayList<>();
        List<ControllerRevision> old = new ArrayList<>();
        for (ControllerRevision revision : claimed) {
            ControllerRevision labelled = withHashLabel(revision);
            if (Arrays.equals(ControllerRevisions.canonicalJson(labelled.getData()), wanted)) {
                current.add(labelled);
            } else {
                old.add(labelled);
            }
        }
        long next = ControllerRevisions.maxRevision(old) + 1;
        ControllerRevision cur;
        if (current.isEmpty()) {
            cur = snapshot(daemonSet, patch, next);
        } else {
            cur = dedup(daemonSet, current, pods);
            if (ControllerRevisions.revisionOf(cur) < next) {
                cur = revisionWrites
                        .updateRevision(new ControllerRevisionBuilder(cur)
                                .withRevision(next)
                                .build())
                        .block(timeout);
            }
        }
        return new Revisions(cur, old);
    }

    /**
     * Deletes the oldest revisions beyond spec.revisionHistoryLimit that no pod runs any more
     * (cleanupHistory).
     *
     * @param pods every pod the DaemonSet controls, finished ones included
     */
    void cleanup(DaemonSet daemonSet, List<ControllerRevision> old, List<Pod> pods) {
        int limit = daemonSet.getSpec().getRevisionHistoryLimit() == null
                ? 10
                : daemonSet.getSpec().getRevisionHistoryLimit();
        int toKill = old.size() - limit;
        if (toKill <= 0) {
            return;
        }
        Set<String> liveHashes = new HashSet<>();
        for (Pod pod : pods) {
            String hash = label(pod.getMetadata().getLabels(), ControllerRevisions.REVISION_LABEL);
            if (!hash.isEmpty()) {
                liveHashes.add(hash);
            }
        }
        List<ControllerRevision> sorted = new ArrayList<>(old);
        sorted.sort(java.util.Comparator.comparingLong(ControllerRevisions::revisionOf));
        for (ControllerRevision revision : sorted) {
            if (toKill <= 0) {
                return;
            }
            if (liveHashes.contains(label(revision.getMetadata().getLabels(), ControllerRevisions.REVISION_LABEL))) {
                continue;
            }
            history.delete(revision);
            toKill--;
        }
    }

    /**
     * The hash of a DaemonSet's template ({@link Hashes#templateHash}) over the template's
     * canonical JSON as revisions store it.
     */
    static String templateHash(PodTemplateSpec template, Integer collisionCount) {
        return Hashes.templateHash(ControllerRevisions.canonicalJson(template), collisionCount);
    }

    /**
     * Creates the revision of the current template (snapshot). If its name is taken by a revision
     * of another template, the DaemonSet's status.collisionCount is raised so that the next sync
     * hashes to another name, and this sync fails.
     */
    private ControllerRevision snapshot(DaemonSet daemonSet, Map<String, Object> patch, long revision) {
        Integer collisionCount =
                daemonSet.getStatus() == null ? null : daemonSet.getStatus().getCollisionCount();
        String hash = templateHash(daemonSet.getSpec().getTemplate(), collisionCount);
        String name = daemonSet.getMetadata().getName() + "-" + hash;
        String namespace = daemonSet.getMetadata().getNamespace();
        Map<String, String> labels = new HashMap<>();
        if (daemonSet.getSpec().getTemplate().getMetadata() != null
                && daemonSet.getSpec().getTemplate().getMetadata().getLabels() != null) {
            labels.putAll(daemonSet.getSpec().getTemplate().getMetadata().getLabels());
        }
        labels.put(ControllerRevisions.REVISION_LABEL, hash);
        ControllerRevision snapshot = new ControllerRevisionBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .withLabels(labels)
                .withAnnotations(daemonSet.getMetadata().getAnnotations())
                .withOwnerReferences(OwnerReferences.controllerRef(daemonSet))
                .endMetadata()
                .withData(patch)
                .withRevision(revision)
                .build();
        RuntimeException alreadyExists;
        try {
            return revisionWrites.createRevision(namespace, snapshot).block(timeout);
        } catch (RuntimeException e) {
            if (!ApiErrors.isAlreadyExists(e)) {
                throw e;
            }
            alreadyExists = e;
        }
        ControllerRevision existing =
                revisionWrites.freshRevision(namespace, name).block(timeout);
        if (existing != null && ControllerRevisions.sameData(existing, snapshot)) {
            return existing;
        }
        DaemonSet fresh = control.freshOwner(namespace, daemonSet.getMetadata().getName())
                .blockOptional(timeout)
                .orElseThrow(() -> alreadyExists);
        Integer freshCount =
                fresh.getStatus() == null ? null : fresh.getStatus().getCollisionCount();
        if (!Objects.equals(freshCount, collisionCount)) {
            throw new IllegalStateException(String.format(
                    "found a stale collision count (%s, expected %s) of DaemonSet %s while processing; will retry until it is updated",
                    collisionCount, freshCount, daemonSet.getMetadata().getName()));
        }
        DaemonSet bumped = new DaemonSetBuilder(fresh)
                .editOrNewStatus()
                .withCollisionCount(freshCount == null ? 1 : freshCount + 1)
                .endStatus()
                .build();
        control.updateStatus(bumped).block(timeout);
        throw alreadyExists;
    }

    /**
     * Keeps the highest-numbered of several revisions of the current template, moving pods of the
     * others onto its hash before deleting them (dedupCurHistories).
     */
    private ControllerRevision dedup(DaemonSet daemonSet, List<ControllerRevision> current, List<Pod> pods) {
        if (current.size() == 1) {
            return current.get(0);
        }
        ControllerRevision keep = current.get(0);
        for (ControllerRevision revision : current) {
            if (ControllerRevisions.revisionOf(revision) >= ControllerRevisions.revisionOf(keep)) {
                keep = revision;
            }
        }
        String keepHash = label(keep.getMetadata().getLabels(), ControllerRevisions.REVISION_LABEL);
        for (Pod pod : pods) {
            if (!keepHash.equals(label(pod.getMetadata().getLabels(), ControllerRevisions.REVISION_LABEL))) {
                control.patchPod(
                                pod.getMetadata().getNamespace(),
                                pod.getMetadata().getName(),
                                Map.of(
                                        "metadata",
                                        Map.of("labels", Map.of(ControllerRevisions.REVISION_LABEL, keepHash))))
                        .block(timeout);
            }
        }
        for (ControllerRevision revision : current) {
            if (!revision.getMetadata().getName().equals(keep.getMetadata().getName())) {
                history.delete(revision);
            }
        }
        return keep;
    }

    /** Old revisions may lack the hash label: it is their name, which avoids worrying about hash collisions. */
    private ControllerRevision withHashLabel(ControllerRevision revision) {
        if (revision.getMetadata().getLabels() != null
                && revision.getMetadata().getLabels().containsKey(ControllerRevisions.REVISION_LABEL)) {
            return revision;
        }
        return revisionWrites
                .updateRevision(new ControllerRevisionBuilder(revision)
                        .editMetadata()
                        .addToLabels(
                                ControllerRevisions.REVISION_LABEL,
                                revision.getMetadata().getName())
                        .endMetadata()
                        .build())
                .block(timeout);
    }

    private static String label(Map<String, String> labels, String key) {
        return labels == null ? "" : labels.getOrDefault(key, "");
    }
}
