package io.skiff.controllermanager.nodelifecycle;

import static io.skiff.controllermanager.nodelifecycle.NodeFixtures.node;
import static io.skiff.controllermanager.testing.PodMaker.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.skiff.component.controller.Result;
import io.skiff.component.informer.CacheIndexer;
import io.skiff.component.informer.Lister;
import io.skiff.controllermanager.testing.ManualClock;
import io.skiff.controllermanager.testing.RecordingEvents;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class TaintEvictionSyncTest {

    private final CacheIndexer<Node> nodes = new CacheIndexer<>();
    private final CacheIndexer<Pod> pods = new CacheIndexer<>();
    private final ManualClock clock = new ManualClock();
    private final FakeWrites writes = new FakeWrites(nodes);
    private final RecordingEvents events = new RecordingEvents();
    private final TaintEvictionSync sync = new TaintEvictionSync(
            new Lister<>(pods), new Lister<>(nodes), writes, events, clock, Duration.ofSeconds(5));

    private static Toleration unreachableFor(Long seconds) {
        return new TolerationBuilder()
                .withKey("node.kubernetes.io/unreachable")
                .withOperator("Exists")
                .withEffect("NoExecute")
                .withTolerationSeconds(seconds)
                .build();
    }

    private static Pod podOn(String node, Toleration... tolerations) {
        Pod pod = pod("web").node(node).build();
        pod.getSpec().setTolerations(List.of(tolerations));
        return pod;
    }

    @Test
    void aPodThatDoesNotTolerateANoExecuteTaintIsEvictedAtOnce() {
        nodes.put(node("lost", "Unknown", clock.instant(), "node.kubernetes.io/unreachable"));
        pods.put(podOn("lost"));

        assertThat(sync.sync("default/web")).isEqualTo(Result.done());

        assertThat(writes.calls)
                .containsExactly("pod status web DisruptionTarget=True DeletionByTaintManager", "delete web");
        assertThat(events.events).containsExactly("NORMAL TaintManagerEviction: Marking for deletion Pod default/web");
    }

    @Test
    void aPodToleratingForAWhileIsEvictedWhenTheTimeIsUp() {
        nodes.put(node("lost", "Unknown", clock.instant(), "node.kubernetes.io/unreachable"));
        pods.put(podOn("lost", unreachableFor(300L)));

        assertThat(sync.sync("default/web").requeueAfter()).contains(Duration.ofSeconds(300));
        clock.advance(Duration.ofSeconds(200));
        assertThat(sync.sync("default/web").requeueAfter()).contains(Duration.ofSeconds(100));
        assertThat(writes.calls).isEmpty();

        clock.advance(Duration.ofSeconds(100));
        sync.sync("default/web");

        assertThat(writes.calls).endsWith("delete web");
    }

    @Test
    void aScheduledEvictionIsCancelledWhenTheTaintGoes() {
        nodes.put(node("lost", "Unknown", clock.instant(), "node.kubernetes.io/unreachable"));
        pods.put(podOn("lost", unreachableFor(300L)));
        sync.sync("default/web");

        nodes.put(node("lost", "True", clock.instant()));
        sync.sync("default/web");

        assertThat(sync.scheduledFor("default/web")).isEmpty();
        assertThat(writes.calls).isEmpty();
        assertThat(events.events)
                .containsExactly("NORMAL TaintManagerEviction: Cancelling deletion of Pod default/web");
    }

    @Test
    void podsToleratingForeverOrOnHealthyNodesStay() {
        nodes.put(node("lost", "Unknown", clock.instant(), "node.kubernetes.io/unreachable"));
        nodes.put(node("fine", "True", clock.instant()));
        pods.put(podOn("lost", unreachableFor(null)));
        Pod other = pod("other").node("fine").build();
        pods.put(other);

        sync.sync("default/web");
        sync.sync("default/other");

        assertThat(writes.calls).isEmpty();
    }

    @Test
    void theEarliestEvictionOfSeveralTolerationsIsTheShortestOneNeverBelowZero() {
        assertThat(TaintEvictionSync.minTolerationTime(List.of(unreachableFor(-5L), unreachableFor(60L))))
                .contains(Duration.ZERO);
    }

    @Test
    void noScheduleTaintsFollowTheConditions() {
        nodes.put(node("lost", "Unknown", clock.instant(), "node.kubernetes.io/unreachable"));
        NoScheduleTaintSync noSchedule = new NoScheduleTaintSync(new Lister<>(nodes), writes, Duration.ofSeconds(5));

        noSchedule.sync("lost");
        noSchedule.sync("lost");

        assertThat(writes.calls)
                .containsExactly(
                        "taints lost [node.kubernetes.io/unreachable:NoExecute, node.kubernetes.io/unreachable:NoSchedule]");
    }
}
