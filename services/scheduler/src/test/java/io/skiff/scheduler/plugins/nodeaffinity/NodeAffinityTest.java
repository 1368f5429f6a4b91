package io.skiff.scheduler.plugins.nodeaffinity;

import static io.skiff.scheduler.testing.NodeMaker.node;
import static io.skiff.scheduler.testing.PodMaker.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.AffinityBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.NodeSelectorTermBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PreferredSchedulingTerm;
import io.skiff.scheduler.framework.CycleState;
import io.skiff.scheduler.framework.NodeInfo;
import io.skiff.scheduler.framework.PreFilterResult;
import io.skiff.scheduler.framework.Status;
import io.skiff.scheduler.testing.PluginHarness;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NodeAffinityTest {

    private static final Status MISMATCH = Status.unschedulableAndUnresolvable(NodeAffinity.ERR_REASON_POD);

    private static NodeSelectorRequirement expr(String key, String operator, String... values) {
        return new NodeSelectorRequirement(key, operator, values.length == 0 ? null : List.of(values));
    }

    private static NodeSelectorTerm term(NodeSelectorRequirement... expressions) {
        return new NodeSelectorTermBuilder().withMatchExpressions(expressions).build();
    }

    private static NodeSelectorTerm fieldTerm(String operator, String... names) {
        return new NodeSelectorTermBuilder()
                .withMatchFields(new NodeSelectorRequirement("metadata.name", operator, List.of(names)))
                .build();
    }

    private static Affinity required(NodeSelectorTerm... terms) {
        return new AffinityBuilder()
                .withNewNodeAffinity()
                .withNewRequiredDuringSchedulingIgnoredDuringExecution()
                .withNodeSelectorTerms(terms)
                .endRequiredDuringSchedulingIgnoredDuringExecution()
                .endNodeAffinity()
                .build();
    }

    private static Pod requiring(NodeSelectorTerm... terms) {
        return pod("p").affinity(required(terms)).build();
    }

    static Stream<Arguments> filterCases() {
        Node node = node("n1").label("zone", "a").label("gpu", "4").build();
        return Stream.of(
                Arguments.of("pod without selector or affinity fits", node, pod("p").build(), Status.success()),
                Arguments.of(
                        "matching nodeSelector fits",
                        node,
                        pod("p").nodeSelector("zone", "a").build(),
                        Status.success()),
                Arguments.of(
                        "mismatching nodeSelector",
                        node,
                        pod("p").nodeSelector("zone", "b").build(),
                        MISMATCH),
                Arguments.of(
                        "In matches one of the values",
                        node,
                        requiring(term(expr("zone", "In", "b", "a"))),
                        Status.success()),
                Arguments.of("In without the node's value", node, requiring(term(expr("zone", "In", "b"))), MISMATCH),
                Arguments.of(
                        "NotIn without the node's value",
                        node,
                        requiring(term(expr("zone", "NotIn", "b"))),
                        Status.success()),
                Arguments.of(
                        "NotIn with the node's value", node, requiring(term(expr("zone", "NotIn", "a"))), MISMATCH),
                Arguments.of(
                        "NotIn matches a node lacking the label",
                        node,
                        requiring(term(expr("rack", "NotIn", "r1"))),
                        Status.success()),
                Arguments.of(
                        "Exists on a present label", node, requiring(term(expr("gpu", "Exists"))), Status.success()),
                Arguments.of("Exists on an absent label", node, requiring(term(expr("rack", "Exists"))), MISMATCH),
                Arguments.of(
                        "DoesNotExist on an absent label",
                        node,
                        requiring(term(expr("rack", "DoesNotExist"))),
                        Status.success()),
                Arguments.of(
                        "DoesNotExist on a present label",
                        node,
                        requiring(term(expr("gpu", "DoesNotExist"))),
                        MISMATCH),
                Arguments.of(
                        "Gt below the node's value", node, requiring(term(expr("gpu", "Gt", "3"))), Status.success()),
                Arguments.of("Gt at the node's value", node, requiring(term(expr("gpu", "Gt", "4"))), MISMATCH),
                Arguments.of(
                        "Lt above the node's value", node, requiring(term(expr("gpu", "Lt", "5"))), Status.success()),
                Arguments.of("Lt on a non-numeric label", node, requiring(term(expr("zone", "Lt", "5"))), MISMATCH),
                Arguments.of(
                        "expressions of one term are ANDed",
                        node,
                        requiring(term(expr("zone", "In", "a"), expr("gpu", "Gt", "8"))),
                        MISMATCH),
                Arguments.of(
                        "terms are ORed",
                        node,
                        requiring(term(expr("zone", "In", "b")), term(expr("gpu", "Exists"))),
                        Status.success()),
                Arguments.of("an empty term matches nothing", node, requiring(new NodeSelectorTerm()), MISMATCH),
                Arguments.of(
                        "an invalid term is ignored while the valid ones match",
                        node,
                        requiring(term(expr("gpu", "Gt", "many")), term(expr("zone", "In", "a"))),
                        Status.success()),
                Arguments.of("matchFields metadata.name In", node, requiring(fieldTerm("In", "n1")), Status.success()),
                Arguments.of("matchFields metadata.name NotIn", node, requiring(fieldTerm("NotIn", "n1")), MISMATCH),
                Arguments.of(
                        "nodeSelector and affinity must both match",
                        node,
                        pod("p").nodeSelector("zone", "b")
                                .affinity(required(term(expr("gpu", "Exists"))))
                                .build(),
                        MISMATCH));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("filterCases")
    void filter(String name, Node node, Pod pod, Status expected) {
        assertThat(PluginHarness.filter(new NodeAffinity(NodeAffinityArgs.defaults()), pod, node))
                .isEqualTo(expected);
    }

    @Test
    void preFilterNarrowsToTheNodeNamesEveryTermNames() {
        Pod pod = requiring(fieldTerm("In", "n1"), fieldTerm("In", "n2"));

        PreFilterResult result =
                new NodeAffinity(NodeAffinityArgs.defaults()).preFilter(new CycleState(), pod, List.of());

        assertThat(result.nodeNames()).isEqualTo(Set.of("n1", "n2"));
    }

    @Test
    void preFilterDoesNotNarrowWhenATermNamesNoNode() {
        Pod pod = requiring(fieldTerm("In", "n1"), term(expr("zone", "In", "a")));

        PreFilterResult result =
                new NodeAffinity(NodeAffinityArgs.defaults()).preFilter(new CycleState(), pod, List.of());

        assertThat(result.allNodes()).isTrue();
    }

    @Test
    void preFilterRejectsTermsWhoseNodeNamesConflict() {
        NodeSelectorTerm conflicting = new NodeSelectorTermBuilder()
                .withMatchFields(
                        new NodeSelectorRequirement("metadata.name", "In", List.of("n1")),
                        new NodeSelectorRequirement("metadata.name", "In", List.of("n2")))
                .build();

        PreFilterResult result = new NodeAffinity(NodeAffinityArgs.defaults())
                .preFilter(new CycleState(), requiring(conflicting), List.of());

        assertThat(result.status()).isEqualTo(Status.unschedulableAndUnresolvable(NodeAffinity.ERR_REASON_CONFLICT));
    }

    @Test
    void preFilterSkipsPodsWithoutNodeConstraints() {
        assertThat(new NodeAffinity(NodeAffinityArgs.defaults())
                        .preFilter(new CycleState(), pod("p").build(), List.of())
                        .status()
                        .isSkip())
                .isTrue();
    }

    @Test
    void profileAddedAffinityIsEnforcedOnEveryPod() {
        NodeAffinity plugin = new NodeAffinity(
                new NodeAffinityArgs(required(term(expr("pool", "In", "batch"))).getNodeAffinity()));

        assertThat(plugin.filter(
                        new CycleState(),
                        pod("p").build(),
                        NodeInfo.of(node("n1").label("pool", "web").build())))
                .isEqualTo(Status.unschedulableAndUnresolvable(NodeAffinity.ERR_REASON_ENFORCED));
        assertThat(PluginHarness.filter(
                        plugin,
                        pod("p").build(),
                        node("n1").label("pool", "batch").build()))
                .isEqualTo(Status.success());
    }

    @Test
    void preferredTermsScoreTheirWeightsNormalisedToTheBestNode() {
        Pod pod = pod("p").affinity(new AffinityBuilder()
                        .withNewNodeAffinity()
                        .withPreferredDuringSchedulingIgnoredDuringExecution(
                                new PreferredSchedulingTerm(term(expr("zone", "In", "a")), 2),
                                new PreferredSchedulingTerm(term(expr("disk", "In", "ssd")), 6))
                        .endNodeAffinity()
                        .build())
                .build();

        Map<String, Long> scores = PluginHarness.scores(
                new NodeAffinity(NodeAffinityArgs.defaults()),
                pod,
                PluginHarness.snapshot(
                        List.of(),
                        node("none").build(),
                        node("zone").label("zone", "a").build(),
                        node("ssd").label("disk", "ssd").build(),
                        node("both").label("zone", "a").label("disk", "ssd").build()));

        assertThat(scores)
                .containsExactly(
                        Map.entry("none", 0L), Map.entry("zone", 25L), Map.entry("ssd", 75L), Map.entry("both", 100L));
    }
}
