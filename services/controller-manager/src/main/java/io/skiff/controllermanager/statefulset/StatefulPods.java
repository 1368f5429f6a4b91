package io.skiff.controllermanager.statefulset;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.skiff.controllermanager.history.ControllerRevisions;
import io.skiff.controllermanager.pods.ActivePods;
import io.skiff.controllermanager.pods.PodTemplates;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The identity of a StatefulSet's pods (stateful_set_utils.go): pod {@code <set>-<ordinal>} with
 * the pod-name and pod-index labels, hostname and subdomain, and one claim
 * {@code <template>-<set>-<ordinal>} per volume claim template, mounted as the template's volume.
 */
final class StatefulPods {

    /** apps/v1 StatefulSetPodNameLabel. */
    static final String POD_NAME_LABEL = "statefulset.kubernetes.io/pod-name";

    /** apps/v1 PodIndexLabel (the PodIndexLabel feature, on by default). */
    static final String POD_INDEX_LABEL = "apps.kubernetes.io/pod-index";

    private static final Pattern PARENT_AND_ORDINAL = Pattern.compile("(.*)-([0-9]+)$");

    private StatefulPods() {}

    /** The ordinal in a pod's name, -1 when it has none (getOrdinal). */
    static int ordinal(Pod pod) {
        Matcher matcher = PARENT_AND_ORDINAL.matcher(pod.getMetadata().getName());
        if (!matcher.matches()) {
            return -1;
        }
        try {
            return Integer.parseInt(matcher.group(2));
        } catch (NumberFormatException tooLarge) {
            return -1;
        }
    }

    /** The name a pod's name says its StatefulSet has, empty when it has none (getParentName). */
    static String parentName(Pod pod) {
        Matcher matcher = PARENT_AND_ORDINAL.matcher(pod.getMetadata().getName());
        return matcher.matches() ? matcher.group(1) : "";
    }

    /** Whether the pod's name makes it a member of {@code set} (isMemberOf). */
    static boolean isMemberOf(StatefulSet set, Pod pod) {
        return parentName(pod).equals(set.getMetadata().getName());
    }

    /** spec.ordinals.start, or 0. */
    static int startOrdinal(StatefulSet set) {
        return set.getSpec().getOrdinals() == null
                        || set.getSpec().getOrdinals().getStart() == null
                ? 0
                : set.getSpec().getOrdinals().getStart();
    }

    /** The last ordinal the set runs (inclusive). */
    static int endOrdinal(StatefulSet set) {
        return startOrdinal(set) + replicas(set) - 1;
    }

    static int replicas(StatefulSet set) {
        return set.getSpec().getReplicas() == null ? 1 : set.getSpec().getReplicas();
    }

    static boolean inOrdinalRange(Pod pod, StatefulSet set) {
        int ordinal = ordinal(pod);
        return ordinal >= startOrdinal(set) && ordinal <= endOrdinal(set);
    }

    static String podName(StatefulSet set, int ordinal) {
        return set.getMetadata().getName() + "-" + ordinal;
    }

    static String claimName(StatefulSet set, PersistentVolumeClaim template, int ordinal) {
        return template.getMetadata().getName() + "-" + set.getMetadata().getName() + "-" + ordinal;
    }

    /** Whether the pod has the name, namespace and pod-name label of a member of {@code set} (identityMatches). */
    static boolean identityMatches(StatefulSet set, Pod pod) {
        int ordinal = ordinal(pod);
        return ordinal >= 0
                && set.getMetadata().getName().equals(parentName(pod))
                && pod.getMetadata().getName().equals(podName(set, ordinal))
                && set.getMetadata().getNamespace().equals(pod.getMetadata().getNamespace())
                && pod.getMetadata().getName().equals(label(pod, POD_NAME_LABEL));
    }

