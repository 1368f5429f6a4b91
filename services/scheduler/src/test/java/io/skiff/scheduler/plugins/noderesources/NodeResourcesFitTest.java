package io.skiff.scheduler.plugins.noderesources;

import static io.skiff.scheduler.testing.NodeMaker.node;
import static io.skiff.scheduler.testing.PodMaker.pod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.skiff.scheduler.framework.PluginArgs;
import io.skiff.scheduler.framework.Status;
import io.skiff.scheduler.testing.PluginHarness;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NodeResourcesFitTest {

    private static final String GPU = "example.com/gpu";

    /** 10 cpus, 20 bytes of memory (as Kubernetes' own fit tests size nodes), 32 pods, 5 GPUs. */
    private static Node fitNode() {
        return node("n1")
                .allocatable("cpu", "10", "memory", "20", "pods", "32", "ephemeral-storage", "20", GPU, "5")
                .build();
    }

    /** A pod already on the node using 5 cpus and 19 bytes. */
    private static Pod busy() {
        return pod("busy").node("n1").container("cpu", "5", "memory", "19").build();
    }

    static Stream<Arguments> filterCases() {
        return Stream.of(
                Arguments.of("no requests fit a full node", pod("p").build(), List.of(busy()), Status.success()),
                Arguments.of(
                        "requests within what is left fit",
                        pod("p").container("cpu", "1", "memory", "1").build(),
                        List.of(busy()),
                        Status.success()),
                Arguments.of(
                        "too much cpu",
                        pod("p").container("cpu", "6", "memory", "1").build(),
                        List.of(busy()),
                        Status.unschedulable("Insufficient cpu")),
                Arguments.of(
                        "too much cpu and memory reports both",
                        pod("p").container("cpu", "6", "memory", "2").build(),
                        List.of(busy()),
                        Status.unschedulable("Insufficient cpu", "Insufficient memory")),
                Arguments.of(
                        "more than the whole node is unresolvable",
                        pod("p").container("cpu", "11").build(),
                        List.of(),
                        Status.unschedulableAndUnresolvable("Insufficient cpu")),
                Arguments.of(
                        "init container larger than the app containers sets the request",
                        pod("p").container("cpu", "1").initContainer("cpu", "6").build(),
                        List.of(busy()),
                        Status.unschedulable("Insufficient cpu")),
                Arguments.of(
                        "init containers run one at a time, so the largest counts, not their sum",
                        pod("p").container("cpu", "1")
                                .initContainer("cpu", "5")
                                .initContainer("cpu", "5")
                                .build(),
                        List.of(busy()),
                        Status.success()),
                Arguments.of(
                        "a sidecar runs beside the app containers and later init containers",
                        pod("p").sidecar("cpu", "2")
                                .container("cpu", "3")
                                .initContainer("cpu", "4")
                                .build(),
                        List.of(busy()),
                        Status.unschedulable("Insufficient cpu")),
                Arguments.of(
                        "pod overhead is added",
                        pod("p").container("cpu", "5").overhead("cpu", "1").build(),
                        List.of(busy()),
                        Status.unschedulable("Insufficient cpu")),
                Arguments.of(
                        "too much ephemeral storage",
                        pod("p").container("ephemeral-storage", "21").build(),
                        List.of(),
                        Status.unschedulableAndUnresolvable("Insufficient ephemeral-storage")),
                Arguments.of(
                        "too many of an extended resource",
                        pod("p").container(GPU, "3").build(),
                        List.of(pod("g").node("n1").container(GPU, "3").build()),
                        Status.unschedulable("Insufficient example.com/gpu")),
                Arguments.of(
                        "an extended resource the node does not offer is unresolvable",
                        pod("p").container("example.com/fpga", "1").build(),
                        List.of(),
                        Status.unschedulableAndUnresolvable("Insufficient example.com/fpga")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("filterCases")
    void filter(String name, Pod pod, List<Pod> existing, Status expected) {
        assertThat(PluginHarness.filter(
                        new NodeResourcesFit(NodeResourcesFitArgs.defaults()),
                        pod,
                        fitNode(),
                        existing.toArray(Pod[]::new)))
                .isEqualTo(expected);
    }

    @Test
    void aFullNodeRefusesEvenPodsThatRequestNothing() {
        Node small = node("n1").allocatable("cpu", "1", "pods", "1").build();

        assertThat(PluginHarness.filter(
                        new NodeResourcesFit(NodeResourcesFitArgs.defaults()),
                        pod("p").build(),
                        small,
                        pod("e").node("n1").build()))
                .isEqualTo(Status.unschedulable("Too many pods"));
    }

    @Test
    void ignoredExtendedResourcesAndGroupsAreNotChecked() {
        Pod pod = pod("p").container("example.com/fpga", "1", "vendor.io/nic", "2")
                .build();

        NodeResourcesFit byName = new NodeResourcesFit(
                new NodeResourcesFitArgs(List.of("example.com/fpga", "vendor.io/nic"), null, null));
        NodeResourcesFit byGroup =
                new NodeResourcesFit(new NodeResourcesFitArgs(null, List.of("example.com", "vendor.io"), null));

        assertThat(PluginHarness.filter(byName, pod, fitNode())).isEqualTo(Status.success());
        assertThat(PluginHarness.filter(byGroup, pod, fitNode())).isEqualTo(Status.success());
    }

    /** Node 4 cpus / 10000 bytes; the pod asks 3 cpus / 5000 bytes: 75 % and 50 % used. */
    static Stream<Arguments> scoringCases() {
        return Stream.of(
                Arguments.of("LeastAllocated averages the free share", ScoringStrategy.leastAllocated(), 37L),
                Arguments.of(
                        "MostAllocated averages the used share",
                        new ScoringStrategy(ScoringStrategy.MOST_ALLOCATED, null, null),
                        62L),
                Arguments.of(
                        "resource weights tilt the average",
                        new ScoringStrategy(
                                ScoringStrategy.LEAST_ALLOCATED,
                                List.of(new ResourceSpec("cpu", 3), new ResourceSpec("memory", 1)),
                                null),
                        31L),
                Arguments.of(
                        "RequestedToCapacityRatio follows the shape and rounds",
                        new ScoringStrategy(
                                ScoringStrategy.REQUESTED_TO_CAPACITY_RATIO,
                                null,
                                new ScoringStrategy.RequestedToCapacityRatioParam(
                                        List.of(new UtilizationShapePoint(0, 10), new UtilizationShapePoint(100, 0)))),
                        38L),
                Arguments.of(
                        "RequestedToCapacityRatio bin packing shape",
                        new ScoringStrategy(
                                ScoringStrategy.REQUESTED_TO_CAPACITY_RATIO,
                                null,
                                new ScoringStrategy.RequestedToCapacityRatioParam(
                                        List.of(new UtilizationShapePoint(0, 0), new UtilizationShapePoint(100, 10)))),
                        63L));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scoringCases")
    void score(String name, ScoringStrategy strategy, long expected) {
        Map<String, Long> scores = PluginHarness.scores(
                new NodeResourcesFit(new NodeResourcesFitArgs(null, null, strategy)),
                pod("p").container("cpu", "3", "memory", "5000").build(),
                PluginHarness.snapshot(
                        List.of(),
                        node("n1").allocatable("cpu", "4", "memory", "10000").build()));

        assertThat(scores).containsExactly(Map.entry("n1", expected));
    }

    @Test
    void leastAllocatedCountsMissingRequestsAsTheDefaults() {
        // 100m of 1 cpu used leaves 90; 200Mi of 1Gi leaves 80 (80.47 rounded down)
        Map<String, Long> scores = PluginHarness.scores(
                new NodeResourcesFit(NodeResourcesFitArgs.defaults()),
                pod("p").build(),
                PluginHarness.snapshot(
                        List.of(),
                        node("n1").allocatable("cpu", "1", "memory", "1Gi").build()));

        assertThat(scores).containsExactly(Map.entry("n1", 85L));
    }

    @Test
    void leastAllocatedPrefersTheEmptierNode() {
        Map<String, Long> scores = PluginHarness.scores(
                new NodeResourcesFit(NodeResourcesFitArgs.defaults()),
                pod("p").container("cpu", "1", "memory", "1Gi").build(),
                PluginHarness.snapshot(
                        List.of(pod("e").node("busy")
                                .container("cpu", "2", "memory", "2Gi")
                                .build()),
                        node("idle").allocatable("cpu", "4", "memory", "4Gi").build(),
                        node("busy").allocatable("cpu", "4", "memory", "4Gi").build()));

        assertThat(scores).containsExactly(Map.entry("idle", 75L), Map.entry("busy", 25L));
    }

    @Test
    void argsAreReadFromConfigurationMaps() {
        NodeResourcesFitArgs args = PluginArgs.of(Map.of(
                        "scoringStrategy",
                        Map.of("type", "MostAllocated", "resources", List.of(Map.of("name", "cpu", "weight", 2)))))
                .as(NodeResourcesFitArgs.class, NodeResourcesFitArgs::defaults);

        assertThat(args.scoringStrategy().type()).isEqualTo(ScoringStrategy.MOST_ALLOCATED);
        assertThat(args.scoringStrategy().resources()).containsExactly(new ResourceSpec("cpu", 2));
    }

    @Test
    void invalidStrategiesAreRefused() {
        assertThatThrownBy(() -> new NodeResourcesFit(
                        new NodeResourcesFitArgs(null, null, new ScoringStrategy("Random", null, null))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Unsupported value: \"Random\"");
        assertThatThrownBy(() -> new NodeResourcesFit(new NodeResourcesFitArgs(
                        null, null, new ScoringStrategy(ScoringStrategy.REQUESTED_TO_CAPACITY_RATIO, null, null))))
                .hasMessageContaining("at least one point");
    }
}
