package io.skiff.controllermanager.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.skiff.component.informer.CacheIndexer;
import io.skiff.component.informer.Lister;
import io.skiff.controllermanager.testing.RecordingEvents;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The ReplicaSets of a rolling update never ask together for more than replicas + maxSurge, not even
 * for a moment between two writes of one sync, whatever the controller's cache shows: the API server
 * holds one state, the cache the same or an older one, and every write a sync makes is replayed on
 * the server's sizes.
 */
class SurgeBoundTest {

    private static final int REPLICAS = 6;

    /**
     * The end-to-end test's `kubectl rollout undo`: replicas 6, maxSurge 1, maxUnavailable 1, revision
     * 1's template back in place, so the first ReplicaSet is the new one again and the second is old.
     */
    private static final Deployment UNDONE = DeploymentMaker.web(REPLICAS)
            .rolling(1, 1)
            .generation(3, 2)
            .annotation(DeploymentAnnotations.REVISION, "2")
            .statusReplicas(REPLICAS, 0, REPLICAS)
            .build();

    /** One ReplicaSet as the server or the cache holds it. */
    record SetState(boolean first, int replicas, int available, String resourceVersion, int desiredAnnotation) {

        /** The first ReplicaSet (revision 1), new again since the undo. */
        static SetState first(int replicas, int available) {
            return new SetState(true, replicas, available, "20", REPLICAS);
        }

        /** The second ReplicaSet (revision 2), old since the undo. */
        static SetState second(int replicas, int available) {
            return new SetState(false, replicas, available, "20", REPLICAS);
        }

        /** The same set as the cache still holds it, from before its last write. */
        SetState cachedBefore(int replicas, int available) {
            return new SetState(first, replicas, available, "10", desiredAnnotation);
        }

        /** Annotated with the desired and maximum replicas of a Deployment of {@code desired}. */
        SetState desiredAnnotation(int desired) {
            return new SetState(first, replicas, available, resourceVersion, desired);
        }

        ReplicaSet build() {
            SetMaker maker = SetMaker.of(
                            DeploymentMaker.web(desiredAnnotation).rolling(1, 1).build())
                    .replicas(replicas)
                    .available(available);
            ReplicaSet replicaSet = first
                    ? maker.revision(1).createdSecondsAgo(600).build()
                    : maker.image("nginx:2").revision(2).build();
            return new ReplicaSetBuilder(replicaSet)
                    .editMetadata()
                    .withResourceVersion(resourceVersion)
                    .endMetadata()
                    .build();
        }
    }

