package io.skiff.controllermanager.statefulset;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.skiff.component.controller.Result;
import io.skiff.component.informer.CacheIndexer;
import io.skiff.component.informer.Lister;
import io.skiff.controllermanager.history.ControllerRevisions;
import io.skiff.controllermanager.testing.PodMaker;
import io.skiff.controllermanager.testing.RecordingEvents;
import io.skiff.controllermanager.testing.StoredRevisions;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;

/**
 * A {@link StatefulSetSync} on directly loaded caches with fake writes. {@link #observe()} plays
 * the informers: what the last sync created appears in the caches, as the API server made it
 * (phase Pending).
 */
final class StatefulSetHarness {

    static final String KEY = "default/web";

    final CacheIndexer<StatefulSet> sets = new CacheIndexer<>();
    final CacheIndexer<Pod> pods = new CacheIndexer<>();
    final CacheIndexer<PersistentVolumeClaim> claims = new CacheIndexer<>();
    final CacheIndexer<ControllerRevision> revisions = new CacheIndexer<>();
    final FakeStatefulSetControl control = new FakeStatefulSetControl();
    final StoredRevisions storedRevisions = new StoredRevisions();
    final RecordingEvents events = new RecordingEvents();
    final StatefulSetSync sync;
    private int observedCreations;

    StatefulSetHarness(StatefulSet set) {
        sets.put(set);
        control.fresh = set;
        Duration timeout = Duration.ofSeconds(5);
        Clock clock = Clock.fixed(PodMaker.NOW, ZoneOffset.UTC);
        StatefulSetUpdate update = new StatefulSetUpdate(
                new StatefulPodControl(control, new Lister<>(claims), events, timeout), events, clock, timeout);
        sync = new StatefulSetSync(
                new Lister<>(sets),
                new Lister<>(pods),
                new Lister<>(revisions),
                storedRevisions,
                control,
                update,
                timeout);
    }

    static StatefulSet web(int replicas) {
        return new StatefulSetBuilder()
                .withNewMetadata()
                .withNamespace("default")
                .withName("web")
                .withUid("uid-sts-web")
                .withGeneration(1L)
                .withResourceVersion("7")
                .endMetadata()
                .withNewSpec()
                .withReplicas(replicas)
                .withServiceName("web")
                .withPodManagementPolicy("OrderedReady")
                .withRevisionHistoryLimit(10)
                .withNewSelector()
                .addToMatchLabels("app", "web")
                .endSelector()
                .withNewTemplate()
                .withNewMetadata()
                .addToLabels("app", "web")
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("web")
                .withImage("nginx")
                .endContainer()
                .endSpec()
                .endTemplate()
                .withNewUpdateStrategy()
                .withType("RollingUpdate")
                .withNewRollingUpdate()
                .withPartition(0)
                .endRollingUpdate()
                .endUpdateStrategy()
                .withVolumeClaimTemplates(new PersistentVolumeClaimBuilder()
                        .withNewMetadata()
                        .withName("data")
                        .endMetadata()
                        .withNewSpec()
                        .withAccessModes("ReadWriteOnce")
                        .withNewResources()
                        .addToRequests("storage", new Quantity("1Gi"))
                        .endResources()
                        .endSpec()
                        .build())
                .endSpec()
                .build();
    }

    static StatefulSet withImage(StatefulSet set, String image) {
        return new StatefulSetBuilder(set)
                .editSpec()
                .editTemplate()
                .editSpec()
                .editFirstContainer()
                .withImage(image)
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
    }

    static StatefulSet withPartition(StatefulSet set, int partition, Integer maxUnavailable) {
        return new StatefulSetBuilder(set)
                .editSpec()
                .editUpdateStrategy()
                .editRollingUpdate()
                .withPartition(partition)
                .withMaxUnavailable(maxUnavailable == null ? null : new IntOrString(maxUnavailable))
                .endRollingUpdate()
                .endUpdateStrategy()
                .endSpec()
                .build();
    }

    Result sync() throws Exception {
        return sync.sync(KEY);
    }

    /** The caches catch up: created pods (Pending, with UIDs), claims and revisions appear. */
    StatefulSetHarness observe() {
        control.created
                .subList(observedCreations, control.created.size())
                .forEach(pod -> pods.put(new PodBuilder(pod)
                        .editMetadata()
                        .withUid("uid-" + pod.getMetadata().getName())
                        .withResourceVersion("1")
                        .endMetadata()
                        .withNewStatus()
                        .withPhase("Pending")
                        .endStatus()
                        .build()));
        observedCreations = control.created.size();
        storedRevisions.revisions.values().forEach(revisions::put);
        if (!control.statusUpdates.isEmpty()) {
            sets.put(control.lastStatus());
            control.fresh = control.lastStatus();
        }
        return this;
    }

    /** Marks a cached pod Running and Ready for ten minutes, as a kubelet would. */
    void markReady(String name) {
        Pod pod = new Lister<>(pods).get("default", name).orElseThrow();
        pods.put(new PodBuilder(pod)
                .editMetadata()
                .withResourceVersion("2")
                .endMetadata()
                .withNewStatus()
                .withPhase("Running")
                .addNewCondition()
                .withType("Ready")
                .withStatus("True")
                .withLastTransitionTime(PodMaker.NOW.minusSeconds(600).toString())
                .endCondition()
                .endStatus()
                .build());
    }

    /** The current update revision's name, as the last status write says. */
    String updateRevision() {
        return control.lastStatus().getStatus().getUpdateRevision();
    }

    String revisionOf(String podName) {
        return new Lister<>(pods)
                .get("default", podName)
                .orElseThrow()
                .getMetadata()
                .getLabels()
                .get(ControllerRevisions.REVISION_LABEL);
    }
}
