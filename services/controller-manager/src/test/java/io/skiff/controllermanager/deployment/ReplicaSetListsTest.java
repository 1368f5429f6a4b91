package io.skiff.controllermanager.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ReplicaSetListsTest {

    static Stream<Arguments> newReplicas() {
        return Stream.of(
                Arguments.of("rolling: up to the surge above the desired total", DeploymentMaker.web(10), 10, 0, 3),
                Arguments.of("rolling: no room at the surge limit", DeploymentMaker.web(10), 10, 3, 3),
                Arguments.of("rolling: never beyond the desired replicas", DeploymentMaker.web(10), 0, 8, 10),
                Arguments.of("rolling: a percentage surge rounds up", DeploymentMaker.web(1), 1, 0, 1),
                Arguments.of(
                        "recreate: everything at once", DeploymentMaker.web(10).recreate(), 0, 0, 10));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("newReplicas")
    void theNewReplicaSetsSize(
            String description, DeploymentMaker maker, int oldReplicas, int newReplicas, int expected) {
        Deployment deployment = maker.build();
        ReplicaSet old =
                SetMaker.of(deployment).image("old").replicas(oldReplicas).build();
        ReplicaSet current = SetMaker.of(deployment).replicas(newReplicas).build();

        assertThat(ReplicaSetLists.newReplicaSetReplicas(deployment, List.of(old, current), current))
                .isEqualTo(expected);
    }

    @Test
    void theNewReplicaSetIsTheOldestWithTheDeploymentsTemplate() {
        Deployment deployment = DeploymentMaker.web(1).build();
        ReplicaSet other =
                SetMaker.of(deployment).image("other").createdSecondsAgo(900).build();
        ReplicaSet younger = SetMaker.of(deployment).createdSecondsAgo(100).build();
        ReplicaSet older = SetMaker.of(deployment).createdSecondsAgo(500).build();
        older.getMetadata().setName("web-older");
        older.getMetadata().setUid("uid-older");

        List<ReplicaSet> sets = List.of(other, younger, older);
        assertThat(ReplicaSetLists.findNew(deployment, sets)).isSameAs(older);
        assertThat(ReplicaSetLists.findOld(deployment, sets)).containsExactly(other, younger);
    }

    @Test
    void theOnlyActiveOrElseTheLatestSetTakesAResize() {
        Deployment deployment = DeploymentMaker.web(1).build();
        ReplicaSet oldest = SetMaker.of(deployment)
                .image("1")
                .replicas(0)
                .createdSecondsAgo(900)
                .build();
        ReplicaSet old = SetMaker.of(deployment)
                .image("2")
                .replicas(0)
                .createdSecondsAgo(500)
                .build();
        ReplicaSet active = SetMaker.of(deployment)
                .image("3")
                .replicas(2)
                .createdSecondsAgo(300)
                .build();
        ReplicaSet current = SetMaker.of(deployment).replicas(0).build();

        assertThat(ReplicaSetLists.findActiveOrLatest(current, new ArrayList<>(List.of(oldest, active, old))))
                .isSameAs(active);
        assertThat(ReplicaSetLists.findActiveOrLatest(current, new ArrayList<>(List.of(oldest, old))))
                .as("none active: the new set")
                .isSameAs(current);
        assertThat(ReplicaSetLists.findActiveOrLatest(null, new ArrayList<>(List.of(oldest, old))))
                .as("none active and no new set: the newest")
                .isSameAs(old);
        ReplicaSet alsoActive = SetMaker.of(deployment).replicas(1).build();
        assertThat(ReplicaSetLists.findActiveOrLatest(alsoActive, new ArrayList<>(List.of(active))))
                .as("two active: proportional scaling")
                .isNull();
    }

    @Test
    void aNewSetIsSaturatedWhenItHoldsAllDesiredPodsAvailableAndSaysSo() {
        Deployment deployment = DeploymentMaker.web(3).build();

        assertThat(ReplicaSetLists.isSaturated(
                        deployment, SetMaker.of(deployment).replicas(3).build()))
                .isTrue();
        assertThat(ReplicaSetLists.isSaturated(
                        deployment,
                        SetMaker.of(deployment).replicas(3).available(2).build()))
                .isFalse();
        ReplicaSet otherSize = SetMaker.of(deployment).replicas(3).build();
        otherSize.getMetadata().getAnnotations().put(DeploymentAnnotations.DESIRED_REPLICAS, "4");
        assertThat(ReplicaSetLists.isSaturated(deployment, otherSize)).isFalse();
        assertThat(ReplicaSetLists.isSaturated(deployment, null)).isFalse();
    }

    @Test
    void setsOrderBySizeThenAgeAccordingToTheScalingDirection() {
        Deployment deployment = DeploymentMaker.web(1).build();
        ReplicaSet oldSmall = SetMaker.of(deployment)
                .image("1")
                .replicas(1)
                .createdSecondsAgo(900)
                .build();
        ReplicaSet oldLarge = SetMaker.of(deployment)
                .image("2")
                .replicas(3)
                .createdSecondsAgo(800)
                .build();
        ReplicaSet newSmall = SetMaker.of(deployment)
                .image("3")
                .replicas(1)
                .createdSecondsAgo(100)
                .build();

        List<ReplicaSet> up = new ArrayList<>(List.of(oldSmall, newSmall, oldLarge));
        up.sort(ReplicaSetLists.BY_SIZE_NEWER);
        assertThat(up).containsExactly(oldLarge, newSmall, oldSmall);
        List<ReplicaSet> down = new ArrayList<>(List.of(newSmall, oldSmall, oldLarge));
        down.sort(ReplicaSetLists.BY_SIZE_OLDER);
        assertThat(down).containsExactly(oldLarge, oldSmall, newSmall);
    }
}