    static Stream<Arguments> rollbackStates() {
        SetState firstAtOne = SetState.first(1, 0);
        SetState secondAtFour = SetState.second(4, 6);
        return Stream.of(
                Arguments.of(
                        "right after the undo",
                        List.of(SetState.second(6, 6), SetState.first(0, 0)),
                        List.of(SetState.second(6, 6), SetState.first(0, 0))),
                Arguments.of(
                        "the first set carries the replicas annotations of a former size",
                        List.of(SetState.second(6, 6), SetState.first(0, 0).desiredAnnotation(3)),
                        List.of(SetState.second(6, 6), SetState.first(0, 0).desiredAnnotation(3))),
                Arguments.of(
                        "an active first set carries the replicas annotations of a former size (a scaling event)",
                        List.of(SetState.second(6, 6), firstAtOne.desiredAnnotation(3)),
                        List.of(SetState.second(6, 6), firstAtOne.desiredAnnotation(3))),
                Arguments.of(
                        "the cache has not yet seen the first set scaled up",
                        List.of(SetState.second(6, 6), firstAtOne),
                        List.of(SetState.second(6, 6), firstAtOne.cachedBefore(0, 0))),
                Arguments.of(
                        "the cache has not yet seen the second set scaled down",
                        List.of(secondAtFour, SetState.first(1, 1)),
                        List.of(secondAtFour.cachedBefore(6, 6), SetState.first(1, 1))),
                Arguments.of(
                        "the cache has seen neither the scale-down nor the scale-up that followed",
                        List.of(secondAtFour, SetState.first(3, 1)),
                        List.of(
                                secondAtFour.cachedBefore(6, 6),
                                SetState.first(3, 1).cachedBefore(1, 1))),
                Arguments.of(
                        "the second set's pods are not yet deleted after its scale-down to 5 (6 + 2 in CI)",
                        List.of(SetState.second(5, 6), SetState.first(2, 2)),
                        List.of(SetState.second(5, 6), SetState.first(2, 2))),
                Arguments.of(
                        "the second set's pods are not yet deleted after its scale-down to 4 (5 + 3 in CI)",
                        List.of(SetState.second(4, 5), SetState.first(3, 3)),
                        List.of(SetState.second(4, 5), SetState.first(3, 3))),
                Arguments.of(
                        "some of the second set's pods are unhealthy",
                        List.of(SetState.second(4, 3), SetState.first(3, 3)),
                        List.of(SetState.second(4, 3), SetState.first(3, 3))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rollbackStates")
    void noSyncOfTheRollbackAsksForMoreThanReplicasPlusMaxSurge(
            String state, List<SetState> server, List<SetState> cache) {
        Cluster cluster = new Cluster(UNDONE);
        server.forEach(set -> cluster.serverSets.put(set.build()));
        cache.forEach(set -> cluster.cachedSets.put(set.build()));

        cluster.sync();

        assertNoMomentAbove(cluster.moments(), REPLICAS + 1);
    }

    /**
     * A resize in the middle of a rollout, seen before the new set's last scale-up: scaled
     * proportionally from that cache, the old set would take the replicas the new one already has
     * (Kubernetes does, and the sizes overshoot until the next sync). Skiff waits for its cache.
     */
    @Test
    void aResizeIsNotScaledFromACacheWithoutTheControllersOwnLastWrite() {
        Cluster cluster = new Cluster(UNDONE);
        ReplicaSet second = SetState.second(5, 5).build();
        ReplicaSet first = new ReplicaSetBuilder(SetState.first(1, 1).build())
                .editMetadata()
                .addToAnnotations(DeploymentAnnotations.REVISION, "3")
                .endMetadata()
                .build();
        List.of(second, first).forEach(set -> {
            cluster.serverSets.put(set);
            cluster.cachedSets.put(set);
        });
        cluster.sync();
        assertThat(cluster.moments())
                .containsExactly(Map.of(
                        second.getMetadata().getName(), 5, first.getMetadata().getName(), 2));
        Deployment resized = new DeploymentBuilder(cluster.serverDeployments
                        .getByKey(DeploymentHarness.KEY)
                        .orElseThrow())
                .editSpec()
                .withReplicas(8)
                .endSpec()
                .build();
        cluster.serverDeployments.put(resized);
        cluster.cachedDeployments.put(resized);

        cluster.sync();

        assertNoMomentAbove(cluster.moments(), 8 + 1);
        assertThat(cluster.writes.updated)
                .as("nothing written before the cache shows the scale-up")
                .hasSize(1);

        cluster.cachedSets.put(cluster.serverSets
                .getByKey("default/" + first.getMetadata().getName())
                .orElseThrow());
        cluster.sync();

        assertThat(cluster.writes.updated).hasSizeGreaterThan(1);
        assertNoMomentAbove(cluster.moments(), 8 + 1);
    }

    /** The API server's state, the controller's cache of it, and a sync reading the one and writing the other. */
    private static final class Cluster {
        final CacheIndexer<Deployment> serverDeployments = new CacheIndexer<>();
        final CacheIndexer<ReplicaSet> serverSets = new CacheIndexer<>();
        final CacheIndexer<Deployment> cachedDeployments = new CacheIndexer<>();
        final CacheIndexer<ReplicaSet> cachedSets = new CacheIndexer<>();
        final DeploymentHarness.MovableClock clock = new DeploymentHarness.MovableClock(DeploymentMaker.NOW);
        final FakeDeploymentWrites writes = new FakeDeploymentWrites(serverDeployments, serverSets, clock);
        final DeploymentSync sync = new DeploymentSync(
                new Lister<>(cachedDeployments),
                new Lister<>(cachedSets),
                new Lister<>(new CacheIndexer<>()),
                writes,
                new RecordingEvents(),
                clock,
                Duration.ofSeconds(5));
        private Map<String, Integer> initialSizes;

        Cluster(Deployment deployment) {
            serverDeployments.put(deployment);
            cachedDeployments.put(deployment);
        }

        void sync() {
            if (initialSizes == null) {
                initialSizes = new LinkedHashMap<>();
                for (ReplicaSet set : serverSets.list()) {
                    initialSizes.put(set.getMetadata().getName(), ReplicaSetLists.replicas(set));
                }
            }
            clock.advance(Duration.ofSeconds(1));
            try {
                sync.sync(DeploymentHarness.KEY);
            } catch (RuntimeException conflict) {
                // The API server refused a write from a stale copy; the key is retried later.
            }
        }

        /** The sets' sizes on the server after each write made so far, by name. */
        List<Map<String, Integer>> moments() {
            Map<String, Integer> sizes = new LinkedHashMap<>(initialSizes);
            List<Map<String, Integer>> moments = new ArrayList<>();
            for (ReplicaSet written : writes.updated) {
                sizes.put(written.getMetadata().getName(), ReplicaSetLists.replicas(written));
                moments.add(new LinkedHashMap<>(sizes));
            }
            return moments;
        }
    }

    private static void assertNoMomentAbove(List<Map<String, Integer>> moments, int maxTotal) {
        assertThat(moments)
                .as("the sizes after each write")
                .allSatisfy(moment -> assertThat(moment.values().stream()
                                .mapToInt(Integer::intValue)
                                .sum())
                        .as("replicas asked for in %s", moment)
                        .isLessThanOrEqualTo(maxTotal));
    }
}
