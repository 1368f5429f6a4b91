package io.skiff.scheduler.plugins.tainttoleration;

import static io.skiff.scheduler.testing.NodeMaker.node;
import static io.skiff.scheduler.testing.PodMaker.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.skiff.scheduler.framework.Status;
import io.skiff.scheduler.testing.PluginHarness;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TaintTolerationTest {

    static Stream<Arguments> filterCases() {
        Node dedicated = node("n1").taint("dedicated", "user1", "NoSchedule").build();
        return Stream.of(
                Arguments.of(
                        "node without taints admits any pod", node("n1").build(), pod("p").build(), Status.success()),
                Arguments.of(
                        "untolerated NoSchedule taint is named in the reason",
                        dedicated,
                        pod("p").build(),
                        Status.unschedulableAndUnresolvable("node(s) had untolerated taint {dedicated: user1}")),
                Arguments.of(
                        "Equal toleration with the same value tolerates",
                        dedicated,
                        pod("p").toleration("dedicated", "Equal", "user1", "NoSchedule")
                                .build(),
                        Status.success()),
                Arguments.of(
                        "empty operator means Equal",
                        dedicated,
                        pod("p").toleration("dedicated", null, "user1", null).build(),
                        Status.success()),
                Arguments.of(
                        "Equal toleration with another value does not tolerate",
                        dedicated,
                        pod("p").toleration("dedicated", "Equal", "user2", "NoSchedule")
                                .build(),
                        Status.unschedulableAndUnresolvable("node(s) had untolerated taint {dedicated: user1}")),
                Arguments.of(
                        "Exists toleration tolerates any value of the key",
                        dedicated,
                        pod("p").toleration("dedicated", "Exists", null, "NoSchedule")
                                .build(),
                        Status.success()),
                Arguments.of(
                        "toleration of another effect does not tolerate",
                        dedicated,
                        pod("p").toleration("dedicated", "Exists", null, "NoExecute")
                                .build(),
                        Status.unschedulableAndUnresolvable("node(s) had untolerated taint {dedicated: user1}")),
                Arguments.of(
                        "untolerated NoExecute taint filters too",
                        node("n1")
                                .taint("node.kubernetes.io/not-ready", null, "NoExecute")
                                .build(),
                        pod("p").build(),
                        Status.unschedulableAndUnresolvable(
                                "node(s) had untolerated taint {node.kubernetes.io/not-ready: }")),
                Arguments.of(
                        "PreferNoSchedule taints never filter",
                        node("n1").taint("cheap", "true", "PreferNoSchedule").build(),
                        pod("p").build(),
                        Status.success()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("filterCases")
    void filter(String name, Node node, Pod pod, Status expected) {
        assertThat(PluginHarness.filter(new TaintToleration(), pod, node)).isEqualTo(expected);
    }

    @Test
    void fewerIntolerablePreferNoScheduleTaintsScoreHigher() {
        Map<String, Long> scores = PluginHarness.scores(
                new TaintToleration(),
                pod("p").toleration("tolerated", "Equal", "yes", "PreferNoSchedule")
                        .build(),
                PluginHarness.snapshot(
                        List.of(),
                        node("clean").build(),
                        node("tolerated")
                                .taint("tolerated", "yes", "PreferNoSchedule")
                                .build(),
                        node("one").taint("a", "1", "PreferNoSchedule").build(),
                        node("two")
                                .taint("a", "1", "PreferNoSchedule")
                                .taint("b", "2", "PreferNoSchedule")
                                .taint("c", "3", "NoSchedule")
                                .build()));

        assertThat(scores)
                .containsExactly(
                        Map.entry("clean", 100L),
                        Map.entry("tolerated", 100L),
                        Map.entry("one", 50L),
                        Map.entry("two", 0L));
    }

    @Test
    void withoutPreferNoScheduleTaintsEveryNodeScoresTheMaximum() {
        Map<String, Long> scores = PluginHarness.scores(
                new TaintToleration(),
                pod("p").build(),
                PluginHarness.snapshot(List.of(), node("n1").build(), node("n2").build()));

        assertThat(scores).containsExactly(Map.entry("n1", 100L), Map.entry("n2", 100L));
    }
}
