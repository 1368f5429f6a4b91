package io.skiff.controllermanager.statefulset;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.skiff.controllermanager.history.ControllerRevisions;
import io.skiff.controllermanager.history.RevisionHistory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A StatefulSet's current and update revisions (stateful_set_control.go getStatefulSetRevisions,
 * truncateHistory; stateful_set_utils.go newRevision, ApplyRevision).
 */
final class StatefulSetRevisions {

    /** The revision the pods run, the one they are moving to, and the collision count that named it. */
    record Pair(ControllerRevision current, ControllerRevision update, int collisionCount) {}

    private final RevisionHistory history;

    StatefulSetRevisions(RevisionHistory history) {
        this.history = history;
    }

    /**
     * The update revision is the set's template: the newest revision if it already holds it, an
     * older one renumbered as newest if the set went back to it (a rollback), or a new one. The
     * current revision is the one status.currentRevision names, or the update revision for a new set.
     *
     * @param sorted the set's revisions, sorted by {@link ControllerRevisions#byRevision()}
     */
    Pair resolve(StatefulSet set, List<ControllerRevision> sorted) {
        int[] collisionCount = {
            set.getStatus() == null || set.getStatus().getCollisionCount() == null
                    ? 0
                    : set.getStatus().getCollisionCount()
        };
        ControllerRevision wanted = newRevision(set, ControllerRevisions.nextRevision(sorted), collisionCount[0]);
        List<ControllerRevision> equal = ControllerRevisions.findEqual(sorted, wanted);
        ControllerRevision update;
        if (!equal.isEmpty()
                && ControllerRevisions.sameData(sorted.get(sorted.size() - 1), equal.get(equal.size() - 1))) {
            update = sorted.get(sorted.size() - 1);
        } else if (!equal.isEmpty()) {
            update = history.renumber(equal.get(equal.size() - 1), ControllerRevisions.revisionOf(wanted));
        } else {
            update = history.create(set, wanted, collisionCount);
        }
        String currentName = set.getStatus() == null ? null : set.getStatus().getCurrentRevision();
        ControllerRevision current = sorted.stream()
                .filter(revision -> revision.getMetadata().getName().equals(currentName))
                .findFirst()
                .orElse(update);
        return new Pair(current, update, collisionCount[0]);
    }

    /**
     * Deletes the oldest revisions that are neither current, update, nor run by a pod, beyond
     * spec.revisionHistoryLimit (truncateHistory).
     */
    void truncate(StatefulSet set, List<Pod> pods, List<ControllerRevision> sorted, Pair revisions) {
        Set<String> live = new HashSet<>();
        if (revisions != null) {
            live.add(revisions.current().getMetadata().getName());
            live.add(revisions.update().getMetadata().getName());
        }
        pods.forEach(pod -> live.add(StatefulPods.revision(pod)));
        List<ControllerRevision> historic = new ArrayList<>();
        for (ControllerRevision revision : sorted) {
            if (!live.contains(revision.getMetadata().getName())) {
                historic.add(revision);
            }
        }
        int limit = set.getSpec().getRevisionHistoryLimit() == null
                ? 10
                : set.getSpec().getRevisionHistoryLimit();
        if (limit < 0 || historic.size() <= limit) {
            return;
        }
        for (ControllerRevision revision : historic.subList(0, historic.size() - limit)) {
            history.delete(revision);
        }
    }

    /**
     * The revision holding the set's template: its template labels, the set's annotations, the
     * patch that restores the template (newRevision).
     */
    static ControllerRevision newRevision(StatefulSet set, long revision, int collisionCount) {
        PodTemplateSpec template = set.getSpec().getTemplate();
        Map<String, String> labels =
                template.getMetadata() == null ? null : template.getMetadata().getLabels();
        ControllerRevision created = RevisionHistory.newRevision(
                set, labels, ControllerRevisions.templatePatch(template), revision, collisionCount);
        Map<String, String> annotations = new HashMap<>();
        if (set.getMetadata().getAnnotations() != null) {
            annotations.putAll(set.getMetadata().getAnnotations());
        }
        created.getMetadata().setAnnotations(annotations);
        return created;
    }

    /** The set as it was at {@code revision}: its template restored (ApplyRevision). */
    static StatefulSet apply(StatefulSet set, ControllerRevision revision) {
        PodTemplateSpec template = ControllerRevisions.templateOf(revision)
                .orElseThrow(() -> new IllegalStateException(
                        "revision " + revision.getMetadata().getName() + " holds no pod template"));
        return new StatefulSetBuilder(set)
                .editSpec()
                .withTemplate(template)
                .endSpec()
                .build();
    }
}
