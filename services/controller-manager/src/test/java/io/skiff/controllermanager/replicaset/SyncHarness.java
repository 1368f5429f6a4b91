package io.skiff.controllermanager.replicaset;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.skiff.component.controller.Result;
import io.skiff.component.informer.CacheIndexer;
import io.skiff.component.informer.Lister;
import io.skiff.controllermanager.expectations.Expectations;
import io.skiff.controllermanager.testing.PodMaker;
import io.skiff.controllermanager.testing.RecordingEvents;
import io.skiff.controllermanager.testing.RecordingPodControl;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** A {@link ReplicaSetSync} on directly loaded caches, with fake writes, events and clocks. */
final class SyncHarness {

    static final String KEY = "default/web";

    final CacheIndexer<ReplicaSet> replicaSets = new CacheIndexer<>();
    final CacheIndexer<Pod> pods = new CacheIndexer<>();
    final RecordingPodControl<ReplicaSet> control = new RecordingPodControl<>();
    final RecordingEvents events = new RecordingEvents();
    final AtomicLong nanos = new AtomicLong();
    final Expectations expectations = new Expectations(nanos::get);
    final List<String> queued = new ArrayList<>();
    final ReplicaSetEventHandlers handlers = new ReplicaSetEventHandlers(
            ReplicaSetView.of(new Lister<>(replicaSets)),
            expectations,
            queued::add,
            (key, delay) -> queued.add(key + " after " + delay));
    final ReplicaSetSync sync = new ReplicaSetSync(
            ReplicaSetView.of(new Lister<>(replicaSets)),
            new Lister<>(pods),
            control,
            expectations,
            events,
            Clock.fixed(PodMaker.NOW, ZoneOffset.UTC),
            Duration.ofSeconds(5));

    SyncHarness(ReplicaSet replicaSet, Pod... cached) {
        if (replicaSet != null) {
            replicaSets.put(replicaSet);
            control.fresh = replicaSet;
        }
        for (Pod pod : cached) {
            pods.put(pod);
        }
    }

    Result sync() throws Exception {
        return sync.sync(KEY);
    }

    /** The names of the pods the sync created, in the order the fake API server named them. */
    List<String> createdNames() {
        return control.createdNames();
    }

    ReplicaSet lastStatusUpdate() {
        return control.lastStatus();
    }
}
