package io.skiff.controllermanager.nodelifecycle;

import static io.skiff.controllermanager.nodelifecycle.NodeFixtures.lease;
import static io.skiff.controllermanager.nodelifecycle.NodeFixtures.node;
import static io.skiff.controllermanager.testing.PodMaker.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.skiff.component.informer.CacheIndexer;
import io.skiff.component.informer.Indexers;
import io.skiff.component.informer.Lister;
import io.skiff.controllermanager.nodes.NodeConditions;
import io.skiff.controllermanager.testing.ManualClock;
import io.skiff.controllermanager.testing.PodMaker;
import io.skiff.controllermanager.testing.RecordingEvents;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeHealthMonitorTest {

    private final CacheIndexer<Node> nodes = new CacheIndexer<>();
    private final CacheIndexer<Lease> leases = new CacheIndexer<>();
    private final CacheIndexer<Pod> pods = new CacheIndexer<>();
    private final ManualClock clock = new ManualClock();
    private final FakeWrites writes = new FakeWrites(nodes);
    private final RecordingEvents events = new RecordingEvents();
    private final NodeHealthMonitor monitor;

    NodeHealthMonitorTest() {
        pods.addIndexers(Map.of(Indexers.POD_NODE_NAME, Indexers.podsByNodeName()));
        monitor = new NodeHealthMonitor(
                new Lister<>(nodes),
                new Lister<>(leases),
                new Lister<>(pods),
                writes,
                events,
                new NodeLifecycleProperties(
                        true,
                        Duration.ofSeconds(5),
                        Duration.ofSeconds(40),
                        Duration.ofSeconds(60),
                        0.1,
                        0.01,
                        50,
                        0.55,
                        5),
                clock,
                Duration.ofSeconds(5));
    }

    private NodeCondition condition(String node, String type) {
        return NodeConditions.condition(nodes.getByKey(node).orElseThrow(), type)
                .orElseThrow();
    }

    @Test
    void aNodeWithoutLeaseRenewalOrHeartbeatForTheGracePeriodBecomesUnknownTaintedAndItsPodsNotReady() {
        nodes.put(node("healthy", "True", clock.instant()));
        nodes.put(node("lost", "True", clock.instant()));
        leases.put(lease("healthy", clock.instant()));
        leases.put(lease("lost", clock.instant()));
        pods.put(pod("web").node("lost").readySecondsAgo(60).build());
        monitor.monitor();
        assertThat(writes.calls).isEmpty();

        clock.advance(Duration.ofSeconds(30));
        leases.put(lease("healthy", clock.instant()));
        monitor.monitor();
        assertThat(writes.calls).as("within the grace period").isEmpty();

        clock.advance(Duration.ofSeconds(11));
        leases.put(lease("healthy", clock.instant()));
        monitor.monitor();

        NodeCondition ready = condition("lost", "Ready");
        assertThat(ready.getStatus()).isEqualTo("Unknown");
        assertThat(ready.getReason()).isEqualTo("NodeStatusUnknown");
        assertThat(ready.getMessage()).isEqualTo("Kubelet stopped posting node status.");
        assertThat(ready.getLastTransitionTime()).isEqualTo(clock.instant().toString());
        assertThat(condition("lost", "MemoryPressure").getStatus()).isEqualTo("Unknown");
        assertThat(condition("lost", "DiskPressure").getReason()).isEqualTo("NodeStatusNeverUpdated");
        assertThat(condition("lost", "DiskPressure").getMessage()).isEqualTo("Kubelet never posted node status.");
        assertThat(condition("healthy", "Ready").getStatus()).isEqualTo("True");
        assertThat(writes.calls)
                .containsExactly(
                        "status lost",
                        "pod status web Ready=False",
                        "taints lost [node.kubernetes.io/unreachable:NoExecute]");
        assertThat(events.events)
                .containsExactly(
                        "NORMAL NodeNotReady: Node lost status is now: NodeNotReady",
                        "WARNING NodeNotReady: Node is not ready");
    }

    @Test
    void aReadyHeartbeatAloneKeepsANodeHealthy() {
        nodes.put(node("old-kubelet", "True", clock.instant()));
        monitor.monitor();
        clock.advance(Duration.ofSeconds(30));
        nodes.put(node("old-kubelet", "True", clock.instant()));
        monitor.monitor();
        clock.advance(Duration.ofSeconds(30));
        monitor.monitor();

        assertThat(writes.calls).isEmpty();
    }

    @Test
    void taintingIsRateLimitedPerZoneAndARecoveredNodeLosesItsTaints() {
        for (String name : new String[] {"a", "b", "c", "d", "e", "f", "g"}) {
            nodes.put(node(name, "True", clock.instant()));
        }
        nodes.put(node("down-1", "False", clock.instant()));
        nodes.put(node("down-2", "False", clock.instant()));
        monitor.monitor();
        assertThat(writes.calls).containsExactly("taints down-1 [node.kubernetes.io/not-ready:NoExecute]");

        clock.advance(Duration.ofSeconds(5));
        monitor.monitor();
        assertThat(writes.calls).hasSize(1);

        clock.advance(Duration.ofSeconds(5));
        monitor.monitor();
        assertThat(writes.calls).endsWith("taints down-2 [node.kubernetes.io/not-ready:NoExecute]");

        Node recovered = node("down-1", "True", clock.instant(), "node.kubernetes.io/not-ready");
        nodes.put(recovered);
        monitor.monitor();
        assertThat(writes.calls).endsWith("taints down-1 []");
    }

    @Test
    void whenEveryNodeIsDownNothingIsTaintedAndExistingNoExecuteTaintsGo() {
        nodes.put(node("a", "False", clock.instant(), "node.kubernetes.io/not-ready"));
        nodes.put(node("b", "False", clock.instant()));

        monitor.monitor();

        assertThat(writes.calls).containsExactly("taints a []");
    }

    @Test
    void zoneStatesFollowKubernetesThresholds() {
        assertThat(ZoneState.of(0, 1, 0.55)).isEqualTo(ZoneState.FULL_DISRUPTION);
        assertThat(ZoneState.of(2, 3, 0.55)).isEqualTo(ZoneState.PARTIAL_DISRUPTION);
        assertThat(ZoneState.of(1, 2, 0.55))
                .as("two not ready are never a disruption")
                .isEqualTo(ZoneState.NORMAL);
        assertThat(ZoneState.of(10, 3, 0.55)).isEqualTo(ZoneState.NORMAL);
        assertThat(NodeHealthMonitor.zoneOf(node("plain", "True", PodMaker.NOW)))
                .isEmpty();
    }
}
