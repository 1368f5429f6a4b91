package io.skiff.controllermanager.deployment;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The annotations the deployment controller keeps on its ReplicaSets (deployment_util.go): the
 * revision and its history, the Deployment's size and maximum size when the set was last scaled, and
 * the Deployment's own annotations, copied except for the controller's and kubectl apply's.
 */
final class DeploymentAnnotations {

    static final String REVISION = "deployment.kubernetes.io/revision";
    static final String REVISION_HISTORY = "deployment.kubernetes.io/revision-history";
    static final String DESIRED_REPLICAS = "deployment.kubernetes.io/desired-replicas";
    static final String MAX_REPLICAS = "deployment.kubernetes.io/max-replicas";
    static final String LAST_APPLIED_CONFIGURATION = "kubectl.kubernetes.io/last-applied-configuration";
    static final String DEPRECATED_ROLLBACK_TO = "deprecated.deployment.rollback.to";

    /** The revision history stops growing at about 100 entries (maxRevHistoryLengthInChars). */
    static final int MAX_REVISION_HISTORY_CHARS = 2000;

    private static final Set<String> NOT_COPIED = Set.of(
            LAST_APPLIED_CONFIGURATION,
            REVISION,
            REVISION_HISTORY,
            DESIRED_REPLICAS,
            MAX_REPLICAS,
            DEPRECATED_ROLLBACK_TO);

    private static final Logger log = LoggerFactory.getLogger(DeploymentAnnotations.class);

    private DeploymentAnnotations() {}

    /**
     * Brings the new set's annotations up to date (SetNewReplicaSetAnnotations): the Deployment's
     * copied annotations; the revision raised to {@code newRevision} if lower, the revision it had
     * appended to the revision history (a rollback to this set); and, for a set about to be created,
     * the replicas annotations.
     *
     * @param exists whether the set exists already (an existing set keeps its replicas annotations)
     * @return whether an annotation changed
     */
    static boolean setNewReplicaSetAnnotations(
            Deployment deployment, ReplicaSet replicaSet, String newRevision, boolean exists, int historyLimitChars) {
        boolean changed = copyToReplicaSet(deployment, replicaSet);
        Map<String, String> annotations = annotations(replicaSet);
        String oldRevision = annotations.get(REVISION);
        long oldRevisionNumber;
        try {
            oldRevisionNumber = oldRevision == null || oldRevision.isEmpty() ? 0 : Long.parseLong(oldRevision);
        } catch (NumberFormatException e) {
            log.info(
                    "Not updating the revision of ReplicaSet {}: old revision {} is not a number",
                    name(replicaSet),
                    oldRevision);
            return false;
        }
        long newRevisionNumber;
        try {
            newRevisionNumber = Long.parseLong(newRevision);
        } catch (NumberFormatException e) {
            log.info(
                    "Not updating the revision of ReplicaSet {}: new revision {} is not a number",
                    name(replicaSet),
                    newRevision);
            return false;
        }
        if (oldRevisionNumber < newRevisionNumber) {
            annotations.put(REVISION, newRevision);
            changed = true;
            if (oldRevision != null) {
                // A set that had a revision and gets a newer one is being rolled back to: keep its past.
                appendToHistory(replicaSet, annotations, oldRevision, historyLimitChars);
            }
        }
        if (!exists) {
            int replicas = Deployments.replicas(deployment);
            if (setReplicasAnnotations(replicaSet, replicas, replicas + RollingParameters.maxSurge(deployment))) {
                changed = true;
            }
        }
        return changed;
    }