    /** Whether the pod mounts the claim of each volume claim template under the template's name (storageMatches). */
    static boolean storageMatches(StatefulSet set, Pod pod) {
        int ordinal = ordinal(pod);
        if (ordinal < 0) {
            return false;
        }
        Map<String, Volume> volumes = new HashMap<>();
        for (Volume volume : pod.getSpec().getVolumes() == null
                ? List.<Volume>of()
                : pod.getSpec().getVolumes()) {
            volumes.put(volume.getName(), volume);
        }
        for (PersistentVolumeClaim template : templates(set)) {
            Volume volume = volumes.get(template.getMetadata().getName());
            if (volume == null
                    || volume.getPersistentVolumeClaim() == null
                    || !claimName(set, template, ordinal)
                            .equals(volume.getPersistentVolumeClaim().getClaimName())) {
                return false;
            }
        }
        return true;
    }

    /**
     * The claims the pod needs, by template name (getPersistentVolumeClaims): each template named
     * for the pod, in the set's namespace, labelled with the template's labels and the set's
     * selector labels.
     */
    static Map<String, PersistentVolumeClaim> claims(StatefulSet set, Pod pod) {
        int ordinal = ordinal(pod);
        Map<String, PersistentVolumeClaim> claims = new LinkedHashMap<>();
        Map<String, String> selectorLabels = set.getSpec().getSelector() == null
                        || set.getSpec().getSelector().getMatchLabels() == null
                ? Map.of()
                : set.getSpec().getSelector().getMatchLabels();
        for (PersistentVolumeClaim template : templates(set)) {
            Map<String, String> labels = template.getMetadata().getLabels() == null
                    ? new HashMap<>()
                    : new HashMap<>(template.getMetadata().getLabels());
            labels.putAll(selectorLabels);
            PersistentVolumeClaim claim = new PersistentVolumeClaimBuilder(template)
                    .withApiVersion("v1")
                    .withKind("PersistentVolumeClaim")
                    .editMetadata()
                    .withName(claimName(set, template, ordinal))
                    .withNamespace(set.getMetadata().getNamespace())
                    .withLabels(labels.isEmpty() ? null : labels)
                    .endMetadata()
                    .withStatus(null)
                    .build();
            claims.put(template.getMetadata().getName(), claim);
        }
        return claims;
    }

    /**
     * Gives the pod a volume for each claim, replacing volumes of the same name and keeping the
     * others (updateStorage).
     */
    static void updateStorage(StatefulSet set, Pod pod) {
        Map<String, PersistentVolumeClaim> claims = claims(set, pod);
        List<Volume> volumes = new ArrayList<>();
        claims.forEach((name, claim) -> volumes.add(new VolumeBuilder()
                .withName(name)
                .withNewPersistentVolumeClaim()
                .withClaimName(claim.getMetadata().getName())
                .withReadOnly(false)
                .endPersistentVolumeClaim()
                .build()));
        for (Volume volume : pod.getSpec().getVolumes() == null
                ? List.<Volume>of()
                : pod.getSpec().getVolumes()) {
            if (!claims.containsKey(volume.getName())) {
                volumes.add(volume);
            }
        }
        pod.getSpec().setVolumes(volumes);
    }

    /** Gives the pod its name, namespace, pod-name and pod-index labels (updateIdentity). */
    static void updateIdentity(StatefulSet set, Pod pod) {
        int ordinal = ordinal(pod);
        pod.getMetadata().setName(podName(set, ordinal));
        pod.getMetadata().setNamespace(set.getMetadata().getNamespace());
        Map<String, String> labels = pod.getMetadata().getLabels() == null
                ? new HashMap<>()
                : new HashMap<>(pod.getMetadata().getLabels());
        labels.put(POD_NAME_LABEL, pod.getMetadata().getName());
        labels.put(POD_INDEX_LABEL, Integer.toString(ordinal));
        pod.getMetadata().setLabels(labels);
    }

    /** A new member of {@code set} with the given ordinal (newStatefulSetPod): identity, hostname, subdomain, storage. */
    static Pod newPod(StatefulSet set, int ordinal) {
        Pod pod = PodTemplates.fromTemplate(set.getSpec().getTemplate(), set);
        pod.getMetadata().setName(podName(set, ordinal));
        updateIdentity(set, pod);
        // Immutable once the pod exists: set at creation only.
        pod.getSpec().setHostname(pod.getMetadata().getName());
        pod.getSpec().setSubdomain(set.getSpec().getServiceName());
        updateStorage(set, pod);
        return pod;
    }

