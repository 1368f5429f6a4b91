package io.skiff.controllermanager.pods;

import static io.skiff.controllermanager.testing.PodMaker.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.skiff.controllermanager.testing.PodMaker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ActivePodsTest {

    static Stream<Arguments> deletedFirst() {
        return Stream.of(
                Arguments.of(
                        "unassigned before assigned",
                        pod("x").phase("Running").build(),
                        pod("y").phase("Pending").node("n1").build()),
                Arguments.of(
                        "Pending before Unknown",
                        pod("x").node("n1").phase("Pending").build(),
                        pod("y").node("n1").phase("Unknown").build()),
                Arguments.of(
                        "Unknown before Running",
                        pod("x").node("n1").phase("Unknown").build(),
                        pod("y").node("n1").phase("Running").build()),
                Arguments.of(
                        "not ready before ready",
                        pod("x").node("n1").build(),
                        pod("y").node("n1").readySecondsAgo(10).build()),
                Arguments.of(
                        "lower deletion cost before higher",
                        pod("x").node("n1")
                                .annotation(ActivePods.DELETION_COST_ANNOTATION, "-5")
                                .build(),
                        pod("y").node("n1").build()),
                Arguments.of(
                        "doubled up on a node before alone on one",
                        pod("x").node("crowded").build(),
                        pod("y").node("quiet").build()),
                Arguments.of(
                        "ready for less time before ready for longer",
                        pod("x").node("n1").readySecondsAgo(10).build(),
                        pod("y").node("n1").readySecondsAgo(10_000).build()),
                Arguments.of(
                        "more container restarts before fewer",
                        pod("x").node("n1").restarts(7).build(),
                        pod("y").node("n1").restarts(1).build()),
                Arguments.of(
                        "newer before older",
                        pod("x").node("n1").createdSecondsAgo(10).build(),
                        pod("y").node("n1").createdSecondsAgo(10_000).build()),
                Arguments.of(
                        "ages in the same logarithmic bucket are ordered by UID, not by age",
                        pod("a").node("n1").createdSecondsAgo(1_050).build(),
                        pod("b").node("n1").createdSecondsAgo(1_000).build()),
                Arguments.of(
                        "ready times in the same bucket move on to restarts",
                        pod("b").node("n1").readySecondsAgo(1_050).restarts(3).build(),
                        pod("a").node("n1").readySecondsAgo(1_000).build()));
    }

    @Test
    void deletionOrderIsATotalOrderOverMixedPods() {
        Random random = new Random(42);
        List<Pod> pods = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            PodMaker maker = pod("p" + i).node("n" + random.nextInt(3)).phase("Running");
            if (random.nextBoolean()) {
                maker.readySecondsAgo(random.nextInt(2) == 0 ? 1_000 : 1_000 + random.nextInt(50));
            }
            maker.restarts(random.nextInt(2))
                    .createdSecondsAgo(random.nextInt(2) == 0 ? 2_000 : 2_000 + random.nextInt(30));
            pods.add(maker.build());
        }
        Comparator<Pod> order = ActivePods.deletionOrder(ActivePods.ranksOnSameNode(pods, pods), PodMaker.NOW);
        for (Pod a : pods.subList(0, 40)) {
            for (Pod b : pods.subList(0, 40)) {
                assertThat(Integer.signum(order.compare(a, b))).isEqualTo(-Integer.signum(order.compare(b, a)));
                for (Pod c : pods.subList(0, 40)) {
                    if (order.compare(a, b) < 0 && order.compare(b, c) < 0) {
                        assertThat(order.compare(a, c))
                                .as("%s < %s < %s", name(a), name(b), name(c))
                                .isNegative();
                    }
                }
            }
        }
        List<Pod> sorted = new ArrayList<>(pods);
        sorted.sort(order);
        assertThat(sorted).hasSameSizeAs(pods);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deletedFirst")
    void deletionOrder(String description, Pod first, Pod second) {
        Pod crowdedNeighbour = pod("neighbour").node("crowded").build();
        List<Pod> related = List.of(first, second, crowdedNeighbour);
        Map<Pod, Integer> ranks = ActivePods.ranksOnSameNode(List.of(first, second), related);

        List<Pod> pods = new ArrayList<>(List.of(second, first));
        pods.sort(ActivePods.deletionOrder(ranks, PodMaker.NOW));

        assertThat(names(pods)).containsExactly(name(first), name(second));
        List<Pod> reversed = new ArrayList<>(List.of(first, second));
        reversed.sort(ActivePods.deletionOrder(ranks, PodMaker.NOW));
        assertThat(names(reversed)).containsExactly(name(first), name(second));
    }

    static Stream<Arguments> availability() {
        return Stream.of(
                Arguments.of("not ready is never available", pod("p").build(), 0, false),
                Arguments.of(
                        "ready is available without minReadySeconds",
                        pod("p").readySecondsAgo(1).build(),
                        0,
                        true),
                Arguments.of(
                        "ready for less than minReadySeconds",
                        pod("p").readySecondsAgo(10).build(),
                        30,
                        false),
                Arguments.of(
                        "ready for longer than minReadySeconds",
                        pod("p").readySecondsAgo(31).build(),
                        30,
                        true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("availability")
    void availableAfterMinReadySeconds(String description, Pod pod, int minReadySeconds, boolean available) {
        assertThat(ActivePods.isAvailable(pod, minReadySeconds, PodMaker.NOW)).isEqualTo(available);
    }

    static Stream<Arguments> availabilityRechecks() {
        Pod notReady = pod("p").build();
        Pod ready = pod("p").readySecondsAgo(0).build();
        return Stream.of(
                Arguments.of("becoming ready with minReadySeconds: a second past them", notReady, ready, 10, "PT11S"),
                Arguments.of("becoming ready without minReadySeconds", notReady, ready, 0, null),
                Arguments.of("becoming ready, minReadySeconds unset", notReady, ready, null, null),
                Arguments.of("ready already", ready, ready, 10, null),
                Arguments.of("becoming not ready", ready, notReady, 10, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("availabilityRechecks")
    void aPodBecomingReadyIsRecheckedWhenItBecomesAvailable(
            String description, Pod oldPod, Pod newPod, Integer minReadySeconds, String delay) {
        assertThat(ActivePods.availabilityRecheck(oldPod, newPod, minReadySeconds)
                        .map(Duration::toString))
                .isEqualTo(Optional.ofNullable(delay));
    }

    private static List<String> names(List<Pod> pods) {
        return pods.stream().map(ActivePodsTest::name).toList();
    }

    private static String name(Pod pod) {
        return pod.getMetadata().getName();
    }
}
