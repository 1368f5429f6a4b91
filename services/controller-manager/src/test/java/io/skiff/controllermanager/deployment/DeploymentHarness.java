package io.skiff.controllermanager.deployment;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.skiff.component.controller.Result;
import io.skiff.component.informer.CacheIndexer;
import io.skiff.component.informer.Lister;
import io.skiff.controllermanager.testing.RecordingEvents;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link DeploymentSync} on directly loaded caches, with a clock it moves, fake writes that land in
 * those caches, and recorded events; {@link #podsCatchUp()} plays the ReplicaSet controller and the
 * kubelets, bringing every set's status to its spec.
 */
final class DeploymentHarness {

    static final String KEY = "default/web";

    final CacheIndexer<Deployment> deployments = new CacheIndexer<>();
    final CacheIndexer<ReplicaSet> replicaSets = new CacheIndexer<>();
    final CacheIndexer<Pod> pods = new CacheIndexer<>();
    final MovableClock clock = new MovableClock(DeploymentMaker.NOW);
    final FakeDeploymentWrites writes = new FakeDeploymentWrites(deployments, replicaSets, clock);
    final RecordingEvents events = new RecordingEvents();
    final DeploymentSync sync = new DeploymentSync(
            new Lister<>(deployments),
            new Lister<>(replicaSets),
            new Lister<>(pods),
            writes,
            events,
            clock,
            Duration.ofSeconds(5));

    DeploymentHarness(Deployment deployment, ReplicaSet... sets) {
        if (deployment != null) {
            deployments.put(deployment);
        }
        for (ReplicaSet set : sets) {
            replicaSets.put(set);
        }
    }

    Result sync() {
        return sync.sync(KEY);
    }

    /** A rollout of the cached Deployment, to drive one strategy step directly. */
    Rollout rollout() {
        return new Rollout(
                Deployments.copy(deployment()),
                writes,
                new UnobservedWrites(clock),
                events,
                new Lister<>(replicaSets),
                clock,
                Duration.ofSeconds(5));
    }

    Deployment deployment() {
        return deployments.getByKey(KEY).orElseThrow();
    }

    /** What a user's edit does: the new spec, with the generation bumped. */
    void edit(java.util.function.UnaryOperator<DeploymentBuilder> change) {
        Deployment current = deployment();
        Deployment edited = change.apply(new DeploymentBuilder(current))
                .editMetadata()
                .withGeneration(current.getMetadata().getGeneration() + 1)
                .withResourceVersion(current.getMetadata().getResourceVersion() + "1")
                .endMetadata()
                .build();
        deployments.put(edited);
    }

    /** The sets, oldest first. */
    List<ReplicaSet> sets() {
        List<ReplicaSet> sets = new ArrayList<>(replicaSets.list());
        sets.sort(ReplicaSetLists.BY_CREATION);
        return sets;
    }

    ReplicaSet set(String name) {
        return replicaSets.getByKey("default/" + name).orElseThrow();
    }

    /** Every set's pods exist, are ready and available as its spec says, and its generation is observed. */
    void podsCatchUp() {
        for (ReplicaSet set : replicaSets.list()) {
            int replicas = ReplicaSetLists.replicas(set);
            replicaSets.put(new ReplicaSetBuilder(set)
                    .editMetadata()
                    .withResourceVersion(set.getMetadata().getResourceVersion() + "s")
                    .endMetadata()
                    .withNewStatus()
                    .withReplicas(replicas)
                    .withReadyReplicas(replicas)
                    .withAvailableReplicas(replicas)
                    .withFullyLabeledReplicas(replicas)
                    .withObservedGeneration(set.getMetadata().getGeneration())
                    .endStatus()
                    .build());
        }
    }

    List<String> scalingEvents() {
        return events.events.stream()
                .filter(e -> e.contains(Rollout.SCALING_REPLICA_SET))
                .toList();
    }

    /** A clock tests move forward. */
    static final class MovableClock extends Clock {
        private Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