    private static void appendToHistory(
            ReplicaSet replicaSet, Map<String, String> annotations, String oldRevision, int historyLimitChars) {
        String history = annotations.getOrDefault(REVISION_HISTORY, "");
        if (history.isEmpty()) {
            annotations.put(REVISION_HISTORY, oldRevision);
            return;
        }
        List<String> revisions = new ArrayList<>(Arrays.asList(history.split(",", -1)));
        int totalLength = history.length() + oldRevision.length() + 1;
        int start = 0;
        while (totalLength > historyLimitChars && start < revisions.size()) {
            totalLength -= revisions.get(start).length() + 1;
            start++;
        }
        if (totalLength <= historyLimitChars) {
            List<String> kept = new ArrayList<>(revisions.subList(start, revisions.size()));
            kept.add(oldRevision);
            annotations.put(REVISION_HISTORY, String.join(",", kept));
        } else {
            log.info(
                    "Not appending revision {} to the history of ReplicaSet {}: the history reached {} characters",
                    oldRevision,
                    name(replicaSet),
                    historyLimitChars);
        }
    }

    /**
     * Copies the Deployment's annotations onto the set, except kubectl apply's and the controller's
     * own: the set's revision is the reliable one, the Deployment's copy of it may lag.
     *
     * @return whether an annotation changed
     */
    static boolean copyToReplicaSet(Deployment deployment, ReplicaSet replicaSet) {
        Map<String, String> annotations = annotations(replicaSet);
        boolean changed = false;
        Map<String, String> source = deployment.getMetadata().getAnnotations();
        if (source == null) {
            return false;
        }
        for (Map.Entry<String, String> entry : source.entrySet()) {
            boolean same = annotations.containsKey(entry.getKey())
                    && Objects.equals(annotations.get(entry.getKey()), entry.getValue());
            if (NOT_COPIED.contains(entry.getKey()) || same) {
                continue;
            }
            annotations.put(entry.getKey(), entry.getValue());
            changed = true;
        }
        return changed;
    }

    /** Records the Deployment's size and maximum size on the set (SetReplicasAnnotations). */
    static boolean setReplicasAnnotations(ReplicaSet replicaSet, int desiredReplicas, int maxReplicas) {
        Map<String, String> annotations = annotations(replicaSet);
        boolean changed = false;
        if (!Integer.toString(desiredReplicas).equals(annotations.get(DESIRED_REPLICAS))) {
            annotations.put(DESIRED_REPLICAS, Integer.toString(desiredReplicas));
            changed = true;
        }
        if (!Integer.toString(maxReplicas).equals(annotations.get(MAX_REPLICAS))) {
            annotations.put(MAX_REPLICAS, Integer.toString(maxReplicas));
            changed = true;
        }
        return changed;
    }

    static boolean replicasAnnotationsNeedUpdate(ReplicaSet replicaSet, int desiredReplicas, int maxReplicas) {
        Map<String, String> annotations = replicaSet.getMetadata().getAnnotations();
        return annotations == null
                || !Integer.toString(desiredReplicas).equals(annotations.get(DESIRED_REPLICAS))
                || !Integer.toString(maxReplicas).equals(annotations.get(MAX_REPLICAS));
    }

    static OptionalInt desiredReplicas(ReplicaSet replicaSet) {
        return intAnnotation(replicaSet, DESIRED_REPLICAS);
    }

    static OptionalInt maxReplicas(ReplicaSet replicaSet) {
        return intAnnotation(replicaSet, MAX_REPLICAS);
    }

    private static OptionalInt intAnnotation(ReplicaSet replicaSet, String key) {
        Map<String, String> annotations = replicaSet.getMetadata().getAnnotations();
        String value = annotations == null ? null : annotations.get(key);
        if (value == null) {
            return OptionalInt.empty();
        }
        try {
            return OptionalInt.of(Integer.parseInt(value));
        } catch (NumberFormatException e) {
            log.debug("ReplicaSet {} has an unreadable annotation {}={}", name(replicaSet), key, value);
            return OptionalInt.empty();
        }
    }

    /** The set's annotations as a mutable map, created if absent. */
    private static Map<String, String> annotations(ReplicaSet replicaSet) {
        Map<String, String> annotations = replicaSet.getMetadata().getAnnotations();
        if (annotations == null) {
            annotations = new HashMap<>();
            replicaSet.getMetadata().setAnnotations(annotations);
        }
        return annotations;
    }

    private static String name(ReplicaSet replicaSet) {
        return replicaSet.getMetadata().getNamespace() + "/"
                + replicaSet.getMetadata().getName();
    }
}
