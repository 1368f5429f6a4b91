package io.skiff.scheduler.plugins.interpodaffinity;

import static io.skiff.scheduler.testing.PodMaker.expressions;
import static io.skiff.scheduler.testing.PodMaker.in;
import static io.skiff.scheduler.testing.PodMaker.pod;
import static io.skiff.scheduler.testing.PodMaker.term;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.skiff.scheduler.framework.CycleState;
import io.skiff.scheduler.framework.NodeInfo;
import io.skiff.scheduler.framework.NodeScore;
import io.skiff.scheduler.framework.PluginArgs;
import io.skiff.scheduler.framework.Snapshot;
import io.skiff.scheduler.framework.Status;
import io.skiff.scheduler.testing.FakeHandle;
import io.skiff.scheduler.testing.NodeMaker;
import io.skiff.scheduler.testing.PodMaker;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Preferred pod affinity scoring, with cases and expected scores from Kubernetes' scoring_test.go. */
class InterPodAffinityScoreTest {

    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final Map<String, String> CHINA = Map.of("region", "China");
    private static final Map<String, String> INDIA = Map.of("region", "India");
    private static final Map<String, String> AZ1 = Map.of("az", "az1");
    private static final Map<String, String> AZ2 = Map.of("az", "az2");
    private static final Map<String, String> CHINA_AZ1 = Map.of("region", "China", "az", "az1");
    private static final Map<String, String> S1 = Map.of("security", "S1");
    private static final Map<String, String> S2 = Map.of("security", "S2");

    private static final UnaryOperator<PodMaker> STAY_WITH_S1_IN_REGION =
            p -> p.preferredPodAffinity(5, term(in("security", "S1"), "region"));
    private static final UnaryOperator<PodMaker> STAY_WITH_S2_IN_REGION =
            p -> p.preferredPodAffinity(6, term(in("security", "S2"), "region"));
    private static final UnaryOperator<PodMaker> AFFINITY3 =
            p -> p.preferredPodAffinity(8, term(expressions("security NotIn S1", "security In S2"), "region"))
                    .preferredPodAffinity(2, term(expressions("security Exists", "wrongkey DoesNotExist"), "region"));
    private static final UnaryOperator<PodMaker> HARD_AFFINITY =
            p -> p.podAffinity(term(in("security", "S1", "value2"), "region"))
                    .podAffinity(term(expressions("security Exists", "wrongkey DoesNotExist"), "region"));
    private static final UnaryOperator<PodMaker> AWAY_FROM_S1_IN_AZ =
            p -> p.preferredPodAntiAffinity(5, term(in("security", "S1"), "az"));
    private static final UnaryOperator<PodMaker> AWAY_FROM_S2_IN_AZ =
            p -> p.preferredPodAntiAffinity(5, term(in("security", "S2"), "az"));
    private static final UnaryOperator<PodMaker> STAY_WITH_S1_AWAY_FROM_S2 =
            p -> p.preferredPodAffinity(8, term(in("security", "S1"), "region"))
                    .preferredPodAntiAffinity(5, term(in("security", "S2"), "az"));
    private static final UnaryOperator<PodMaker> AFFINITY_NAMESPACE_SELECTOR = p -> p.preferredPodAffinity(
            5, term(in("security", "S1"), "region", List.of("subteam2.team2"), in("team", "team1")));
    private static final UnaryOperator<PodMaker> ANTI_AFFINITY_NAMESPACE_SELECTOR = p -> p.preferredPodAntiAffinity(
            5, term(in("security", "S1"), "region", List.of("subteam2.team2"), in("team", "team1")));

    record Case(String name, Pod pod, List<Pod> pods, List<Node> nodes, InterPodAffinityArgs args, List<Long> want) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Node node(String name, Map<String, String> labels) {
        return NodeMaker.node(name).labels(labels).build();
    }

    private static Pod on(String node, Map<String, String> labels) {
        return on(node, labels, UnaryOperator.identity());
    }

    private static Pod on(String node, Map<String, String> labels, UnaryOperator<PodMaker> affinity) {
        return affinity.apply(
                        pod("existing-" + SEQUENCE.incrementAndGet()).node(node).labels(labels))
                .build();
    }

