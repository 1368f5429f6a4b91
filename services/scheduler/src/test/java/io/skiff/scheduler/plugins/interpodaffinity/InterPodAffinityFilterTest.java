package io.skiff.scheduler.plugins.interpodaffinity;

import static io.skiff.scheduler.plugins.interpodaffinity.InterPodAffinity.ERR_REASON_AFFINITY_RULES_NOT_MATCH;
import static io.skiff.scheduler.plugins.interpodaffinity.InterPodAffinity.ERR_REASON_ANTI_AFFINITY_RULES_NOT_MATCH;
import static io.skiff.scheduler.plugins.interpodaffinity.InterPodAffinity.ERR_REASON_EXISTING_ANTI_AFFINITY_RULES_NOT_MATCH;
import static io.skiff.scheduler.testing.PodMaker.exists;
import static io.skiff.scheduler.testing.PodMaker.expressions;
import static io.skiff.scheduler.testing.PodMaker.in;
import static io.skiff.scheduler.testing.PodMaker.notIn;
import static io.skiff.scheduler.testing.PodMaker.pod;
import static io.skiff.scheduler.testing.PodMaker.term;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.skiff.scheduler.framework.CycleState;
import io.skiff.scheduler.framework.NodeInfo;
import io.skiff.scheduler.framework.PodInfo;
import io.skiff.scheduler.framework.PreFilterResult;
import io.skiff.scheduler.framework.Snapshot;
import io.skiff.scheduler.framework.Status;
import io.skiff.scheduler.testing.FakeHandle;
import io.skiff.scheduler.testing.NodeMaker;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Required pod affinity and anti-affinity, with cases and expectations from Kubernetes' filtering_test.go. */
class InterPodAffinityFilterTest {

    private static final Status AFFINITY = Status.unschedulableAndUnresolvable(ERR_REASON_AFFINITY_RULES_NOT_MATCH);
    private static final Status ANTI_AFFINITY = Status.unschedulable(ERR_REASON_ANTI_AFFINITY_RULES_NOT_MATCH);
    private static final Status EXISTING_ANTI_AFFINITY =
            Status.unschedulable(ERR_REASON_EXISTING_ANTI_AFFINITY_RULES_NOT_MATCH);
    private static final Status OK = Status.success();

    private static final Map<String, String> SECURITYSCAN = Map.of("service", "securityscan");
    private static final Map<String, String> SECURITY_S1 = Map.of("security", "S1");
    private static final Node NODE1 =
            NodeMaker.node("node1").label("region", "r1").label("zone", "z11").build();
    private static final Pod SECURITYSCAN_ON_NODE1 =
            pod("existing").labels(SECURITYSCAN).node("node1").build();

