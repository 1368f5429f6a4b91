package io.skiff.controllermanager.daemonset;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirementBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NodePlacementTest {

    static Stream<Arguments> placements() {
        Consumer<PodSpec> none = spec -> {};
        return Stream.of(
                Arguments.of("a plain node runs the daemon", none, DaemonSetMaker.node("n1"), true, true),
                Arguments.of(
                        "a nodeSelector the node lacks keeps it off",
                        (Consumer<PodSpec>) spec -> spec.setNodeSelector(java.util.Map.of("disk", "ssd")),
                        DaemonSetMaker.node("n1"),
                        false,
                        false),
                Arguments.of(
                        "required node affinity on a label the node has",
                        (Consumer<PodSpec>) spec -> requireLabel(spec, "kubernetes.io/hostname", "n1"),
                        DaemonSetMaker.node("n1"),
                        true,
                        true),
                Arguments.of(
                        "required node affinity on a label the node lacks",
                        (Consumer<PodSpec>) spec -> requireLabel(spec, "kubernetes.io/hostname", "n2"),
                        DaemonSetMaker.node("n1"),
                        false,
                        false),
                Arguments.of(
                        "an untolerated NoSchedule taint keeps new pods off but lets running ones stay",
                        none,
                        DaemonSetMaker.taintedNode("n1", "dedicated", "NoSchedule"),
                        false,
                        true),
                Arguments.of(
                        "an untolerated NoExecute taint evicts",
                        none,
                        DaemonSetMaker.taintedNode("n1", "dedicated", "NoExecute"),
                        false,
                        false),
                Arguments.of(
                        "a toleration in the template tolerates the taint",
                        (Consumer<PodSpec>) spec -> spec.setTolerations(java.util.List.of(new TolerationBuilder()
                                .withKey("dedicated")
                                .withOperator("Exists")
                                .build())),
                        DaemonSetMaker.taintedNode("n1", "dedicated", "NoExecute"),
                        true,
                        true),
                Arguments.of(
                        "daemon pods tolerate a not-ready node",
                        none,
                        DaemonSetMaker.taintedNode("n1", "node.kubernetes.io/not-ready", "NoExecute"),
                        true,
                        true),
                Arguments.of(
                        "daemon pods tolerate an unreachable node",
                        none,
                        DaemonSetMaker.taintedNode("n1", "node.kubernetes.io/unreachable", "NoExecute"),
                        true,
                        true),
                Arguments.of(
                        "daemon pods tolerate memory pressure",
                        none,
                        DaemonSetMaker.taintedNode("n1", "node.kubernetes.io/memory-pressure", "NoSchedule"),
                        true,
                        true),
                Arguments.of(
                        "daemon pods tolerate pid pressure",
                        none,
                        DaemonSetMaker.taintedNode("n1", "node.kubernetes.io/pid-pressure", "NoSchedule"),
                        true,
                        true),
                Arguments.of(
                        "only host-network daemon pods tolerate an unavailable network",
                        none,
                        DaemonSetMaker.taintedNode("n1", "node.kubernetes.io/network-unavailable", "NoSchedule"),
                        false,
                        true),
                Arguments.of(
                        "host-network daemon pods tolerate an unavailable network",
                        (Consumer<PodSpec>) spec -> spec.setHostNetwork(true),
                        DaemonSetMaker.taintedNode("n1", "node.kubernetes.io/network-unavailable", "NoSchedule"),
                        true,
                        true),
                Arguments.of(
                        "a template bound to another node runs nowhere else",
                        (Consumer<PodSpec>) spec -> spec.setNodeName("n2"),
                        DaemonSetMaker.node("n1"),
                        false,
                        false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("placements")
    void placement(String name, Consumer<PodSpec> template, Node node, boolean shouldRun, boolean shouldContinue) {
        DaemonSet daemonSet = new DaemonSetBuilder(DaemonSetMaker.agent()).build();
        template.accept(daemonSet.getSpec().getTemplate().getSpec());

        assertThat(NodePlacement.of(node, daemonSet)).isEqualTo(new NodePlacement(shouldRun, shouldContinue));
    }

    private static void requireLabel(PodSpec spec, String key, String value) {
        spec.setAffinity(new io.fabric8.kubernetes.api.model.AffinityBuilder()
                .withNewNodeAffinity()
                .withNewRequiredDuringSchedulingIgnoredDuringExecution()
                .addNewNodeSelectorTerm()
                .withMatchExpressions(new NodeSelectorRequirementBuilder()
                        .withKey(key)
                        .withOperator("In")
                        .withValues(value)
                        .build())
                .endNodeSelectorTerm()
                .endRequiredDuringSchedulingIgnoredDuringExecution()
                .endNodeAffinity()
                .build());
    }
}
