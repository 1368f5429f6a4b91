package io.skiff.scheduler.plugins.podtopologyspread;

import static io.skiff.scheduler.plugins.podtopologyspread.PodTopologySpread.LABEL_HOSTNAME;
import static io.skiff.scheduler.plugins.podtopologyspread.PodTopologySpread.LABEL_ZONE;
import static io.skiff.scheduler.plugins.podtopologyspread.PodTopologySpread.SCHEDULE_ANYWAY;
import static io.skiff.scheduler.plugins.podtopologyspread.PodTopologySpreadFilterTest.BAR;
import static io.skiff.scheduler.plugins.podtopologyspread.PodTopologySpreadFilterTest.FOO;
import static io.skiff.scheduler.plugins.podtopologyspread.PodTopologySpreadFilterTest.concat;
import static io.skiff.scheduler.plugins.podtopologyspread.PodTopologySpreadFilterTest.fooPods;
import static io.skiff.scheduler.testing.PodMaker.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ReplicationControllerBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraintBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** ScheduleAnyway constraints and default constraints, with expected scores from Kubernetes' scoring_test.go. */
class PodTopologySpreadScoreTest {

    record Case(
            String name,
            Pod pod,
            List<Pod> pods,
            List<Node> nodes,
            Set<String> failedNodes,
            PodTopologySpreadArgs args,
            WorkloadLister workloads,
            Map<String, Long> want) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static final PodTopologySpreadArgs NO_DEFAULTS = PodTopologySpreadArgs.listDefaulting(List.of());

    private static Node host(String name) {
        return NodeMaker.node(name).label(LABEL_HOSTNAME, name).build();
    }

    private static Node zoned(String name, String zone) {
        return NodeMaker.node(name)
                .label("zone", zone)
                .label(LABEL_HOSTNAME, name)
                .build();
    }

    private static PodMaker soft(int maxSkew, String key) {
        return pod("p").label("foo", "").spreadConstraint(maxSkew, key, SCHEDULE_ANYWAY, FOO);
    }

    private static Map<String, Long> want(Object... nodeThenScore) {
        Map<String, Long> want = new LinkedHashMap<>();
        for (int i = 0; i < nodeThenScore.length; i += 2) {
            want.put((String) nodeThenScore[i], ((Number) nodeThenScore[i + 1]).longValue());
        }
        return want;
    }

