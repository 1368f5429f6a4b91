package io.skiff.scheduler.plugins.podtopologyspread;

import static io.skiff.scheduler.plugins.podtopologyspread.PodTopologySpread.DO_NOT_SCHEDULE;
import static io.skiff.scheduler.plugins.podtopologyspread.PodTopologySpread.ERR_REASON_CONSTRAINTS_NOT_MATCH;
import static io.skiff.scheduler.plugins.podtopologyspread.PodTopologySpread.ERR_REASON_NODE_LABEL_NOT_MATCH;
import static io.skiff.scheduler.testing.PodMaker.exists;
import static io.skiff.scheduler.testing.PodMaker.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraintBuilder;
import io.skiff.scheduler.framework.CycleState;
import io.skiff.scheduler.framework.NodeInfo;
import io.skiff.scheduler.framework.PodInfo;
import io.skiff.scheduler.framework.PreFilterResult;
import io.skiff.scheduler.framework.Snapshot;
import io.skiff.scheduler.framework.Status;
import io.skiff.scheduler.testing.FakeHandle;
import io.skiff.scheduler.testing.NodeMaker;
import io.skiff.scheduler.testing.PodMaker;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** DoNotSchedule constraints, with cases and expectations from Kubernetes' filtering_test.go. */
class PodTopologySpreadFilterTest {

    static final LabelSelector FOO = exists("foo");
    static final LabelSelector BAR = exists("bar");
    private static final Status OK = Status.success();
    private static final Status SKEW = Status.unschedulable(ERR_REASON_CONSTRAINTS_NOT_MATCH);
    private static final Status NO_LABEL = Status.unschedulableAndUnresolvable(ERR_REASON_NODE_LABEL_NOT_MATCH);

    record Case(String name, Pod pod, List<Node> nodes, List<Pod> pods, Map<String, Status> want) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Node zoned(String name, String zone) {
        return NodeMaker.node(name).label("zone", zone).label("node", name).build();
    }

    static List<Node> fourNodesTwoZones() {
        return List.of(
                zoned("node-a", "zone1"), zoned("node-b", "zone1"), zoned("node-x", "zone2"), zoned("node-y", "zone2"));
    }

    /** {@code count} pods labelled foo (or the given key) on a node. */
    static List<Pod> fooPods(String node, int count) {
        return labelled(node, count, "foo");
    }