    /**
     * A new member at the revision its ordinal calls for (newVersionedStatefulSetPod): below the
     * partition the current revision, otherwise the update revision.
     */
    static Pod newVersionedPod(
            StatefulSet currentSet, StatefulSet updateSet, String currentRevision, String updateRevision, int ordinal) {
        var strategy = currentSet.getSpec().getUpdateStrategy();
        boolean rollingUpdate = strategy != null && "RollingUpdate".equals(strategy.getType());
        var rolling = strategy == null ? null : strategy.getRollingUpdate();
        int currentReplicas =
                currentSet.getStatus() == null || currentSet.getStatus().getCurrentReplicas() == null
                        ? 0
                        : currentSet.getStatus().getCurrentReplicas();
        int start = startOrdinal(currentSet);
        boolean atCurrent = (rollingUpdate && rolling == null && ordinal < start + currentReplicas)
                || (rolling != null && ordinal < start + partition(currentSet));
        Pod pod = atCurrent ? newPod(currentSet, ordinal) : newPod(updateSet, ordinal);
        setRevision(pod, atCurrent ? currentRevision : updateRevision);
        return pod;
    }

    static int partition(StatefulSet set) {
        var strategy = set.getSpec().getUpdateStrategy();
        if (strategy == null
                || strategy.getRollingUpdate() == null
                || strategy.getRollingUpdate().getPartition() == null) {
            return 0;
        }
        return strategy.getRollingUpdate().getPartition();
    }

    static String revision(Pod pod) {
        return label(pod, ControllerRevisions.REVISION_LABEL);
    }

    static void setRevision(Pod pod, String revision) {
        Map<String, String> labels = pod.getMetadata().getLabels() == null
                ? new HashMap<>()
                : new HashMap<>(pod.getMetadata().getLabels());
        labels.put(ControllerRevisions.REVISION_LABEL, revision);
        pod.getMetadata().setLabels(labels);
    }

    /** Known to the API server: a pod from the cache has a phase, one only built here has none. */
    static boolean isCreated(Pod pod) {
        return !phase(pod).isEmpty();
    }

    static boolean isPending(Pod pod) {
        return "Pending".equals(phase(pod));
    }

    static boolean isFailed(Pod pod) {
        return "Failed".equals(phase(pod));
    }

    static boolean isSucceeded(Pod pod) {
        return "Succeeded".equals(phase(pod));
    }

    static boolean isTerminating(Pod pod) {
        return pod.getMetadata().getDeletionTimestamp() != null;
    }

    static boolean isRunningAndReady(Pod pod) {
        return "Running".equals(phase(pod)) && ActivePods.isReady(pod);
    }

    /** Ready for minReadySeconds (isRunningAndAvailable, which despite its name asks only podutil.IsPodAvailable). */
    static boolean isRunningAndAvailable(Pod pod, int minReadySeconds, Instant now) {
        return ActivePods.isAvailable(pod, minReadySeconds, now);
    }

    /** Not running, ready and available for minReadySeconds, or being deleted (isUnavailable). */
    static boolean isUnavailable(Pod pod, int minReadySeconds, Instant now) {
        return !isRunningAndAvailable(pod, minReadySeconds, now) || isTerminating(pod);
    }

    static List<PersistentVolumeClaim> templates(StatefulSet set) {
        return set.getSpec().getVolumeClaimTemplates() == null
                ? List.of()
                : set.getSpec().getVolumeClaimTemplates();
    }

    private static String phase(Pod pod) {
        return pod.getStatus() == null || pod.getStatus().getPhase() == null
                ? ""
                : pod.getStatus().getPhase();
    }

    private static String label(Pod pod, String key) {
        Map<String, String> labels = pod.getMetadata().getLabels();
        return labels == null ? "" : labels.getOrDefault(key, "");
    }
}
