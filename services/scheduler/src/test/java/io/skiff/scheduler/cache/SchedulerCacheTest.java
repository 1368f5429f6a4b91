package io.skiff.scheduler.cache;

import static io.skiff.scheduler.testing.NodeMaker.node;
import static io.skiff.scheduler.testing.PodMaker.pod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.AffinityBuilder;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.skiff.scheduler.framework.NodeInfo;
import io.skiff.scheduler.framework.Snapshot;
import io.skiff.scheduler.testing.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SchedulerCacheTest {

    private static final Duration TTL = Duration.ofSeconds(30);

    private final ManualClock clock = new ManualClock();
    private final SchedulerCache cache = new SchedulerCache(TTL, clock);

    private static Node worker(String name) {
        return node(name)
                .allocatable("cpu", "4", "memory", "8Gi", "pods", "110")
                .build();
    }

    private static Pod onNode(String name, String node, String cpu) {
        return pod(name).node(node).container("cpu", cpu).build();
    }

    private Snapshot snapshot() {
        Snapshot snapshot = new Snapshot();
        cache.updateSnapshot(snapshot);
        return snapshot;
    }

    @Test
    void anAssumedPodCountsAgainstItsNodeAtOnce() {
        cache.addNode(worker("n1"));
        Pod pod = onNode("p", "n1", "1500m");

        cache.assumePod(pod);

        assertThat(cache.isAssumedPod(pod)).isTrue();
        assertThat(snapshot().get("n1").requested().milliCpu()).isEqualTo(1500);
        assertThat(cache.stats()).isEqualTo(new CacheStats(1, 1, 1));
    }

    @Test
    void aPodCannotBeAssumedTwice() {
        Pod pod = onNode("p", "n1", "1");
        cache.assumePod(pod);

        assertThatThrownBy(() -> cache.assumePod(pod)).hasMessageContaining("is in the cache, so can't be assumed");
    }

    @Test
    void anUnconfirmedAssumedPodExpiresOnlyAfterItsBindingFinishedAndTheTtlPassed() {
        cache.addNode(worker("n1"));
        Pod pod = onNode("p", "n1", "1");
        cache.assumePod(pod);

        clock.advance(TTL.multipliedBy(10));
        assertThat(cache.cleanupExpiredAssumedPods())
                .as("binding still in flight")
                .isEmpty();

        cache.finishBinding(pod);
        clock.advance(TTL);
        assertThat(cache.cleanupExpiredAssumedPods())
                .as("exactly at the deadline")
                .isEmpty();

        clock.advance(Duration.ofMillis(1));
        assertThat(cache.cleanupExpiredAssumedPods()).containsExactly(pod);
        assertThat(cache.getPod(pod)).isEmpty();
        assertThat(snapshot().get("n1").requested().milliCpu()).isZero();
    }

    @Test
    void theInformersAddConfirmsAnAssumedPodWhichThenNeverExpires() {
        cache.addNode(worker("n1"));
        Pod pod = onNode("p", "n1", "1");
        cache.assumePod(pod);
        cache.finishBinding(pod);

        cache.addPod(pod);
        clock.advance(TTL.multipliedBy(2));

        assertThat(cache.isAssumedPod(pod)).isFalse();
        assertThat(cache.cleanupExpiredAssumedPods()).isEmpty();
        assertThat(snapshot().get("n1").pods()).hasSize(1);
    }

    @Test
    void anAssumedPodBoundElsewhereMovesToTheNodeTheApiServerReports() {
        cache.addNode(worker("n1"));
        cache.addNode(worker("n2"));
        Pod assumed = pod("p").uid("uid-p").node("n1").container("cpu", "1").build();
        cache.assumePod(assumed);

        cache.addPod(pod("p").uid("uid-p").node("n2").container("cpu", "1").build());

        Snapshot snapshot = snapshot();
        assertThat(snapshot.get("n1").pods()).isEmpty();
        assertThat(snapshot.get("n2").pods()).hasSize(1);
    }

    @Test
    void forgettingUndoesAnAssumption() {
        cache.addNode(worker("n1"));
        Pod pod = onNode("p", "n1", "1");
        cache.assumePod(pod);

        cache.forgetPod(pod);

        assertThat(cache.getPod(pod)).isEmpty();
        assertThat(snapshot().get("n1").requested().milliCpu()).isZero();
        assertThatThrownBy(() -> cache.forgetPod(pod)).hasMessageContaining("wasn't assumed so cannot be forgotten");
    }

    @Test
    void confirmedPodsAreUpdatedAndRemoved() {
        cache.addNode(worker("n1"));
        Pod pod = pod("p").uid("uid-p").node("n1").container("cpu", "1").build();
        cache.addPod(pod);
        Pod resized = pod("p").uid("uid-p").node("n1").container("cpu", "2").build();

        cache.updatePod(pod, resized);
        assertThat(snapshot().get("n1").requested().milliCpu()).isEqualTo(2000);

        cache.removePod(resized);
        assertThat(snapshot().get("n1").pods()).isEmpty();
        assertThatThrownBy(() -> cache.removePod(resized)).hasMessageContaining("is not found in scheduler cache");
        cache.addPod(pod);
        assertThatThrownBy(() -> cache.addPod(pod)).hasMessageContaining("was already in added state");
    }

    @Test
    void podsMayArriveBeforeTheirNode() {
        cache.addPod(onNode("early", "n1", "1"));
        assertThat(snapshot().numNodes()).isZero();

        cache.addNode(worker("n1"));

        NodeInfo info = snapshot().get("n1");
        assertThat(info.pods()).hasSize(1);
        assertThat(info.allocatable().milliCpu()).isEqualTo(4000);
    }

    @Test
    void aRemovedNodeLeavesTheSnapshotButItsInfoLivesWhilePodsPointAtIt() {
        Node node = worker("n1");
        cache.addNode(node);
        cache.addNode(worker("n2"));
        Pod pod = onNode("p", "n1", "1");
        cache.addPod(pod);
        Snapshot snapshot = snapshot();

        cache.removeNode(node);
        cache.updateSnapshot(snapshot);

        assertThat(snapshot.get("n1")).isNull();
        assertThat(snapshot.nodeInfos()).extracting(NodeInfo::nodeName).containsExactly("n2");
        assertThat(cache.nodeInfo("n1"))
                .hasValueSatisfying(info -> assertThat(info.pods()).hasSize(1));

        cache.removePod(pod);
        assertThat(cache.nodeInfo("n1")).isEmpty();
    }

    @Test
    void snapshotsCopyOnlyTheNodeInfosThatChanged() {
        for (int i = 0; i < 300; i++) {
            cache.addNode(worker("n" + i));
        }
        Snapshot snapshot = new Snapshot();
        assertThat(cache.updateSnapshot(snapshot)).isEqualTo(300);
        List<NodeInfo> list = snapshot.nodeInfos();
        NodeInfo untouched = snapshot.get("n7");
        long untouchedGeneration = untouched.generation();

        cache.assumePod(onNode("p1", "n42", "1"));
        cache.addPod(onNode("p2", "n99", "1"));

        assertThat(cache.updateSnapshot(snapshot)).isEqualTo(2);
        assertThat(snapshot.nodeInfos())
                .as("no node came or went: the list is kept")
                .isSameAs(list);
        assertThat(snapshot.get("n42").pods()).hasSize(1);
        assertThat(snapshot.nodeInfos()).contains(snapshot.get("n42"));
        assertThat(snapshot.get("n7")).isSameAs(untouched);
        assertThat(untouched.generation()).isEqualTo(untouchedGeneration);
        assertThat(cache.updateSnapshot(snapshot)).as("nothing changed").isZero();
    }

    @Test
    void snapshotEntriesAreIndependentOfLaterCacheChanges() {
        cache.addNode(worker("n1"));
        Snapshot snapshot = snapshot();
        NodeInfo before = snapshot.get("n1");

        cache.assumePod(onNode("p", "n1", "1"));

        assertThat(before.pods()).as("not until the next update").isEmpty();
    }

    @Test
    void affinitySublistsFollowPodsWithAffinity() {
        cache.addNode(worker("n1"));
        cache.addNode(worker("n2"));
        Snapshot snapshot = snapshot();
        Pod antiAffine = pod("a").node("n2")
                .affinity(new AffinityBuilder()
                        .withNewPodAntiAffinity()
                        .addNewRequiredDuringSchedulingIgnoredDuringExecution()
                        .withLabelSelector(new LabelSelectorBuilder()
                                .addToMatchLabels("app", "db")
                                .build())
                        .withTopologyKey("kubernetes.io/hostname")
                        .endRequiredDuringSchedulingIgnoredDuringExecution()
                        .endPodAntiAffinity()
                        .build())
                .build();

        cache.addPod(antiAffine);
        cache.updateSnapshot(snapshot);

        assertThat(snapshot.havePodsWithAffinityNodeInfos())
                .extracting(NodeInfo::nodeName)
                .containsExactly("n2");
        assertThat(snapshot.havePodsWithRequiredAntiAffinityNodeInfos())
                .extracting(NodeInfo::nodeName)
                .containsExactly("n2");

        cache.removePod(antiAffine);
        cache.updateSnapshot(snapshot);
        assertThat(snapshot.havePodsWithAffinityNodeInfos()).isEmpty();
    }

    @Test
    void nodesAreListedRoundRobinAcrossZones() {
        List<String> names = new ArrayList<>();
        for (String zone : List.of("a", "a", "a", "b", "c", "c")) {
            String name = zone + names.size();
            names.add(name);
            cache.addNode(node(name).label("topology.kubernetes.io/zone", zone).build());
        }

        assertThat(snapshot().nodeInfos())
                .extracting(NodeInfo::nodeName)
                .containsExactly("a0", "b3", "c4", "a1", "c5", "a2");
    }

    @Test
    void imageStatesCountTheNodesHoldingEachImage() {
        long size = 300L * 1024 * 1024;
        cache.addNode(node("n1").image(size, "app:1").build());
        cache.addNode(node("n2").image(size, "app:1").build());
        cache.addNode(node("n3").build());

        Snapshot snapshot = snapshot();

        assertThat(snapshot.get("n2").imageStates().get("app:1").numNodes()).isEqualTo(2);
        assertThat(snapshot.get("n2").imageStates().get("app:1").size()).isEqualTo(size);
        assertThat(snapshot.get("n3").imageStates()).isEmpty();
    }
}
