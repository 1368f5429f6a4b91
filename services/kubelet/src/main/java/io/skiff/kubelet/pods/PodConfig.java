package io.skiff.kubelet.pods;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.skiff.component.events.EventType;
import io.skiff.component.informer.ObjectKeys;
import io.skiff.component.informer.ResourceEventHandler;
import io.skiff.kubelet.crilog.CriLogFormat;
import io.skiff.kubelet.staticpods.StaticPods;
import io.skiff.kubelet.status.PodStatusManager;
import io.skiff.model.json.KubeJson;
import java.time.Clock;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the pods to run come from (Kubernetes' PodConfig and the kubelet's HandlePodAdditions,
 * HandlePodUpdates and HandlePodRemoves): the pods the API server binds to this node, through its
 * informer, and the static pods of the manifest path, each read handed over whole. Both feed the
 * desired pods, the prober and the pod workers.
 *
 * <p>Mirror pods are not pods to run: they are the API server's copies of static pods, which the
 * mirror pod sync keeps (by namespace/name key); a new one also gets its static pod's status written.
 * A static pod keeps the UID its manifest hashes to, so a changed manifest is one pod removed and
 * another added; {@value StaticPods#CONFIG_SEEN_ANNOTATION} records when each was first read.
 */
final class PodConfig {

    private static final Logger log = LoggerFactory.getLogger(PodConfig.class);

    /** The annotations the kubelet sets itself, left out when a manifest is compared with the last read. */
    private static final List<String> LOCAL_ANNOTATIONS = List.of(
            StaticPods.CONFIG_SOURCE_ANNOTATION,
            StaticPods.CONFIG_MIRROR_ANNOTATION,
            StaticPods.CONFIG_SEEN_ANNOTATION);

    private final DesiredPods desired;
    private final PodWorkers workers;
    private final PodProbing probes;
    private final PodStatusManager statuses;
    private final Consumer<String> mirrorSync;
    private final PodEvents events;
    private final Clock clock;
    private final boolean staticPodsConfigured;
    private Map<String, Pod> staticPods = new LinkedHashMap<>();
    private final Set<String> reportedDuplicates = new HashSet<>();
    private volatile boolean staticPodsRead;

    /**
     * @param mirrorSync queues a namespace/name key for the mirror pod sync
     * @param staticPodsConfigured whether a manifest path is read: until its first read the static
     *     pods are not known
     */
    PodConfig(
            DesiredPods desired,
            PodWorkers workers,
            PodProbing probes,
            PodStatusManager statuses,
            Consumer<String> mirrorSync,
            PodEvents events,
            Clock clock,
            boolean staticPodsConfigured) {
        this.desired = desired;
        this.workers = workers;
        this.probes = probes;
        this.statuses = statuses;
        this.mirrorSync = mirrorSync;
        this.events = events;
        this.clock = clock;
        this.staticPodsConfigured = staticPodsConfigured;
    }

    /** What the informer on the pods bound to this node tells. */
    ResourceEventHandler<Pod> apiPods() {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                if (StaticPods.isMirror(pod)) {
                    mirrorAdded(pod);
                } else {
                    apiPodSeen(pod);
                }
            }

            @Override
            public void onUpdate(Pod oldPod, Pod newPod) {
                if (StaticPods.isMirror(newPod)) {
                    mirrorSync.accept(ObjectKeys.keyOf(newPod));
                } else {
                    apiPodSeen(newPod);
                }
            }

            @Override
            public void onDelete(Pod pod, boolean finalStateUnknown) {
                if (StaticPods.isMirror(pod)) {
                    mirrorSync.accept(ObjectKeys.keyOf(pod));
                } else {
                    desired.remove(pod);
                    probes.podGone(pod);
                    workers.requestSync(pod.getMetadata().getUid());
                }
            }
        };
    }

    private void apiPodSeen(Pod apiPod) {
        Pod pod = fromTheApi(apiPod);
        desired.update(pod);
        probes.podSeen(pod);
        workers.requestSync(pod.getMetadata().getUid());
    }

    /**
     * The pod marked as the API server's, as Kubernetes' PodConfig annotates every pod with its
     * source: an API pod that claims another source in its annotations is no static pod.
     */
    private static Pod fromTheApi(Pod pod) {
        if (!StaticPods.isStatic(pod)) {
            return pod;
        }
        Pod copy = new PodBuilder(pod).build();
        Map<String, String> annotations = new HashMap<>(copy.getMetadata().getAnnotations());
        annotations.put(StaticPods.CONFIG_SOURCE_ANNOTATION, StaticPods.API_SOURCE);
        copy.getMetadata().setAnnotations(annotations);
        return copy;
    }

    /** A new mirror pod: check it, and write its static pod's status to it. */
    private void mirrorAdded(Pod mirror) {
        mirrorSync.accept(ObjectKeys.keyOf(mirror));
        for (DesiredPods.Entry entry : desired.staticPods(
                mirror.getMetadata().getNamespace(), mirror.getMetadata().getName())) {
            if (!entry.removed() && StaticPods.isMirrorOf(mirror, entry.pod())) {
                statuses.refresh(entry.pod().getMetadata().getUid());
            }
        }
    }

    /**
     * A full read of the manifest path (a SET of the file source): pods new to it are added, pods no
     * longer in it removed. Of two manifests with the same pod name, the first (in file name order)
     * counts; the other is reported and ignored.
     */
    synchronized void setStaticPods(List<Pod> read) {
        Map<String, Pod> next = new LinkedHashMap<>();
        Map<String, Pod> byName = new HashMap<>();
        Set<String> duplicates = new HashSet<>();
        for (Pod pod : read) {
            if (byName.putIfAbsent(ObjectKeys.keyOf(pod), pod) == null) {
                next.put(uid(pod), pod);
            } else {
                duplicates.add(uid(pod));
                if (!reportedDuplicates.contains(uid(pod))) {
                    reportDuplicate(pod);
                }
            }
        }
        reportedDuplicates.clear();
        reportedDuplicates.addAll(duplicates);
        for (Pod gone : staticPods.values()) {
            if (!next.containsKey(gone.getMetadata().getUid())) {
                log.info("Static pod {} ({}) is gone from the manifests", ObjectKeys.keyOf(gone), uid(gone));
                desired.remove(gone);
                probes.podGone(gone);
                workers.requestSync(uid(gone));
                mirrorSync.accept(ObjectKeys.keyOf(gone));
            }
        }
        for (Map.Entry<String, Pod> entry : next.entrySet()) {
            Pod pod = entry.getValue();
            Pod known = staticPods.get(entry.getKey());
            if (known != null && !differs(known, pod)) {
                entry.setValue(known);
                continue;
            }
            pod.getMetadata()
                    .getAnnotations()
                    .put(
                            StaticPods.CONFIG_SEEN_ANNOTATION,
                            known != null
                                    ? known.getMetadata().getAnnotations().get(StaticPods.CONFIG_SEEN_ANNOTATION)
                                    : CriLogFormat.timestamp(clock.instant()));
            log.info("Static pod {} ({}) {}", ObjectKeys.keyOf(pod), uid(pod), known == null ? "added" : "changed");
            desired.update(pod);
            probes.podSeen(pod);
            workers.requestSync(uid(pod));
            mirrorSync.accept(ObjectKeys.keyOf(pod));
        }
        staticPods = next;
        staticPodsRead = true;
    }

    /**
     * A pod's worker cleaned up after it and it is forgotten: if it was a static pod, its mirror may
     * go, and the static pod of its new manifest, waiting for it, may start.
     */
    void podForgotten(Pod pod) {
        if (!StaticPods.isStatic(pod)) {
            return;
        }
        mirrorSync.accept(ObjectKeys.keyOf(pod));
        for (DesiredPods.Entry entry : desired.staticPods(
                pod.getMetadata().getNamespace(), pod.getMetadata().getName())) {
            workers.requestSync(uid(entry.pod()));
        }
    }

    /** Whether the static pods are known: the manifest path was read once, or there is none. */
    boolean staticPodsKnown() {
        return !staticPodsConfigured || staticPodsRead;
    }

    /** The namespace/name keys of the static pods, for a periodic check of their mirrors. */
    synchronized List<String> staticPodKeys() {
        return staticPods.values().stream().map(ObjectKeys::keyOf).toList();
    }

    /** filterInvalidPods: a second pod of a name is ignored, with a FailedValidation Event. */
    private void reportDuplicate(Pod pod) {
        String name = pod.getMetadata().getName();
        log.warn(
                "Static pod {} ({}) ignored: a manifest read before it has the same pod name",
                ObjectKeys.keyOf(pod),
                uid(pod));
        events.pod(
                pod,
                EventType.WARNING,
                "FailedValidation",
                "Error validating pod " + name + "_" + pod.getMetadata().getNamespace() + "(" + uid(pod) + ") from "
                        + StaticPods.FILE_SOURCE + " due to duplicate pod name \"" + name + "\", ignoring");
    }

    /**
     * podsDifferSemantically: spec, labels or annotations other than the kubelet's own. Two reads of a
     * manifest differ only when the manifest sets its own UID; otherwise a change makes a new UID.
     */
    private static boolean differs(Pod known, Pod read) {
        return !json(known.getSpec()).equals(json(read.getSpec()))
                || !json(known.getMetadata().getLabels())
                        .equals(json(read.getMetadata().getLabels()))
                || !annotations(known).equals(annotations(read));
    }

    private static JsonNode annotations(Pod pod) {
        JsonNode annotations = json(pod.getMetadata().getAnnotations());
        if (annotations instanceof ObjectNode object) {
            object.remove(LOCAL_ANNOTATIONS);
        }
        return annotations;
    }

    private static JsonNode json(Object value) {
        return KubeJson.mapper().valueToTree(value);
    }

    private static String uid(Pod pod) {
        return pod.getMetadata().getUid();
    }
}
