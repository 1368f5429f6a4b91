package io.skiff.controllermanager.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Resizing a Deployment mid-rollout: 10 replicas with maxSurge 3 and maxUnavailable 2 had an old set
 * at 8 and a new one at 5 (both annotated max-replicas 13), as in the Kubernetes documentation's
 * proportional scaling example.
 */
class ProportionalScalingTest {

    static Stream<Arguments> resizes() {
        return Stream.of(
                Arguments.of("scaling up shares the 5 new pods 3 to the old set and 2 to the new", 15, 13, 11, 7),
                Arguments.of("scaling down takes from the larger and older set first", 5, 13, 5, 3),
                Arguments.of("scaling to zero empties both", 0, 13, 0, 0),
                Arguments.of("a lost max-replicas annotation falls back to the current size", 15, 0, 11, 7),
                Arguments.of("no change leaves the sizes", 10, 13, 8, 5));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("resizes")
    void theNewSizeIsSharedInProportion(
            String description, int replicas, int maxReplicasAnnotation, int expectedOld, int expectedNew) {
        Deployment before = DeploymentMaker.web(10).rolling(3, 2).build();
        ReplicaSet old = SetMaker.of(before)
                .image("old")
                .replicas(8)
                .maxReplicasAnnotation(maxReplicasAnnotation)
                .createdSecondsAgo(600)
                .build();
        ReplicaSet current = SetMaker.of(before)
                .replicas(5)
                .maxReplicasAnnotation(maxReplicasAnnotation)
                .createdSecondsAgo(60)
                .build();
        Deployment resized = DeploymentMaker.web(replicas)
                .rolling(3, 2)
                .statusReplicas(13, 5, 13)
                .build();

        List<ProportionalScaling.Target> targets = ProportionalScaling.targets(resized, List.of(old, current));

        Map<String, Integer> sizes = new TreeMap<>();
        targets.forEach(t -> sizes.put(t.replicaSet().getMetadata().getName(), t.size()));
        assertThat(sizes)
                .containsEntry(old.getMetadata().getName(), expectedOld)
                .containsEntry(current.getMetadata().getName(), expectedNew);
    }

    @ParameterizedTest(name = "rounding leftovers go to the first set: {0} replicas")
    @MethodSource("leftoverCases")
    void roundingLeftoversGoToTheFirstSet(int replicas, int expectedTotal) {
        Deployment before = DeploymentMaker.web(3).rolling(0, 1).build();
        ReplicaSet a = SetMaker.of(before)
                .image("a")
                .replicas(1)
                .createdSecondsAgo(300)
                .build();
        ReplicaSet b = SetMaker.of(before)
                .image("b")
                .replicas(1)
                .createdSecondsAgo(200)
                .build();
        ReplicaSet c = SetMaker.of(before).replicas(1).createdSecondsAgo(100).build();
        Deployment resized = DeploymentMaker.web(replicas).rolling(0, 1).build();

        List<ProportionalScaling.Target> targets = ProportionalScaling.targets(resized, List.of(a, b, c));

        assertThat(targets.stream().mapToInt(ProportionalScaling.Target::size).sum())
                .isEqualTo(expectedTotal);
        assertThat(targets).allSatisfy(t -> assertThat(t.size()).isNotNegative());
    }

    static Stream<Arguments> leftoverCases() {
        return Stream.of(Arguments.of(4, 4), Arguments.of(5, 5), Arguments.of(2, 2), Arguments.of(7, 7));
    }
}
