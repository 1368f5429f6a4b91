package io.skiff.scheduler.plugins.noderesources;

import static io.skiff.scheduler.testing.NodeMaker.node;
import static io.skiff.scheduler.testing.PodMaker.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.skiff.scheduler.framework.CycleState;
import io.skiff.scheduler.framework.Snapshot;
import io.skiff.scheduler.testing.PluginHarness;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NodeResourcesBalancedAllocationTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                // cpu 1/4, memory 1/8: std = (0.25 - 0.125) / 2 = 0.0625
                Arguments.of(
                        "uneven use lowers the score",
                        pod("p").container("cpu", "1", "memory", "1Gi").build(),
                        List.of(),
                        93L),
                Arguments.of(
                        "even use scores the maximum",
                        pod("p").container("cpu", "1", "memory", "2Gi").build(),
                        List.of(),
                        100L),
                // existing 3 cpus + pod 1 = 100 % cpu, 2Gi of 8Gi = 25 %: std 0.375
                Arguments.of(
                        "pods already on the node count",
                        pod("p").container("cpu", "1", "memory", "1Gi").build(),
                        List.of(pod("e").node("n1")
                                .container("cpu", "3", "memory", "1Gi")
                                .build()),
                        62L),
                Arguments.of(
                        "fractions are capped at 1",
                        pod("p").container("cpu", "8", "memory", "8Gi").build(),
                        List.of(),
                        100L));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void score(String name, Pod pod, List<Pod> existing, long expected) {
        Snapshot snapshot = PluginHarness.snapshot(
                existing, node("n1").allocatable("cpu", "4", "memory", "8Gi").build());

        Map<String, Long> scores = PluginHarness.scores(
                new NodeResourcesBalancedAllocation(NodeResourcesBalancedAllocationArgs.defaults()), pod, snapshot);

        assertThat(scores).containsExactly(Map.entry("n1", expected));
    }

    @Test
    void bestEffortPodsAreNotScored() {
        assertThat(new NodeResourcesBalancedAllocation(NodeResourcesBalancedAllocationArgs.defaults())
                        .preScore(new CycleState(), pod("p").build(), List.of())
                        .isSkip())
                .isTrue();
    }
}
