package io.skiff.controllermanager.daemonset;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.skiff.component.controller.Result;
import io.skiff.component.informer.CacheIndexer;
import io.skiff.component.informer.Lister;
import io.skiff.controllermanager.expectations.Expectations;
import io.skiff.controllermanager.testing.PodMaker;
import io.skiff.controllermanager.testing.RecordingEvents;
import io.skiff.controllermanager.testing.RecordingPodControl;
import io.skiff.controllermanager.testing.StoredRevisions;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** A {@link DaemonSetSync} on directly loaded caches, with fake writes, events and clocks. */
final class DaemonSetHarness {

    static final String KEY = "default/agent";

    final CacheIndexer<DaemonSet> daemonSets = new CacheIndexer<>();
    final CacheIndexer<Pod> pods = new CacheIndexer<>();
    final CacheIndexer<Node> nodes = new CacheIndexer<>();
    final CacheIndexer<ControllerRevision> revisions = new CacheIndexer<>();
    final RecordingPodControl<DaemonSet> control = new RecordingPodControl<>();
    final StoredRevisions storedRevisions = new StoredRevisions();
    final RecordingEvents events = new RecordingEvents();
    final AtomicLong nanos = new AtomicLong();
    final Expectations expectations = new Expectations(nanos::get);
    final DaemonSetSync sync;

    DaemonSetHarness(DaemonSet daemonSet, Node... cachedNodes) {
        daemonSets.put(daemonSet);
        control.fresh = daemonSet;
        for (Node node : cachedNodes) {
            nodes.put(node);
        }
        Duration timeout = Duration.ofSeconds(5);
        sync = new DaemonSetSync(
                new Lister<>(daemonSets),
                new Lister<>(pods),
                new Lister<>(nodes),
                new DaemonSetHistory(new Lister<>(revisions), storedRevisions, control, timeout),
                control,
                expectations,
                new FailedPodBackoff(),
                events,
                Clock.fixed(PodMaker.NOW, ZoneOffset.UTC),
                timeout);
    }

    DaemonSetHarness withPods(Pod... cached) {
        for (Pod pod : cached) {
            pods.put(pod);
        }
        return this;
    }

    /** Puts the revision the last sync created into the revision cache, as the informer would. */
    DaemonSetHarness observeRevisions() {
        storedRevisions.revisions.values().forEach(revisions::put);
        return this;
    }

    /** The names of the created pods' target nodes, in creation order. */
    List<String> createdOnNodes() {
        return control.created.stream()
                .map(pod -> DaemonPods.targetNode(pod).orElse("?"))
                .toList();
    }

    Result sync() throws Exception {
        return sync.sync(KEY);
    }
}