    private static InterPodAffinityArgs args() {
        return InterPodAffinityArgs.defaults();
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case(
                        "a pod matching a preferred term's pods and topology scores highest",
                        STAY_WITH_S1_IN_REGION.apply(pod("p").labels(S1)).build(),
                        List.of(on("node1", S1), on("node2", S2), on("node3", S1)),
                        List.of(node("node1", CHINA), node("node2", INDIA), node("node3", AZ1)),
                        args(),
                        List.of(100L, 0L, 0L)),
                new Case(
                        "all nodes in the same domain as a matching pod get the same score",
                        STAY_WITH_S1_IN_REGION.apply(pod("p")).build(),
                        List.of(on("node1", S1)),
                        List.of(node("node1", CHINA), node("node2", CHINA_AZ1), node("node3", INDIA)),
                        args(),
                        List.of(100L, 100L, 0L)),
                new Case(
                        "the region with more matching pods scores higher",
                        STAY_WITH_S2_IN_REGION.apply(pod("p").labels(S1)).build(),
                        List.of(
                                on("node1", S2),
                                on("node1", S2),
                                on("node2", S2),
                                on("node3", S2),
                                on("node4", S2),
                                on("node5", S2)),
                        List.of(
                                node("node1", CHINA),
                                node("node2", INDIA),
                                node("node3", CHINA),
                                node("node4", CHINA),
                                node("node5", INDIA)),
                        args(),
                        List.of(100L, 0L, 100L, 100L, 0L)),
                new Case(
                        "different operators with some terms not matching",
                        AFFINITY3.apply(pod("p").labels(S1)).build(),
                        List.of(on("node1", S1), on("node2", S2), on("node3", S1)),
                        List.of(node("node1", CHINA), node("node2", INDIA), node("node3", AZ1)),
                        args(),
                        List.of(20L, 100L, 0L)),
                new Case(
                        "existing pods' preferred affinity the pod matches (symmetry)",
                        pod("p").labels(S2).build(),
                        List.of(on("node1", S1, STAY_WITH_S1_IN_REGION), on("node2", S2, STAY_WITH_S2_IN_REGION)),
                        List.of(node("node1", CHINA), node("node2", INDIA), node("node3", AZ1)),
                        args(),
                        List.of(0L, 100L, 0L)),
                new Case(
                        "existing pod's preferred affinity selecting the pod's namespace by label",
                        pod("p").namespace("subteam1.team1").labels(S1).build(),
                        List.of(on("node1", S1, AFFINITY_NAMESPACE_SELECTOR), on("node2", S2, STAY_WITH_S2_IN_REGION)),
                        List.of(node("node1", CHINA), node("node2", INDIA), node("node3", AZ1)),
                        args(),
                        List.of(100L, 0L, 0L)),
                new Case(
                        "existing pod's preferred anti-affinity selecting the pod's namespace by label",
                        pod("p").namespace("subteam1.team1").labels(S1).build(),
                        List.of(
                                on("node1", S1, ANTI_AFFINITY_NAMESPACE_SELECTOR),
                                on("node2", S2, STAY_WITH_S2_IN_REGION)),
                        List.of(node("node1", CHINA), node("node2", INDIA), node("node3", AZ1)),
                        args(),
                        List.of(0L, 100L, 100L)),
                new Case(
                        "existing pods' required affinity the pod matches counts with hardPodAffinityWeight",
                        pod("p").labels(S1).build(),
                        List.of(on("node1", S1, HARD_AFFINITY), on("node2", S2, HARD_AFFINITY)),
                        List.of(node("node1", CHINA), node("node2", INDIA), node("node3", AZ1)),
                        args(),
                        List.of(100L, 100L, 0L)),
                new Case(
                        "preferred anti-affinity: the node without matching pods scores highest",
                        AWAY_FROM_S1_IN_AZ.apply(pod("p").labels(S1)).build(),
                        List.of(on("node1", S1), on("node2", S2)),
                        List.of(node("node1", AZ1), node("node2", CHINA)),
                        args(),
                        List.of(0L, 100L)),
                new Case(
                        "preferred anti-affinity: a node without the topology key scores highest",
                        AWAY_FROM_S1_IN_AZ.apply(pod("p").labels(S1)).build(),
                        List.of(on("node1", S1), on("node2", S1)),
                        List.of(node("node1", AZ1), node("node2", CHINA)),
                        args(),
                        List.of(0L, 100L)),
                new Case(
                        "existing pods' preferred anti-affinity the pod matches (symmetry)",
                        pod("p").labels(S2).build(),
                        List.of(on("node1", S1, AWAY_FROM_S2_IN_AZ), on("node2", S2, AWAY_FROM_S1_IN_AZ)),
                        List.of(node("node1", AZ1), node("node2", AZ2)),
                        args(),
                        List.of(0L, 100L)),
                new Case(
                        "affinity in the region and anti-affinity in the zone together",
                        STAY_WITH_S1_AWAY_FROM_S2.apply(pod("p").labels(S1)).build(),
                        List.of(
                                on("node1", S1),
                                on("node1", S1),
                                on("node2", S1),
                                on("node3", S1),
                                on("node3", S1),
                                on("node4", S1),
                                on("node5", S1)),
                        List.of(
                                node("node1", CHINA_AZ1),
                                node("node2", INDIA),
                                node("node3", CHINA),
                                node("node4", CHINA),
                                node("node5", INDIA)),
                        args(),
                        List.of(100L, 0L, 100L, 100L, 0L)),
                new Case(
                        "affinity, anti-affinity and both symmetries together",
                        STAY_WITH_S1_AWAY_FROM_S2.apply(pod("p").labels(S1)).build(),
                        List.of(
                                on("node1", S1),
                                on("node2", S2),
                                on("node3", Map.of(), STAY_WITH_S1_AWAY_FROM_S2),
                                on("node4", Map.of(), AWAY_FROM_S1_IN_AZ)),
                        List.of(node("node1", CHINA), node("node2", AZ1), node("node3", INDIA), node("node4", AZ2)),
                        args(),
                        List.of(100L, 0L, 100L, 0L)),
                new Case(
                        "nodes of a domain without pods with affinity do not break scoring",
                        pod("p").labels(S1).build(),
                        List.of(on("node1", S1), on("node2", Map.of(), STAY_WITH_S1_AWAY_FROM_S2)),
                        List.of(node("node1", CHINA), node("node2", CHINA)),
                        args(),
                        List.of(0L, 0L)),
                new Case(
                        "preferred affinity with a namespace selector counts pods of the selected namespaces",
                        AFFINITY_NAMESPACE_SELECTOR
                                .apply(pod("p").namespace("subteam1.team1").labels(S1))
                                .build(),
                        List.of(
                                pod("a").namespace("subteam1.team1")
                                        .node("node1")
                                        .labels(S1)
                                        .build(),
                                pod("b").namespace("subteam1.team1")
                                        .node("node1")
                                        .labels(S1)
                                        .build(),
                                pod("c").namespace("subteam1.team2")
                                        .node("node1")
                                        .labels(S1)
                                        .build(),
                                pod("d").namespace("subteam2.team1")
                                        .node("node2")
                                        .labels(S1)
                                        .build()),
                        List.of(node("node1", CHINA), node("node2", INDIA)),
                        args(),
                        List.of(100L, 0L)),
                new Case(
                        "preferred anti-affinity with namespaces and a namespace selector",
                        ANTI_AFFINITY_NAMESPACE_SELECTOR
                                .apply(pod("p").namespace("subteam1.team1").labels(S1))
                                .build(),
                        List.of(
                                pod("a").namespace("subteam1.team1")
                                        .node("node1")
                                        .labels(S1)
                                        .build(),
                                pod("b").namespace("subteam1.team1")
                                        .node("node1")
                                        .labels(S1)
                                        .build(),
                                pod("c").namespace("subteam2.team2")
                                        .node("node1")
                                        .labels(S1)
                                        .build(),
                                pod("d").namespace("subteam2.team1")
                                        .node("node2")
                                        .labels(S1)
                                        .build()),
                        List.of(node("node1", CHINA), node("node2", INDIA)),
                        args(),
                        List.of(0L, 100L)),
                new Case(
                        "existing pods' preferred terms count when they are not ignored",
                        pod("p").labels(S2).build(),
                        List.of(on("node1", S1, STAY_WITH_S1_AWAY_FROM_S2), on("node2", S2, STAY_WITH_S2_IN_REGION)),
                        List.of(node("node1", CHINA), node("node2", INDIA)),
                        args(),
                        List.of(0L, 100L)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void scoresNodes(Case c) {
        assertThat(scores(c.pod(), c.pods(), c.nodes(), c.args())).isEqualTo(c.want());
    }

    static Stream<Case> skipCases() {
        Pod hardAffinityOn1 = on(
                "node1",
                Map.of(),
                p -> p.podAffinity(
                        term(in("service", "S1"), "region", List.of("", "subteam2.team2"), in("team", "team1"))));
        Pod hardAffinityOn2 = on(
                "node2",
                Map.of(),
                p -> p.podAffinity(
                        term(in("service", "S1"), "region", List.of("", "subteam2.team2"), in("team", "team1"))));
        List<Node> nodes = List.of(node("node1", CHINA), node("node2", INDIA), node("node3", AZ1));
        return Stream.of(
                new Case("no affinity anywhere", pod("p").labels(S1).build(), List.of(), nodes, args(), List.of()),
                new Case(
                        "existing pods' preferred terms ignored when the pod has none",
                        pod("p").labels(S2).build(),
                        List.of(on("node1", S1, STAY_WITH_S1_AWAY_FROM_S2), on("node2", S2, STAY_WITH_S2_IN_REGION)),
                        nodes,
                        new InterPodAffinityArgs(1, true),
                        List.of()),
                new Case(
                        "hardPodAffinityWeight 0 ignores existing pods' required terms",
                        pod("p").label("service", "S1").build(),
                        List.of(hardAffinityOn1, hardAffinityOn2),
                        nodes,
                        new InterPodAffinityArgs(0, false),
                        List.of()),
                new Case(
                        "existing pods' required terms whose namespaces do not include the pod's",
                        pod("p").namespace("subteam1.team2")
                                .label("service", "S1")
                                .build(),
                        List.of(hardAffinityOn1, hardAffinityOn2),
                        nodes,
                        args(),
                        List.of()),
                new Case("no nodes to score", pod("p").labels(S2).build(), List.of(), List.of(), args(), List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("skipCases")
    void skipsScoring(Case c) {
        Snapshot snapshot = Snapshot.of(c.pods(), c.nodes());
        InterPodAffinity plugin = new InterPodAffinity(c.args(), new FakeHandle(snapshot), MapNamespaceLister.TEAMS);

        assertThat(plugin.preScore(new CycleState(), c.pod(), snapshot.nodeInfos()))
                .isEqualTo(Status.skip());
    }

    @Test
    void existingPodsRequiredAffinitySelectingThePodByNamespaceLabelOrNameScores() {
        UnaryOperator<PodMaker> hard = p ->
                p.podAffinity(term(in("service", "S1"), "region", List.of("", "subteam2.team2"), in("team", "team1")));
        List<Pod> pods = List.of(on("node1", Map.of(), hard), on("node2", Map.of(), hard));
        List<Node> nodes = List.of(node("node1", CHINA), node("node2", INDIA), node("node3", AZ1));

        assertThat(scores(
                        pod("p").namespace("subteam1.team1")
                                .label("service", "S1")
                                .build(),
                        pods,
                        nodes,
                        args()))
                .containsExactly(100L, 100L, 0L);
        assertThat(scores(
                        pod("p").namespace("subteam2.team2")
                                .label("service", "S1")
                                .build(),
                        pods,
                        nodes,
                        args()))
                .containsExactly(100L, 100L, 0L);
    }

    @Test
    void anInvalidPreferredTermFailsPreScore() {
        Pod invalid = pod("p").preferredPodAffinity(8, term(in("security", "{{.bad-value.}}"), "region"))
                .build();
        Snapshot snapshot = Snapshot.of(List.of(), List.of(node("node1", CHINA)));
        InterPodAffinity plugin = new InterPodAffinity(args(), new FakeHandle(snapshot), MapNamespaceLister.TEAMS);

        Status status = plugin.preScore(new CycleState(), invalid, snapshot.nodeInfos());

        assertThat(status.code()).isEqualTo(Status.Code.ERROR);
        assertThat(status.message()).startsWith("failed to parse pod: ").contains("{{.bad-value.}}");
    }

    @Test
    void argsReadFromAConfigurationMap() {
        InterPodAffinityArgs read = PluginArgs.of(Map.of("hardPodAffinityWeight", 7))
                .as(InterPodAffinityArgs.class, InterPodAffinityArgs::defaults);

        assertThat(read).isEqualTo(new InterPodAffinityArgs(7, false));
        assertThat(InterPodAffinityArgs.defaults()).isEqualTo(new InterPodAffinityArgs(1, false));
    }

    private static List<Long> scores(Pod pod, List<Pod> pods, List<Node> nodes, InterPodAffinityArgs args) {
        Snapshot snapshot = Snapshot.of(pods, nodes);
        InterPodAffinity plugin = new InterPodAffinity(args, new FakeHandle(snapshot), MapNamespaceLister.TEAMS);
        CycleState state = new CycleState();
        Status preScore = plugin.preScore(state, pod, snapshot.nodeInfos());
        assertThat(preScore).isEqualTo(Status.success());
        List<NodeScore> scores = new ArrayList<>();
        for (NodeInfo nodeInfo : snapshot.nodeInfos()) {
            scores.add(new NodeScore(nodeInfo.nodeName(), plugin.score(state, pod, nodeInfo)));
        }
        assertThat(plugin.normalizeScore(state, pod, scores)).isEqualTo(Status.success());
        return scores.stream().map(NodeScore::score).toList();
    }
}