    record Case(String name, Pod pod, List<Pod> pods, List<Node> nodes, Status wantPreFilter, List<Status> want) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> singleNodeCases() {
        List<Node> node1 = List.of(NODE1);
        List<Pod> existing = List.of(SECURITYSCAN_ON_NODE1);
        return Stream.of(
                new Case(
                        "a pod without required pod affinity skips the plugin on a node with no pods",
                        pod("p").build(),
                        List.of(),
                        node1,
                        Status.skip(),
                        List.of()),
                new Case(
                        "affinity In matching the existing pod passes",
                        pod("p").labels(SECURITY_S1)
                                .podAffinity(term(in("service", "securityscan", "value2"), "region"))
                                .build(),
                        existing,
                        node1,
                        OK,
                        List.of(OK)),
                new Case(
                        "affinity NotIn that the existing pod satisfies passes",
                        pod("p").labels(SECURITY_S1)
                                .podAffinity(term(notIn("service", "securityscan3", "value3"), "region"))
                                .build(),
                        existing,
                        node1,
                        OK,
                        List.of(OK)),
                new Case(
                        "affinity naming another namespace does not see the existing pod",
                        pod("p").labels(SECURITY_S1)
                                .podAffinity(term(
                                        in("service", "securityscan", "value2"),
                                        "region",
                                        List.of("DiffNameSpace"),
                                        null))
                                .build(),
                        List.of(pod("existing")
                                .namespace("ns")
                                .labels(SECURITYSCAN)
                                .node("node1")
                                .build()),
                        node1,
                        OK,
                        List.of(AFFINITY)),
                new Case(
                        "affinity whose selector no pod matches fails unresolvably",
                        pod("p").labels(SECURITYSCAN)
                                .podAffinity(term(in("service", "antivirusscan", "value2"), "region"))
                                .build(),
                        existing,
                        node1,
                        OK,
                        List.of(AFFINITY)),
                new Case(
                        "affinity terms with different operators, all matched, pass",
                        pod("p").labels(SECURITY_S1)
                                .podAffinity(term(expressions("service Exists", "wrongkey DoesNotExist"), "region"))
                                .podAffinity(term(
                                        expressions("service In securityscan", "service NotIn WrongValue"), "region"))
                                .build(),
                        existing,
                        node1,
                        OK,
                        List.of(OK)),
                new Case(
                        "requirements of a selector are ANDed: one unmatched requirement fails the term",
                        pod("p").labels(SECURITY_S1)
                                .podAffinity(term(expressions("service Exists", "wrongkey DoesNotExist"), "region"))
                                .podAffinity(term(
                                        expressions("service In securityscan2", "service NotIn WrongValue"), "region"))
                                .build(),
                        existing,
                        node1,
                        OK,
                        List.of(AFFINITY)),
                new Case(
                        "affinity and anti-affinity both satisfied by the existing pod",
                        pod("p").labels(SECURITY_S1)
                                .podAffinity(term(in("service", "securityscan", "value2"), "region"))
                                .podAntiAffinity(term(in("service", "antivirusscan", "value2"), "node"))
                                .build(),
                        existing,
                        node1,
                        OK,
                        List.of(OK)),
                new Case(
                        "affinity satisfied and the existing pod's anti-affinity does not match the pod",
                        pod("p").labels(SECURITY_S1)
                                .podAffinity(term(in("service", "securityscan", "value2"), "region"))
                                .podAntiAffinity(term(in("service", "antivirusscan", "value2"), "node"))
                                .build(),
                        List.of(pod("existing")
                                .labels(SECURITYSCAN)
                                .node("node1")
                                .podAntiAffinity(term(in("service", "antivirusscan", "value2"), "node"))
                                .build()),
                        node1,
                        OK,
                        List.of(OK)),
                new Case(
                        "affinity satisfied but the pod's anti-affinity matches the existing pod in the zone",
                        pod("p").labels(SECURITY_S1)
                                .podAffinity(term(in("service", "securityscan", "value2"), "region"))
                                .podAntiAffinity(term(in("service", "securityscan", "value2"), "zone"))
                                .build(),
                        existing,
                        node1,
                        OK,
                        List.of(ANTI_AFFINITY)),
                new Case(
                        "the existing pod's anti-affinity matches the pod in the zone",
                        pod("p").labels(SECURITYSCAN)
                                .podAffinity(term(in("service", "securityscan", "value2"), "region"))
                                .podAntiAffinity(term(in("service", "antivirusscan", "value2"), "node"))
                                .build(),
                        List.of(pod("existing")
                                .labels(SECURITYSCAN)
                                .node("node1")
                                .podAntiAffinity(term(in("service", "securityscan", "value2"), "zone"))
                                .build()),
                        node1,
                        OK,
                        List.of(EXISTING_ANTI_AFFINITY)),
                new Case(
                        "a pod that does not match its own affinity term cannot be the first of its group",
                        pod("p").labels(SECURITYSCAN)
                                .podAffinity(term(notIn("service", "securityscan", "value2"), "region"))
                                .build(),
                        List.of(pod("elsewhere")
                                .labels(SECURITYSCAN)
                                .node("node2")
                                .build()),
                        node1,
                        OK,
                        List.of(AFFINITY)),
                new Case(
                        "existing pod's anti-affinity is honoured when the pod has none",
                        pod("p").labels(SECURITYSCAN).build(),
                        List.of(pod("existing")
                                .labels(SECURITYSCAN)
                                .node("node1")
                                .podAntiAffinity(term(in("service", "securityscan", "value2"), "zone"))
                                .build()),
                        node1,
                        OK,
                        List.of(EXISTING_ANTI_AFFINITY)),
                new Case(
                        "existing pod's anti-affinity that does not match the pod leaves nothing to check",
                        pod("p").labels(SECURITYSCAN).build(),
                        List.of(pod("existing")
                                .labels(SECURITYSCAN)
                                .node("node1")
                                .podAntiAffinity(term(notIn("service", "securityscan", "value2"), "zone"))
                                .build()),
                        node1,
                        Status.skip(),
                        List.of()),
                new Case(
                        "the pod's anti-affinity matches the existing pod even though the existing pod's does not"
                                + " match the pod",
                        pod("p").labels(SECURITYSCAN)
                                .podAntiAffinity(term(exists("service"), "region"))
                                .podAntiAffinity(term(exists("security"), "region"))
                                .build(),
                        List.of(pod("existing")
                                .labels(SECURITY_S1)
                                .node("node1")
                                .podAntiAffinity(term(exists("security"), "zone"))
                                .build()),
                        node1,
                        OK,
                        List.of(ANTI_AFFINITY)),
                new Case(
                        "symmetry a2: only the existing pod's anti-affinity matches",
                        pod("p").labels(SECURITY_S1)
                                .podAntiAffinity(term(exists("security"), "zone"))
                                .build(),
                        List.of(pod("existing")
                                .labels(SECURITYSCAN)
                                .node("node1")
                                .podAntiAffinity(term(exists("service"), "zone"))
                                .podAntiAffinity(term(exists("security"), "zone"))
                                .build()),
                        node1,
                        OK,
                        List.of(EXISTING_ANTI_AFFINITY)),
                new Case(
                        "an invalid label value in an affinity term rejects the pod in PreFilter",
                        pod("p").labels(SECURITYSCAN)
                                .podAffinity(term(in("service", "{{.bad-value.}}"), "region"))
                                .build(),
                        List.of(),
                        node1,
                        Status.unschedulableAndUnresolvable("parsing pod: "),
                        List.of()),
                new Case(
                        "affinity with a namespace selector sees pods of the selected namespaces",
                        pod("p").labels(SECURITY_S1)
                                .podAffinity(term(
                                        in("service", "securityscan", "value2"), "region", null, in("team", "team1")))
                                .build(),
                        List.of(pod("existing")
                                .namespace("subteam1.team1")
                                .labels(SECURITYSCAN)
                                .node("node1")
                                .build()),
                        node1,
                        OK,
                        List.of(OK)),
                new Case(
                        "affinity with a namespace selector ignores pods of other namespaces",
                        pod("p").labels(SECURITY_S1)
                                .podAffinity(term(
                                        in("service", "securityscan", "value2"), "region", null, in("team", "team1")))
                                .build(),
                        List.of(pod("existing")
                                .namespace("subteam1.team2")
                                .labels(SECURITYSCAN)
                                .node("node1")
                                .build()),
                        node1,
                        OK,
                        List.of(AFFINITY)),
                new Case(
                        "anti-affinity with a matching namespace selector",
                        pod("p").namespace("subteam1.team1")
                                .labels(SECURITY_S1)
                                .podAntiAffinity(term(
                                        in("service", "securityscan", "value2"), "zone", null, in("team", "team1")))
                                .build(),
                        List.of(pod("existing")
                                .namespace("subteam2.team1")
                                .labels(SECURITYSCAN)
                                .node("node1")
                                .build()),
                        node1,
                        OK,
                        List.of(ANTI_AFFINITY)),
                new Case(
                        "anti-affinity with an empty namespace selector matches every namespace",
                        pod("p").namespace("subteam1.team1")
                                .labels(SECURITY_S1)
                                .podAntiAffinity(term(
                                        in("service", "securityscan", "value2"), "zone", null, new LabelSelector()))
                                .build(),
                        List.of(pod("existing")
                                .namespace("subteam2.team1")
                                .labels(SECURITYSCAN)
                                .node("node1")
                                .build()),
                        node1,
                        OK,
                        List.of(ANTI_AFFINITY)),
                new Case(
                        "anti-affinity with a non-matching namespace selector",
                        pod("p").namespace("subteam1.team1")
                                .labels(SECURITY_S1)
                                .podAntiAffinity(term(
                                        in("service", "securityscan", "value2"), "zone", null, in("team", "team1")))
                                .build(),
                        List.of(pod("existing")
                                .namespace("subteam1.team2")
                                .labels(SECURITYSCAN)
                                .node("node1")
                                .build()),
                        node1,
                        OK,
                        List.of(OK)),
                new Case(
                        "an existing pod's anti-affinity namespace selector is matched against the pod's namespace labels",
                        pod("p").namespace("subteam1.team1").labels(SECURITY_S1).build(),
                        List.of(pod("existing")
                                .namespace("subteam1.team2")
                                .node("node1")
                                .podAntiAffinity(term(in("security", "S1"), "zone", null, in("team", "team1")))
                                .build()),
                        node1,
                        OK,
                        List.of(EXISTING_ANTI_AFFINITY)));
    }

