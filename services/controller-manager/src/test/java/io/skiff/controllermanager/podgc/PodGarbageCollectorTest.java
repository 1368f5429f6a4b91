package io.skiff.controllermanager.podgc;

import static io.skiff.controllermanager.testing.PodMaker.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.skiff.component.controller.Result;
import io.skiff.component.informer.CacheIndexer;
import io.skiff.component.informer.Lister;
import io.skiff.controllermanager.testing.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

class PodGarbageCollectorTest {

    private final CacheIndexer<Pod> pods = new CacheIndexer<>();
    private final CacheIndexer<Node> nodes = new CacheIndexer<>();
    private final ManualClock clock = new ManualClock();
    private final List<String> calls = new ArrayList<>();
    private final Set<String> nodesOnServer = new HashSet<>();
    private final PodGcWrites writes = new PodGcWrites() {
        @Override
        public Mono<Pod> markFailed(String namespace, String name, PodCondition condition) {
            calls.add("fail " + name
                    + (condition == null
                            ? ""
                            : " " + condition.getType() + "/" + condition.getReason() + ": " + condition.getMessage()));
            return Mono.empty();
        }

        @Override
        public Mono<Void> forceDelete(String namespace, String name) {
            calls.add("delete " + name);
            return Mono.empty();
        }

        @Override
        public Mono<Boolean> nodeExists(String name) {
            calls.add("get node " + name);
            return Mono.just(nodesOnServer.contains(name));
        }
    };

    private PodGarbageCollector collector(int threshold) {
        return new PodGarbageCollector(
                new Lister<>(pods),
                new Lister<>(nodes),
                writes,
                new PodGcProperties(true, threshold, Duration.ofSeconds(20), Duration.ofSeconds(40)),
                clock,
                Duration.ofSeconds(5));
    }

    private static Node node(String name, boolean ready, String... taintKeys) {
        NodeBuilder node = new NodeBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .withNewSpec()
                .endSpec()
                .withNewStatus()
                .addNewCondition()
                .withType("Ready")
                .withStatus(ready ? "True" : "False")
                .endCondition()
                .endStatus();
        for (String key : taintKeys) {
            node.editSpec()
                    .addNewTaint()
                    .withKey(key)
                    .withEffect("NoExecute")
                    .endTaint()
                    .endSpec();
        }
        return node.build();
    }

    @Test
    void terminatedPodsBeyondTheThresholdAreDeletedEvictedFirstThenOldest() {
        pods.put(pod("new-done").phase("Succeeded").createdSecondsAgo(10).build());
        pods.put(pod("old-done").phase("Succeeded").createdSecondsAgo(1000).build());
        pods.put(pod("mid-failed").phase("Failed").createdSecondsAgo(500).build());
        Pod evicted = pod("evicted").phase("Failed").createdSecondsAgo(1).build();
        evicted.getStatus().setReason("Evicted");
        pods.put(evicted);
        pods.put(pod("running").createdSecondsAgo(5000).build());

        Result result = collector(2).sync(PodGarbageCollector.KEY);

        assertThat(calls).containsExactly("delete evicted", "delete old-done");
        assertThat(result.requeueAfter()).contains(Duration.ofSeconds(20));
    }

    @Test
    void terminatedPodsWithinTheThresholdOrWithoutOneAreKept() {
        pods.put(pod("a").phase("Succeeded").build());
        pods.put(pod("b").phase("Failed").build());

        collector(2).collect();
        collector(0).collect();

        assertThat(calls).isEmpty();
    }

    @Test
    void podsOfANodeThatIsGoneAreDeletedOnlyAfterQuarantineAndTheApiServerConfirms() {
        nodes.put(node("alive", true));
        pods.put(pod("on-alive").node("alive").build());
        pods.put(pod("orphan").node("gone").build());
        pods.put(pod("finished-orphan").node("gone").phase("Succeeded").build());
        pods.put(pod("on-slow-informer").node("late").build());
        nodesOnServer.add("late");
        PodGarbageCollector collector = collector(12500);

        collector.collect();
        assertThat(calls).as("quarantined, not yet checked").isEmpty();

        clock.advance(Duration.ofSeconds(41));
        collector.collect();

        assertThat(calls)
                .containsExactlyInAnyOrder(
                        "get node gone",
                        "get node late",
                        "fail orphan DisruptionTarget/DeletionByPodGC: PodGC: node no longer exists",
                        "delete orphan",
                        "delete finished-orphan");
        assertThat(calls.indexOf("fail orphan DisruptionTarget/DeletionByPodGC: PodGC: node no longer exists"))
                .isLessThan(calls.indexOf("delete orphan"));
    }

    @Test
    void aNodeThatReappearsInTheCacheLeavesQuarantine() {
        pods.put(pod("p").node("flaky").build());
        PodGarbageCollector collector = collector(12500);
        collector.collect();
        nodes.put(node("flaky", true));

        clock.advance(Duration.ofSeconds(41));
        collector.collect();

        assertThat(calls).isEmpty();
    }

    @Test
    void unscheduledTerminatingPodsAreMarkedFailedAndForceDeleted() {
        pods.put(pod("never-scheduled").phase("Pending").terminating().build());
        pods.put(pod("pending").phase("Pending").build());

        collector(12500).collect();

        assertThat(calls).containsExactly("fail never-scheduled", "delete never-scheduled");
    }

    @Test
    void terminatingPodsOnANotReadyOutOfServiceNodeAreForceDeleted() {
        nodes.put(node("down", false, "node.kubernetes.io/out-of-service"));
        nodes.put(node("ready", true, "node.kubernetes.io/out-of-service"));
        nodes.put(node("not-ready", false));
        pods.put(pod("stuck").node("down").terminating().build());
        pods.put(pod("fine").node("ready").terminating().build());
        pods.put(pod("waiting").node("not-ready").terminating().build());
        pods.put(pod("running").node("down").build());

        collector(12500).collect();

        assertThat(calls).containsExactly("fail stuck", "delete stuck");
    }
}
