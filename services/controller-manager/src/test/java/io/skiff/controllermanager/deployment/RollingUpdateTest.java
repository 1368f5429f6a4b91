package io.skiff.controllermanager.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The steps of a rolling update, with the tables of Kubernetes' rolling_test.go. */
class RollingUpdateTest {

    static Stream<Arguments> newReplicaSet() {
        return Stream.of(
                Arguments.of("no surge: the new set cannot grow while the old one is full", 10, 0, 10, 0, null),
                Arguments.of("a surge of 2 lets two new pods in", 10, 2, 10, 0, 2),
                Arguments.of("a shrunk old set leaves room beyond the surge", 10, 2, 5, 0, 7),
                Arguments.of("at the surge limit already", 10, 2, 10, 2, null),
                Arguments.of("a new set above the desired size shrinks to it", 10, 2, 2, 11, 10));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("newReplicaSet")
    void theNewReplicaSetGrowsAsFarAsTheSurgeAllows(
            String description, int replicas, int maxSurge, int oldReplicas, int newReplicas, Integer expected) {
        Deployment deployment =
                DeploymentMaker.web(replicas).rolling(maxSurge, 0).build();
        ReplicaSet old =
                SetMaker.of(deployment).image("old").replicas(oldReplicas).build();
        ReplicaSet current = SetMaker.of(deployment).replicas(newReplicas).build();
        DeploymentHarness harness = new DeploymentHarness(deployment, old, current);

        boolean scaled = RollingUpdate.scaleUpNew(harness.rollout(), List.of(old, current), current);

        assertThat(scaled).isEqualTo(expected != null);
        if (expected == null) {
            assertThat(harness.writes.updated).isEmpty();
        } else {
            assertThat(harness.writes.updated)
                    .singleElement()
                    .satisfies(rs -> assertThat(rs.getSpec().getReplicas()).isEqualTo(expected));
        }
    }

    static Stream<Arguments> oldReplicaSets() {
        return Stream.of(
                Arguments.of("maxUnavailable 0 resolves to 1 without surge", 10, 0, 10, 0, 10, 0, 9),
                Arguments.of("two available pods may go", 10, 2, 10, 0, 10, 0, 8),
                Arguments.of("unhealthy old pods go first and cost nothing", 10, 2, 10, 0, 8, 0, 8),
                Arguments.of("one unhealthy pod and one ready pod go", 10, 2, 10, 0, 9, 0, 8),
                Arguments.of("the new set's unavailable pods already count as unavailable", 10, 2, 8, 2, 8, 0, null),
                Arguments.of("none while an old set's scale-down is still under way", 10, 2, 9, 1, 10, 1, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("oldReplicaSets")
    void oldReplicaSetsShrinkAsFarAsTheUnavailabilityAllows(
            String description,
            int replicas,
            int maxUnavailable,
            int oldReplicas,
            int newReplicas,
            int oldAvailable,
            int newAvailable,
            Integer expectedOld) {
        Deployment deployment =
                DeploymentMaker.web(replicas).rolling(0, maxUnavailable).build();
        ReplicaSet old = SetMaker.of(deployment)
                .image("old")
                .replicas(oldReplicas)
                .available(oldAvailable)
                .build();
        ReplicaSet current = SetMaker.of(deployment)
                .replicas(newReplicas)
                .available(newAvailable)
                .build();
        DeploymentHarness harness = new DeploymentHarness(deployment, old, current);

        boolean scaled = RollingUpdate.scaleDownOld(harness.rollout(), List.of(old, current), List.of(old), current);

        assertThat(scaled).isEqualTo(expectedOld != null);
        assertThat(harness.set(old.getMetadata().getName()).getSpec().getReplicas())
                .isEqualTo(expectedOld == null ? oldReplicas : expectedOld);
    }

    static Stream<Arguments> unhealthy() {
        return Stream.of(
                Arguments.of("no more than the allowance", 10, 8, 1, 1),
                Arguments.of("no more than the unhealthy pods", 10, 8, 3, 2),
                Arguments.of("nothing without an allowance", 10, 8, 0, 0),
                Arguments.of("nothing when all are healthy", 10, 10, 3, 0),
                Arguments.of("refused while pods beyond the size are still to be deleted", 8, 10, 3, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unhealthy")
    void unhealthyReplicasAreCleanedUpWithinTheAllowance(
            String description, int oldReplicas, int available, int maxCleanup, Integer expected) {
        Deployment deployment = DeploymentMaker.web(10).rolling(2, 2).build();
        ReplicaSet old = SetMaker.of(deployment)
                .image("old")
                .replicas(oldReplicas)
                .available(available)
                .build();
        DeploymentHarness harness = new DeploymentHarness(deployment, old);

        OptionalInt cleaned =
                RollingUpdate.cleanupUnhealthy(harness.rollout(), new ArrayList<>(List.of(old)), maxCleanup);

        assertThat(cleaned).isEqualTo(expected == null ? OptionalInt.empty() : OptionalInt.of(expected));
        assertThat(harness.set(old.getMetadata().getName()).getSpec().getReplicas())
                .isEqualTo(oldReplicas - (expected == null ? 0 : expected));
    }

    static Stream<Arguments> scaleDown() {
        return Stream.of(
                Arguments.of("maxUnavailable 0 resolves to 1 without surge", 10, 0, 10, 10, 9),
                Arguments.of("down to the minimum availability", 10, 2, 10, 10, 8),
                Arguments.of("no available pod to spare", 10, 2, 8, 10, null),
                Arguments.of("nothing left to scale down", 10, 2, 10, 0, null),
                Arguments.of("far below the minimum availability", 10, 2, 1, 10, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scaleDown")
    void oldReplicaSetsScaleDownByTheirAvailablePodsAboveTheMinimum(
            String description, int replicas, int maxUnavailable, int available, int oldReplicas, Integer expected) {
        Deployment deployment =
                DeploymentMaker.web(replicas).rolling(0, maxUnavailable).build();
        ReplicaSet old = SetMaker.of(deployment)
                .image("old")
                .replicas(oldReplicas)
                .available(available)
                .build();
        DeploymentHarness harness = new DeploymentHarness(deployment, old);

        int scaled = RollingUpdate.scaleDownForRollingUpdate(harness.rollout(), List.of(old), List.of(old));

        if (expected == null) {
            assertThat(scaled).isZero();
            assertThat(harness.writes.updated).isEmpty();
        } else {
            assertThat(harness.writes.updated)
                    .singleElement()
                    .satisfies(rs -> assertThat(rs.getSpec().getReplicas()).isEqualTo(expected));
        }
    }
}