    static Stream<Case> multipleNodeCases() {
        Map<String, String> china = Map.of("region", "China");
        Map<String, String> chinaAz1 = Map.of("region", "China", "az", "az1");
        Map<String, String> india = Map.of("region", "India");
        return Stream.of(
                new Case(
                        "every node in the region of a matching pod passes, other regions fail",
                        pod("p").podAffinity(term(in("foo", "bar"), "region")).build(),
                        List.of(pod("p1").node("node1").label("foo", "bar").build()),
                        List.of(
                                NodeMaker.node("node1").labels(china).build(),
                                NodeMaker.node("node2").labels(chinaAz1).build(),
                                NodeMaker.node("node3").labels(india).build()),
                        OK,
                        List.of(OK, OK, AFFINITY)),
                new Case(
                        "the first pod of a group with affinity to itself may go to any node with the topology key",
                        pod("p").label("foo", "bar")
                                .label("service", "securityscan")
                                .podAffinity(term(in("foo", "bar"), "zone"))
                                .podAffinity(term(in("service", "securityscan"), "zone"))
                                .build(),
                        List.of(pod("p1").node("nodeA").label("foo", "bar").build()),
                        List.of(
                                NodeMaker.node("nodeA")
                                        .label("zone", "az1")
                                        .label("hostname", "h1")
                                        .build(),
                                NodeMaker.node("nodeB")
                                        .label("zone", "az2")
                                        .label("hostname", "h2")
                                        .build()),
                        OK,
                        List.of(OK, OK)),
                new Case(
                        "the first pod of a group only goes to nodes labelled with the topology keys",
                        pod("p").label("foo", "bar")
                                .label("service", "securityscan")
                                .podAffinity(term(in("foo", "bar"), "zone"))
                                .podAffinity(term(in("service", "securityscan"), "zone"))
                                .build(),
                        List.of(pod("p1").node("nodeA").label("foo", "bar").build()),
                        List.of(
                                NodeMaker.node("nodeA")
                                        .label("zoneLabel", "az1")
                                        .label("hostname", "h1")
                                        .build(),
                                NodeMaker.node("nodeB")
                                        .label("zoneLabel", "az2")
                                        .label("hostname", "h2")
                                        .build()),
                        OK,
                        List.of(AFFINITY, AFFINITY)),
                new Case(
                        "anti-affinity keeps the pod out of the whole region of a matching pod",
                        pod("p").podAntiAffinity(term(in("foo", "abc"), "region"))
                                .build(),
                        List.of(pod("p1").node("nodeA").label("foo", "abc").build()),
                        List.of(
                                NodeMaker.node("nodeA").labels(china).build(),
                                NodeMaker.node("nodeB").labels(chinaAz1).build(),
                                NodeMaker.node("nodeC").labels(india).build()),
                        OK,
                        List.of(ANTI_AFFINITY, ANTI_AFFINITY, OK)),
                new Case(
                        "anti-affinity matches when any of its terms matches",
                        pod("p").podAntiAffinity(term(in("foo", "abc"), "region"))
                                .podAntiAffinity(term(in("service", "securityscan"), "zone"))
                                .build(),
                        List.of(pod("p1")
                                .node("nodeA")
                                .label("foo", "abc")
                                .label("service", "securityscan")
                                .build()),
                        List.of(
                                NodeMaker.node("nodeA")
                                        .label("region", "r1")
                                        .label("zone", "z1")
                                        .build(),
                                NodeMaker.node("nodeB")
                                        .label("region", "r1")
                                        .label("zone", "z2")
                                        .build()),
                        OK,
                        List.of(ANTI_AFFINITY, ANTI_AFFINITY)),
                new Case(
                        "pods of another namespace neither match the pod's anti-affinity nor apply theirs to it",
                        pod("p").namespace("NS1")
                                .label("foo", "123")
                                .podAntiAffinity(term(in("foo", "bar"), "region"))
                                .build(),
                        List.of(
                                pod("p1")
                                        .node("nodeA")
                                        .namespace("NS1")
                                        .label("foo", "bar")
                                        .build(),
                                pod("p2")
                                        .node("nodeC")
                                        .namespace("NS2")
                                        .podAntiAffinity(term(in("foo", "123"), "region"))
                                        .build()),
                        List.of(
                                NodeMaker.node("nodeA").labels(china).build(),
                                NodeMaker.node("nodeB").labels(chinaAz1).build(),
                                NodeMaker.node("nodeC").labels(india).build()),
                        OK,
                        List.of(ANTI_AFFINITY, ANTI_AFFINITY, OK)),
                new Case(
                        "an existing pod's anti-affinity on a topology key no node has matches nowhere",
                        pod("p").label("foo", "").build(),
                        List.of(pod("p1")
                                .node("nodeA")
                                .podAntiAffinity(term(exists("foo"), "invalid-node-label"))
                                .build()),
                        List.of(
                                NodeMaker.node("nodeA").label("region", "r1").build(),
                                NodeMaker.node("nodeB").label("region", "r1").build()),
                        Status.skip(),
                        List.of()),
                new Case(
                        "two existing pods' anti-affinity on zone and region exclude both nodes",
                        pod("p").label("foo", "").label("bar", "").build(),
                        List.of(
                                pod("p1")
                                        .node("nodeA")
                                        .podAntiAffinity(term(exists("foo"), "zone"))
                                        .build(),
                                pod("p2")
                                        .node("nodeA")
                                        .podAntiAffinity(term(exists("bar"), "region"))
                                        .build()),
                        List.of(
                                NodeMaker.node("nodeA")
                                        .label("region", "r1")
                                        .label("zone", "z1")
                                        .build(),
                                NodeMaker.node("nodeB")
                                        .label("region", "r1")
                                        .label("zone", "z2")
                                        .build()),
                        OK,
                        List.of(EXISTING_ANTI_AFFINITY, EXISTING_ANTI_AFFINITY)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource({"singleNodeCases", "multipleNodeCases"})
    void filtersNodes(Case c) {
        Snapshot snapshot = Snapshot.of(c.pods(), c.nodes());
        FakeHandle handle = new FakeHandle(snapshot);
        InterPodAffinity plugin =
                new InterPodAffinity(InterPodAffinityArgs.defaults(), handle, MapNamespaceLister.TEAMS);
        CycleState state = new CycleState();

        PreFilterResult preFilter = plugin.preFilter(state, c.pod(), snapshot.nodeInfos());

        assertThat(preFilter.status().code()).isEqualTo(c.wantPreFilter().code());
        if (!c.wantPreFilter().reasons().isEmpty()) {
            assertThat(preFilter.status().message())
                    .startsWith(c.wantPreFilter().message());
        }
        if (!preFilter.status().isSuccess()) {
            return;
        }
        List<Status> got = new ArrayList<>();
        for (NodeInfo nodeInfo : snapshot.nodeInfos()) {
            got.add(plugin.filter(state, c.pod(), nodeInfo));
        }
        assertThat(got).isEqualTo(c.want());
    }

    @Test
    void removingTheMatchingPodLiftsAntiAffinityAndAddingOneImposesIt() {
        Node nodeA = NodeMaker.node("nodeA").label("zone", "z1").build();
        Node nodeB = NodeMaker.node("nodeB").label("zone", "z2").build();
        Pod blocker = pod("blocker").node("nodeA").label("app", "db").build();
        Snapshot snapshot = Snapshot.of(List.of(blocker), List.of(nodeA, nodeB));
        InterPodAffinity plugin = new InterPodAffinity(
                InterPodAffinityArgs.defaults(), new FakeHandle(snapshot), MapNamespaceLister.TEAMS);
        Pod incoming = pod("p").podAntiAffinity(term(in("app", "db"), "zone")).build();
        CycleState state = new CycleState();
        plugin.preFilter(state, incoming, snapshot.nodeInfos());
        NodeInfo infoA = snapshot.get("nodeA");
        NodeInfo infoB = snapshot.get("nodeB");

        CycleState withoutBlocker = state.copy();
        assertThat(plugin.removePod(withoutBlocker, incoming, PodInfo.of(blocker), infoA))
                .isEqualTo(Status.success());
        CycleState withAnotherOnB = state.copy();
        Pod another = pod("another").node("nodeB").label("app", "db").build();
        assertThat(plugin.addPod(withAnotherOnB, incoming, PodInfo.of(another), infoB))
                .isEqualTo(Status.success());

        assertThat(plugin.filter(withoutBlocker, incoming, infoA)).isEqualTo(Status.success());
        assertThat(plugin.filter(withAnotherOnB, incoming, infoB)).isEqualTo(ANTI_AFFINITY);
        // the copies never leak into the original state
        assertThat(plugin.filter(state, incoming, infoA)).isEqualTo(ANTI_AFFINITY);
        assertThat(plugin.filter(state, incoming, infoB)).isEqualTo(Status.success());
    }

    @Test
    void removingAnExistingPodWithAntiAffinityLiftsItsRule() {
        Node nodeA = NodeMaker.node("nodeA").label("zone", "z1").build();
        Pod guard = pod("guard")
                .node("nodeA")
                .podAntiAffinity(term(in("app", "web"), "zone"))
                .build();
        Snapshot snapshot = Snapshot.of(List.of(guard), List.of(nodeA));
        InterPodAffinity plugin = new InterPodAffinity(
                InterPodAffinityArgs.defaults(), new FakeHandle(snapshot), MapNamespaceLister.TEAMS);
        Pod incoming = pod("p").label("app", "web").build();
        CycleState state = new CycleState();
        plugin.preFilter(state, incoming, snapshot.nodeInfos());

        assertThat(plugin.filter(state, incoming, snapshot.get("nodeA"))).isEqualTo(EXISTING_ANTI_AFFINITY);
        plugin.removePod(state, incoming, PodInfo.of(guard), snapshot.get("nodeA"));
        assertThat(plugin.filter(state, incoming, snapshot.get("nodeA"))).isEqualTo(Status.success());
    }

    @Test
    void filterWithoutPreFilterIsAnError() {
        Snapshot snapshot = Snapshot.of(List.of(), List.of(NODE1));
        InterPodAffinity plugin = new InterPodAffinity(
                InterPodAffinityArgs.defaults(), new FakeHandle(snapshot), MapNamespaceLister.TEAMS);

        Status status = plugin.filter(new CycleState(), pod("p").build(), snapshot.get("node1"));

        assertThat(status.code()).isEqualTo(Status.Code.ERROR);
        assertThat(status.message())
                .isEqualTo("error reading \"PreFilterInterPodAffinity\" from cycleState: not found");
    }
}