    static Stream<Case> cases() {
        List<Node> fourHosts = List.of(host("node-a"), host("node-b"), host("node-c"), host("node-d"));
        List<Pod> spread2103 = concat(fooPods("node-a", 2), fooPods("node-b", 1), fooPods("node-d", 3));
        List<Pod> spread4321 =
                concat(fooPods("node-a", 4), fooPods("node-b", 3), fooPods("node-c", 2), fooPods("node-d", 1));
        List<Pod> spread4213 =
                concat(fooPods("node-a", 4), fooPods("node-b", 2), fooPods("node-x", 1), fooPods("node-y", 3));
        return Stream.of(
                new Case(
                        "one constraint on hosts, no existing pods",
                        soft(1, LABEL_HOSTNAME).build(),
                        List.of(),
                        List.of(host("node-a"), host("node-b")),
                        Set.of(),
                        NO_DEFAULTS,
                        null,
                        want("node-a", 100, "node-b", 100)),
                new Case(
                        "a single candidate node scores 100",
                        soft(1, LABEL_HOSTNAME).build(),
                        concat(fooPods("node-a", 2), fooPods("node-b", 1)),
                        List.of(host("node-a"), host("node-b")),
                        Set.of("node-b"),
                        NO_DEFAULTS,
                        null,
                        want("node-a", 100)),
                new Case(
                        "pods spread as 2/1/0/3 across four candidate hosts",
                        soft(1, LABEL_HOSTNAME).build(),
                        spread2103,
                        fourHosts,
                        Set.of(),
                        NO_DEFAULTS,
                        null,
                        want("node-a", 20, "node-b", 60, "node-c", 100, "node-d", 0)),
                new Case(
                        "a null selector counts nothing: every host scores 100",
                        pod("p").label("foo", "")
                                .spreadConstraint(1, LABEL_HOSTNAME, SCHEDULE_ANYWAY, null)
                                .build(),
                        spread2103,
                        fourHosts,
                        Set.of(),
                        NO_DEFAULTS,
                        null,
                        want("node-a", 100, "node-b", 100, "node-c", 100, "node-d", 100)),
                new Case(
                        "pods spread as 2/1/0/3 with maxSkew 2 score flatter",
                        soft(2, LABEL_HOSTNAME).build(),
                        spread2103,
                        fourHosts,
                        Set.of(),
                        NO_DEFAULTS,
                        null,
                        want("node-a", 33, "node-b", 66, "node-c", 100, "node-d", 16)),
                new Case(
                        "pods spread as 4/3/2/1 with maxSkew 3",
                        soft(3, LABEL_HOSTNAME).build(),
                        spread4321,
                        fourHosts,
                        Set.of(),
                        NO_DEFAULTS,
                        null,
                        want("node-a", 44, "node-b", 66, "node-c", 77, "node-d", 100)),
                new Case(
                        "system defaults for a pod a Service selects score like one host constraint",
                        pod("p").label("foo", "").build(),
                        spread4321,
                        fourHosts,
                        Set.of(),
                        PodTopologySpreadArgs.defaults(),
                        new MapWorkloadLister()
                                .with(new ServiceBuilder()
                                        .withNewMetadata()
                                        .withName("svc")
                                        .withNamespace("default")
                                        .endMetadata()
                                        .withNewSpec()
                                        .withSelector(Map.of("foo", ""))
                                        .endSpec()
                                        .build()),
                        want("node-a", 44, "node-b", 66, "node-c", 77, "node-d", 100)),
                new Case(
                        "pods spread as 4/2/1/~3~: three of four hosts are candidates",
                        soft(1, LABEL_HOSTNAME).build(),
                        spread4213,
                        List.of(host("node-a"), host("node-b"), host("node-x"), host("node-y")),
                        Set.of("node-y"),
                        NO_DEFAULTS,
                        null,
                        want("node-a", 33, "node-b", 83, "node-x", 100)),
                new Case(
                        "a candidate without the topology key scores 0 and is not counted",
                        soft(1, LABEL_HOSTNAME).build(),
                        spread4213,
                        List.of(
                                host("node-a"),
                                NodeMaker.node("node-b").label("n", "node-b").build(),
                                host("node-x"),
                                host("node-y")),
                        Set.of("node-y"),
                        NO_DEFAULTS,
                        null,
                        want("node-a", 16, "node-b", 0, "node-x", 100)),
                new Case(
                        "one constraint on zones, three of four nodes are candidates",
                        soft(1, "zone").build(),
                        spread4213,
                        List.of(
                                zoned("node-a", "zone1"),
                                zoned("node-b", "zone1"),
                                zoned("node-x", "zone2"),
                                zoned("node-y", "zone2")),
                        Set.of("node-y"),
                        NO_DEFAULTS,
                        null,
                        want("node-a", 75, "node-b", 75, "node-x", 100)),
                new Case(
                        "zone and host constraints, pods spread as 2/~1~/2/~4~",
                        soft(1, "zone")
                                .spreadConstraint(1, LABEL_HOSTNAME, SCHEDULE_ANYWAY, FOO)
                                .build(),
                        concat(fooPods("node-a", 2), fooPods("node-b", 1), fooPods("node-x", 2), fooPods("node-y", 4)),
                        List.of(
                                zoned("node-a", "zone1"),
                                zoned("node-b", "zone1"),
                                zoned("node-x", "zone2"),
                                zoned("node-y", "zone2")),
                        Set.of("node-b", "node-y"),
                        NO_DEFAULTS,
                        null,
                        want("node-a", 100, "node-x", 63)),
                // zone (foo) counts 1/0, host (bar) counts 0/1/2/0: a = 1*ln4 = 1, b = ln4 + ln6 = 3,
                // x = 2*ln6 = 4, y = 0
                new Case(
                        "zone and host constraints with different selectors",
                        pod("p").label("foo", "")
                                .label("bar", "")
                                .spreadConstraint(1, "zone", SCHEDULE_ANYWAY, FOO)
                                .spreadConstraint(1, LABEL_HOSTNAME, SCHEDULE_ANYWAY, BAR)
                                .build(),
                        concat(
                                fooPods("node-a", 1),
                                PodTopologySpreadFilterTest.labelled("node-b", 1, "bar"),
                                PodTopologySpreadFilterTest.labelled("node-x", 2, "bar")),
                        List.of(
                                zoned("node-a", "zone1"),
                                zoned("node-b", "zone1"),
                                zoned("node-x", "zone2"),
                                zoned("node-y", "zone2")),
                        Set.of(),
                        NO_DEFAULTS,
                        null,
                        want("node-a", 75, "node-b", 25, "node-x", 0, "node-y", 100)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void scoresCandidateNodes(Case c) {
        assertThat(scores(c)).isEqualTo(c.want());
    }

    @Test
    void podsWithoutSoftConstraintsSkipScoring() {
        Snapshot snapshot = Snapshot.of(List.of(), List.of(host("node-a"), host("node-b")));
        PodTopologySpread plugin = new PodTopologySpread(NO_DEFAULTS, new FakeHandle(snapshot), null);

        assertThat(plugin.preScore(new CycleState(), pod("p").build(), snapshot.nodeInfos()))
                .isEqualTo(Status.skip());
    }

    @Test
    void defaultConstraintsNeedAnOwnerOrServiceSelectingThePod() {
        Snapshot snapshot = Snapshot.of(
                List.of(),
                List.of(NodeMaker.node("node-a").label("planet", "mars").build()));
        WorkloadLister unrelated = new MapWorkloadLister()
                .with(new ReplicaSetBuilder()
                        .withNewMetadata()
                        .withName("rs1")
                        .withNamespace("default")
                        .endMetadata()
                        .withNewSpec()
                        .withSelector(PodMaker.exists("tar"))
                        .endSpec()
                        .build());
        PodTopologySpreadArgs planets =
                PodTopologySpreadArgs.listDefaulting(List.of(new TopologySpreadConstraintBuilder()
                        .withMaxSkew(2)
                        .withTopologyKey("planet")
                        .withWhenUnsatisfiable(SCHEDULE_ANYWAY)
                        .build()));
        Pod ownedByMissingReplicaSet = pod("p").label("foo", "bar")
                .owner("apps/v1", "ReplicaSet", "rs2")
                .build();

        PodTopologySpread plugin = new PodTopologySpread(planets, new FakeHandle(snapshot), unrelated);

        assertThat(plugin.preScore(new CycleState(), ownedByMissingReplicaSet, snapshot.nodeInfos()))
                .isEqualTo(Status.skip());
    }

    static Stream<Arguments> owners() {
        return Stream.of(
                new Arguments(
                        "ReplicaSet",
                        pod("p").label("foo", "")
                                .owner("apps/v1", "ReplicaSet", "rs1")
                                .build(),
                        new MapWorkloadLister()
                                .with(new ReplicaSetBuilder()
                                        .withNewMetadata()
                                        .withName("rs1")
                                        .withNamespace("default")
                                        .endMetadata()
                                        .withNewSpec()
                                        .withSelector(FOO)
                                        .endSpec()
                                        .build())),
                new Arguments(
                        "StatefulSet",
                        pod("p").label("foo", "")
                                .owner("apps/v1", "StatefulSet", "ss1")
                                .build(),
                        new MapWorkloadLister()
                                .with(new StatefulSetBuilder()
                                        .withNewMetadata()
                                        .withName("ss1")
                                        .withNamespace("default")
                                        .endMetadata()
                                        .withNewSpec()
                                        .withSelector(new LabelSelectorBuilder()
                                                .addToMatchLabels("foo", "")
                                                .build())
                                        .endSpec()
                                        .build())),
                new Arguments(
                        "ReplicationController",
                        pod("p").label("foo", "")
                                .owner("v1", "ReplicationController", "rc1")
                                .build(),
                        new MapWorkloadLister()
                                .with(new ReplicationControllerBuilder()
                                        .withNewMetadata()
                                        .withName("rc1")
                                        .withNamespace("default")
                                        .endMetadata()
                                        .withNewSpec()
                                        .withSelector(Map.of("foo", ""))
                                        .endSpec()
                                        .build())));
    }

    record Arguments(String name, Pod pod, WorkloadLister workloads) {
        @Override
        public String toString() {
            return name;
        }
    }

    /**
     * System defaults: maxSkew 3 by host and 5 by zone; nodes without a zone label form one zone
     * of their own ("") rather than being ignored. Two zoned nodes hold 2 and 1 matching pods.
     */
    @ParameterizedTest(name = "system default constraints take the selector of the owning {0}")
    @MethodSource("owners")
    void systemDefaultsTakeTheOwnersSelector(Arguments owner) {
        List<Node> nodes = List.of(
                NodeMaker.node("node-a")
                        .label(LABEL_HOSTNAME, "node-a")
                        .label(LABEL_ZONE, "mars")
                        .build(),
                NodeMaker.node("node-b")
                        .label(LABEL_HOSTNAME, "node-b")
                        .label(LABEL_ZONE, "mars")
                        .build(),
                NodeMaker.node("node-c").label(LABEL_HOSTNAME, "node-c").build(),
                NodeMaker.node("node-d").label(LABEL_HOSTNAME, "node-d").build());
        Case c = new Case(
                owner.name(),
                owner.pod(),
                concat(fooPods("node-a", 2), fooPods("node-b", 1)),
                nodes,
                Set.of(),
                PodTopologySpreadArgs.defaults(),
                owner.workloads(),
                null);

        Map<String, Long> got = scores(c);

        // host weight ln(6), zone weight ln(4) (zones "mars" and ""): a = 2*1.79+2 + 3*1.39+4 = 13.7 -> 14,
        // b = 1.79+2 + 8.2 -> 12, c = d = 0+2 (no zone label, no zone score) = 2; normalised (14+2-s)/14
        assertThat(got).isEqualTo(want("node-a", 14, "node-b", 28, "node-c", 100, "node-d", 100));
    }

    @Test
    void argsValidationFollowsKubernetes() {
        assertThat(PodTopologySpreadArgs.defaults().effectiveDefaultConstraints())
                .extracting(c -> c.getTopologyKey() + "/" + c.getMaxSkew() + "/" + c.getWhenUnsatisfiable())
                .containsExactly(LABEL_HOSTNAME + "/3/ScheduleAnyway", LABEL_ZONE + "/5/ScheduleAnyway");
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
                .isThrownBy(() -> new PodTopologySpreadArgs(
                        List.of(new TopologySpreadConstraintBuilder()
                                .withMaxSkew(1)
                                .withTopologyKey("zone")
                                .withWhenUnsatisfiable(SCHEDULE_ANYWAY)
                                .build()),
                        PodTopologySpreadArgs.SYSTEM_DEFAULTING))
                .withMessageContaining("when .defaultingType is \"System\", .defaultConstraints must be empty");
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
                .isThrownBy(() -> PodTopologySpreadArgs.listDefaulting(List.of(new TopologySpreadConstraintBuilder()
                        .withMaxSkew(1)
                        .withTopologyKey("zone")
                        .withWhenUnsatisfiable(SCHEDULE_ANYWAY)
                        .withLabelSelector(FOO)
                        .build())))
                .withMessageContaining("must not define a selector");
        PodTopologySpreadArgs fromMap = PluginArgs.of(Map.of(
                        "defaultingType",
                        "List",
                        "defaultConstraints",
                        List.of(Map.of("maxSkew", 2, "topologyKey", "rack", "whenUnsatisfiable", "ScheduleAnyway"))))
                .as(PodTopologySpreadArgs.class, PodTopologySpreadArgs::defaults);
        assertThat(fromMap.effectiveDefaultConstraints()).singleElement().satisfies(c -> {
            assertThat(c.getTopologyKey()).isEqualTo("rack");
            assertThat(c.getMaxSkew()).isEqualTo(2);
        });
    }

    private static Map<String, Long> scores(Case c) {
        Snapshot snapshot = Snapshot.of(c.pods(), c.nodes());
        PodTopologySpread plugin = new PodTopologySpread(c.args(), new FakeHandle(snapshot), c.workloads());
        List<NodeInfo> feasible = new ArrayList<>();
        for (NodeInfo nodeInfo : snapshot.nodeInfos()) {
            if (!c.failedNodes().contains(nodeInfo.nodeName())) {
                feasible.add(nodeInfo);
            }
        }
        CycleState state = new CycleState();
        assertThat(plugin.preScore(state, c.pod(), feasible)).isEqualTo(Status.success());
        List<NodeScore> scores = new ArrayList<>();
        for (NodeInfo nodeInfo : feasible) {
            scores.add(new NodeScore(nodeInfo.nodeName(), plugin.score(state, c.pod(), nodeInfo)));
        }
        assertThat(plugin.normalizeScore(state, c.pod(), scores)).isEqualTo(Status.success());
        Map<String, Long> got = new LinkedHashMap<>();
        scores.forEach(score -> got.put(score.name(), score.score()));
        return got;
    }
}