    static List<Pod> labelled(String node, int count, String key) {
        List<Pod> pods = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            pods.add(pod("p-" + node + "-" + key + i).node(node).label(key, "").build());
        }
        return pods;
    }

    @SafeVarargs
    static List<Pod> concat(List<Pod>... lists) {
        List<Pod> all = new ArrayList<>();
        for (List<Pod> list : lists) {
            all.addAll(list);
        }
        return all;
    }

    static Map<String, Status> want(Object... nodeThenStatus) {
        Map<String, Status> want = new LinkedHashMap<>();
        for (int i = 0; i < nodeThenStatus.length; i += 2) {
            want.put((String) nodeThenStatus[i], (Status) nodeThenStatus[i + 1]);
        }
        return want;
    }

    static PodMaker spreading(int maxSkew, String key, LabelSelector selector) {
        return pod("p").label("foo", "").spreadConstraint(maxSkew, key, DO_NOT_SCHEDULE, selector);
    }

    static Stream<Case> singleConstraint() {
        return Stream.of(
                new Case(
                        "no existing pods: every node fits",
                        spreading(1, "zone", FOO).build(),
                        fourNodesTwoZones(),
                        List.of(),
                        want("node-a", OK, "node-b", OK, "node-x", OK, "node-y", OK)),
                new Case(
                        "a pod that does not match its own selector fits everywhere",
                        spreading(1, "zone", BAR).build(),
                        fourNodesTwoZones(),
                        List.of(),
                        want("node-a", OK, "node-b", OK, "node-x", OK, "node-y", OK)),
                new Case(
                        "existing pods of other namespaces do not count",
                        spreading(1, "zone", FOO).build(),
                        fourNodesTwoZones(),
                        List.of(
                                pod("p-a1")
                                        .namespace("ns1")
                                        .node("node-a")
                                        .label("foo", "")
                                        .build(),
                                pod("p-b1")
                                        .namespace("ns2")
                                        .node("node-a")
                                        .label("foo", "")
                                        .build(),
                                pod("p-x1").node("node-x").label("foo", "").build(),
                                pod("p-y1").node("node-y").label("foo", "").build()),
                        want("node-a", OK, "node-b", OK, "node-x", SKEW, "node-y", SKEW)),
                new Case(
                        "a null selector matches no existing pod",
                        spreading(1, "zone", null).build(),
                        fourNodesTwoZones(),
                        concat(fooPods("node-x", 1), fooPods("node-y", 1)),
                        want("node-a", OK, "node-b", OK, "node-x", OK, "node-y", OK)),
                new Case(
                        "terminating pods do not count",
                        spreading(1, "zone", FOO).build(),
                        fourNodesTwoZones(),
                        List.of(
                                pod("gone-1")
                                        .node("node-x")
                                        .label("foo", "")
                                        .terminating()
                                        .build(),
                                pod("gone-2")
                                        .node("node-x")
                                        .label("foo", "")
                                        .terminating()
                                        .build()),
                        want("node-a", OK, "node-b", OK, "node-x", OK, "node-y", OK)),
                new Case(
                        "pods spread across zones as 3/3: every node fits",
                        spreading(1, "zone", FOO).build(),
                        fourNodesTwoZones(),
                        concat(fooPods("node-a", 2), fooPods("node-b", 1), fooPods("node-y", 3)),
                        want("node-a", OK, "node-b", OK, "node-x", OK, "node-y", OK)),
                new Case(
                        "a node without the zone label is unresolvable and does not make a domain",
                        spreading(1, "zone", FOO).build(),
                        List.of(
                                zoned("node-a", "zone1"),
                                NodeMaker.node("node-b")
                                        .label("zon", "zone1")
                                        .label("node", "node-b")
                                        .build(),
                                zoned("node-x", "zone2"),
                                zoned("node-y", "zone2")),
                        concat(fooPods("node-a", 1), fooPods("node-b", 1), fooPods("node-x", 1), fooPods("node-y", 1)),
                        want("node-a", OK, "node-b", NO_LABEL, "node-x", SKEW, "node-y", SKEW)),
                new Case(
                        "no node has the topology key",
                        spreading(1, "rack", FOO).build(),
                        List.of(zoned("node-a", "zone1"), zoned("node-x", "zone2")),
                        List.of(),
                        want("node-a", NO_LABEL, "node-x", NO_LABEL)),
                new Case(
                        "pods spread across nodes as 2/1/0/3: only the empty node fits",
                        spreading(1, "node", FOO).build(),
                        fourNodesTwoZones(),
                        concat(fooPods("node-a", 2), fooPods("node-b", 1), fooPods("node-y", 3)),
                        want("node-a", SKEW, "node-b", SKEW, "node-x", OK, "node-y", SKEW)),
                new Case(
                        "pods spread as 2/1/0/3 with maxSkew 2: node-b and node-x fit",
                        spreading(2, "node", FOO).build(),
                        fourNodesTwoZones(),
                        concat(fooPods("node-a", 2), fooPods("node-b", 1), fooPods("node-y", 3)),
                        want("node-a", SKEW, "node-b", OK, "node-x", OK, "node-y", SKEW)),
                new Case(
                        "pods spread as 2/1/0/3 but the pod does not match itself",
                        pod("p").label("bar", "")
                                .spreadConstraint(1, "node", DO_NOT_SCHEDULE, FOO)
                                .build(),
                        fourNodesTwoZones(),
                        concat(fooPods("node-a", 2), fooPods("node-b", 1), fooPods("node-y", 3)),
                        want("node-a", SKEW, "node-b", OK, "node-x", OK, "node-y", SKEW)),
                new Case(
                        "fewer domains than minDomains: the global minimum is 0",
                        pod("p").label("foo", "")
                                .spreadConstraint(new TopologySpreadConstraintBuilder()
                                        .withMaxSkew(2)
                                        .withTopologyKey("zone")
                                        .withWhenUnsatisfiable(DO_NOT_SCHEDULE)
                                        .withLabelSelector(FOO)
                                        .withMinDomains(3)
                                        .build())
                                .build(),
                        fourNodesTwoZones(),
                        concat(fooPods("node-a", 1), fooPods("node-b", 1), fooPods("node-y", 1)),
                        want("node-a", SKEW, "node-b", SKEW, "node-x", OK, "node-y", OK)),
                new Case(
                        "more domains than minDomains: the global minimum is the least loaded domain",
                        pod("p").label("foo", "")
                                .spreadConstraint(new TopologySpreadConstraintBuilder()
                                        .withMaxSkew(2)
                                        .withTopologyKey("zone")
                                        .withWhenUnsatisfiable(DO_NOT_SCHEDULE)
                                        .withLabelSelector(FOO)
                                        .withMinDomains(1)
                                        .build())
                                .build(),
                        fourNodesTwoZones(),
                        concat(fooPods("node-a", 1), fooPods("node-b", 1), fooPods("node-y", 1)),
                        want("node-a", OK, "node-b", OK, "node-x", OK, "node-y", OK)),
                new Case(
                        "nodeAffinityPolicy Honor (default): nodes outside the pod's node selector are no domains",
                        spreading(1, "node", FOO).nodeSelector("foo", "").build(),
                        inclusionNodes(false),
                        concat(fooPods("node-a", 1), fooPods("node-b", 1), fooPods("node-y", 1)),
                        want("node-a", SKEW, "node-b", SKEW, "node-x", OK, "node-y", OK)),
                new Case(
                        "nodeAffinityPolicy Ignore: every node is a domain",
                        pod("p").label("foo", "")
                                .nodeSelector("foo", "")
                                .spreadConstraint(new TopologySpreadConstraintBuilder()
                                        .withMaxSkew(1)
                                        .withTopologyKey("node")
                                        .withWhenUnsatisfiable(DO_NOT_SCHEDULE)
                                        .withLabelSelector(FOO)
                                        .withNodeAffinityPolicy("Ignore")
                                        .build())
                                .build(),
                        inclusionNodes(false),
                        concat(fooPods("node-a", 1), fooPods("node-b", 1), fooPods("node-y", 1)),
                        want("node-a", SKEW, "node-b", SKEW, "node-x", OK, "node-y", SKEW)),
                new Case(
                        "nodeTaintsPolicy Honor: nodes with untolerated taints are no domains",
                        pod("p").label("foo", "")
                                .spreadConstraint(new TopologySpreadConstraintBuilder()
                                        .withMaxSkew(1)
                                        .withTopologyKey("node")
                                        .withWhenUnsatisfiable(DO_NOT_SCHEDULE)
                                        .withLabelSelector(FOO)
                                        .withNodeTaintsPolicy("Honor")
                                        .build())
                                .build(),
                        inclusionNodes(true),
                        concat(fooPods("node-a", 1), fooPods("node-b", 1), fooPods("node-y", 1)),
                        want("node-a", SKEW, "node-b", SKEW, "node-x", OK, "node-y", OK)),
                new Case(
                        "nodeTaintsPolicy Ignore (default): tainted nodes are domains",
                        spreading(1, "node", FOO).build(),
                        inclusionNodes(true),
                        concat(fooPods("node-a", 1), fooPods("node-b", 1), fooPods("node-y", 1)),
                        want("node-a", SKEW, "node-b", SKEW, "node-x", OK, "node-y", SKEW)),
                new Case(
                        "matchLabelKeys narrows the selector to pods with the pod's value of the key",
                        pod("p").label("foo", "")
                                .label("revision", "2")
                                .spreadConstraint(new TopologySpreadConstraintBuilder()
                                        .withMaxSkew(1)
                                        .withTopologyKey("node")
                                        .withWhenUnsatisfiable(DO_NOT_SCHEDULE)
                                        .withLabelSelector(FOO)
                                        .withMatchLabelKeys("revision")
                                        .build())
                                .build(),
                        fourNodesTwoZones(),
                        List.of(
                                pod("old-a")
                                        .node("node-a")
                                        .label("foo", "")
                                        .label("revision", "1")
                                        .build(),
                                pod("old-b")
                                        .node("node-b")
                                        .label("foo", "")
                                        .label("revision", "1")
                                        .build(),
                                pod("new-x")
                                        .node("node-x")
                                        .label("foo", "")
                                        .label("revision", "2")
                                        .build()),
                        want("node-a", OK, "node-b", OK, "node-x", SKEW, "node-y", OK)));
    }

    /** node-a/b/x labelled foo, node-y not; with {@code taintY} node-y has a NoSchedule taint instead. */
    private static List<Node> inclusionNodes(boolean taintY) {
        NodeMaker y = NodeMaker.node("node-y").label("node", "node-y");
        if (taintY) {
            y.label("foo", "").taint("dedicated", "db", "NoSchedule");
        }
        return List.of(
                NodeMaker.node("node-a")
                        .label("node", "node-a")
                        .label("foo", "")
                        .build(),
                NodeMaker.node("node-b")
                        .label("node", "node-b")
                        .label("foo", "")
                        .build(),
                NodeMaker.node("node-x")
                        .label("node", "node-x")
                        .label("foo", "")
                        .build(),
                y.build());
    }

    static Stream<Case> multipleConstraints() {
        return Stream.of(
                new Case(
                        "zone and node constraints, spreads 3/3 and 2/1/0/3: only node-x satisfies both",
                        spreading(1, "zone", FOO)
                                .spreadConstraint(1, "node", DO_NOT_SCHEDULE, FOO)
                                .build(),
                        fourNodesTwoZones(),
                        concat(fooPods("node-a", 2), fooPods("node-b", 1), fooPods("node-y", 3)),
                        want("node-a", SKEW, "node-b", SKEW, "node-x", OK, "node-y", SKEW)),
                new Case(
                        "zone and node constraints, spreads 3/4 and 2/1/0/4: no node satisfies both",
                        spreading(1, "zone", FOO)
                                .spreadConstraint(1, "node", DO_NOT_SCHEDULE, FOO)
                                .build(),
                        fourNodesTwoZones(),
                        concat(fooPods("node-a", 2), fooPods("node-b", 1), fooPods("node-y", 4)),
                        want("node-a", SKEW, "node-b", SKEW, "node-x", SKEW, "node-y", SKEW)),
                new Case(
                        "constraints with different selectors, spreads 1/0 and 1/0/0/1",
                        pod("p").label("foo", "")
                                .label("bar", "")
                                .spreadConstraint(1, "zone", DO_NOT_SCHEDULE, FOO)
                                .spreadConstraint(1, "node", DO_NOT_SCHEDULE, BAR)
                                .build(),
                        fourNodesTwoZones(),
                        concat(fooPods("node-a", 1), labelled("node-y", 1, "bar")),
                        want("node-a", SKEW, "node-b", SKEW, "node-x", OK, "node-y", SKEW)),
                new Case(
                        "two constraints on the same key with different selectors are counted apart",
                        pod("p").label("foo", "")
                                .label("bar", "")
                                .spreadConstraint(1, "zone", DO_NOT_SCHEDULE, FOO)
                                .spreadConstraint(2, "zone", DO_NOT_SCHEDULE, BAR)
                                .build(),
                        fourNodesTwoZones(),
                        concat(fooPods("node-a", 1), labelled("node-x", 2, "bar")),
                        want("node-a", SKEW, "node-b", SKEW, "node-x", SKEW, "node-y", SKEW)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource({"singleConstraint", "multipleConstraints"})
    void filtersNodes(Case c) {
        Snapshot snapshot = Snapshot.of(c.pods(), c.nodes());
        PodTopologySpread plugin = plugin(snapshot);
        CycleState state = new CycleState();

        assertThat(plugin.preFilter(state, c.pod(), snapshot.nodeInfos()).status())
                .isEqualTo(Status.success());
        Map<String, Status> got = new LinkedHashMap<>();
        for (NodeInfo nodeInfo : snapshot.nodeInfos()) {
            got.put(nodeInfo.nodeName(), plugin.filter(state, c.pod(), nodeInfo));
        }
        assertThat(got).isEqualTo(c.want());
    }

    @Test
    void aPodWithoutHardConstraintsSkipsTheFilter() {
        Snapshot snapshot = Snapshot.of(List.of(), fourNodesTwoZones());
        Pod soft = pod("p").spreadConstraint(1, "zone", PodTopologySpread.SCHEDULE_ANYWAY, FOO)
                .build();

        PreFilterResult result = plugin(snapshot).preFilter(new CycleState(), soft, snapshot.nodeInfos());

        assertThat(result.status()).isEqualTo(Status.skip());
    }

    @Test
    void anInvalidSelectorIsAnError() {
        Snapshot snapshot = Snapshot.of(List.of(), fourNodesTwoZones());
        Pod invalid = pod("p").spreadConstraint(1, "zone", DO_NOT_SCHEDULE, PodMaker.in("foo", "{{bad}}"))
                .build();

        PreFilterResult result = plugin(snapshot).preFilter(new CycleState(), invalid, snapshot.nodeInfos());

        assertThat(result.status().code()).isEqualTo(Status.Code.ERROR);
        assertThat(result.status().message()).startsWith("obtaining pod's hard topology spread constraints: ");
    }

    @Test
    void removingAVictimFromTheCrowdedZoneMakesItFitOnACopyOnly() {
        // zone1 holds a matching pod, zone2 none: zone1 nodes fail (1 + 1 - 0 > 1)
        Snapshot snapshot = Snapshot.of(fooPods("node-a", 1), fourNodesTwoZones());
        PodTopologySpread plugin = plugin(snapshot);
        Pod incoming = spreading(1, "zone", FOO).build();
        CycleState state = new CycleState();
        plugin.preFilter(state, incoming, snapshot.nodeInfos());
        NodeInfo nodeA = snapshot.get("node-a");
        Pod victim = nodeA.pods().get(0).pod();

        CycleState whatIf = state.copy();
        plugin.removePod(whatIf, incoming, PodInfo.of(victim), nodeA);
        CycleState moreOnX = state.copy();
        plugin.addPod(
                moreOnX,
                incoming,
                PodInfo.of(pod("extra").node("node-x").label("foo", "").build()),
                snapshot.get("node-x"));

        assertThat(plugin.filter(whatIf, incoming, nodeA)).isEqualTo(OK);
        assertThat(plugin.filter(state, incoming, nodeA)).isEqualTo(SKEW);
        // with a pod in zone2 the minimum rises to 1, so zone1 (1 + 1 - 1) fits too
        assertThat(plugin.filter(moreOnX, incoming, nodeA)).isEqualTo(OK);
        assertThat(plugin.filter(moreOnX, incoming, snapshot.get("node-x"))).isEqualTo(OK);
    }

    @Test
    void podsOfOtherNamespacesAreNotAddedOrRemoved() {
        Snapshot snapshot = Snapshot.of(List.of(), fourNodesTwoZones());
        PodTopologySpread plugin = plugin(snapshot);
        Pod incoming = spreading(1, "zone", FOO).build();
        CycleState state = new CycleState();
        plugin.preFilter(state, incoming, snapshot.nodeInfos());

        Pod elsewhere =
                pod("other").namespace("other").node("node-a").label("foo", "").build();
        plugin.addPod(state, incoming, PodInfo.of(elsewhere), snapshot.get("node-a"));
        plugin.addPod(state, incoming, PodInfo.of(elsewhere), snapshot.get("node-b"));

        assertThat(plugin.filter(state, incoming, snapshot.get("node-a"))).isEqualTo(OK);
    }

    @Test
    void preFilterOverFiveThousandNodesCountsEveryDomain() {
        List<Node> nodes = new ArrayList<>();
        List<Pod> pods = new ArrayList<>();
        for (int n = 0; n < 5000; n++) {
            String name = "node-" + n;
            nodes.add(NodeMaker.node(name)
                    .label(PodTopologySpread.LABEL_HOSTNAME, name)
                    .label(PodTopologySpread.LABEL_ZONE, "zone-" + (n % 10))
                    .build());
            for (int p = 0; p < 10; p++) {
                pods.add(pod(name + "-pod-" + p)
                        .node(name)
                        .label("app", p < 2 ? "web" : "other")
                        .build());
            }
        }
        Snapshot snapshot = Snapshot.of(pods, nodes);
        PodTopologySpread plugin = plugin(snapshot);
        Pod incoming = pod("p").label("app", "web")
                .spreadConstraint(1, PodTopologySpread.LABEL_ZONE, DO_NOT_SCHEDULE, PodMaker.in("app", "web"))
                .spreadConstraint(1, PodTopologySpread.LABEL_HOSTNAME, DO_NOT_SCHEDULE, PodMaker.in("app", "web"))
                .build();
        CycleState state = new CycleState();

        long started = System.nanoTime();
        plugin.preFilter(state, incoming, snapshot.nodeInfos());
        long elapsedMillis = (System.nanoTime() - started) / 1_000_000;

        // every zone holds 500 nodes x 2 matching pods: evenly spread, every node fits both constraints
        // (hostname: 2 + 1 - 2 <= 1)
        assertThat(plugin.filter(state, incoming, snapshot.get("node-0"))).isEqualTo(OK);
        Pod crowded = pod("crowded").node("node-7").label("app", "web").build();
        plugin.addPod(state, incoming, PodInfo.of(crowded), snapshot.get("node-7"));
        assertThat(plugin.filter(state, incoming, snapshot.get("node-7"))).isEqualTo(SKEW);
        // a loose guard against accidentally quadratic counting, not a benchmark
        assertThat(elapsedMillis).isLessThan(5_000);
    }

    private static PodTopologySpread plugin(Snapshot snapshot) {
        return new PodTopologySpread(PodTopologySpreadArgs.listDefaulting(List.of()), new FakeHandle(snapshot), null);
    }
}
