package io.skiff.scheduler.plugins.podtopologyspread;

import static io.skiff.scheduler.plugins.podtopologyspread.PodTopologySpread.DO_NOT_SCHEDULE;
import static io.skiff.scheduler.plugins.podtopologyspread.PodTopologySpreadFilterTest.FOO;
import static io.skiff.scheduler.testing.PodMaker.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.skiff.scheduler.framework.QueueingHint;
import io.skiff.scheduler.framework.Snapshot;
import io.skiff.scheduler.testing.FakeHandle;
import io.skiff.scheduler.testing.NodeMaker;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Which pod and node changes may make a pod PodTopologySpread rejected schedulable. */
class PodTopologySpreadQueueingHintTest {

    private static final Pod SPREADING = pod("p").label("foo", "")
            .spreadConstraint(1, "zone", DO_NOT_SCHEDULE, FOO)
            .build();

    record Case(String name, Object oldObject, Object newObject, QueueingHint want) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> podChanges() {
        Pod matching = pod("m").node("node-a").label("foo", "").build();
        Pod other = pod("o").node("node-a").label("bar", "").build();
        return Stream.of(
                new Case("an assigned matching pod added", null, matching, QueueingHint.QUEUE),
                new Case("an assigned matching pod deleted", matching, null, QueueingHint.QUEUE),
                new Case("a pod the selector does not match added", null, other, QueueingHint.SKIP),
                new Case(
                        "an unassigned matching pod added",
                        null,
                        pod("u").label("foo", "").build(),
                        QueueingHint.SKIP),
                new Case(
                        "a matching pod of another namespace deleted",
                        pod("n").namespace("other")
                                .node("node-a")
                                .label("foo", "")
                                .build(),
                        null,
                        QueueingHint.SKIP),
                new Case("a pod relabelled into the selector", other, relabel(other, "foo"), QueueingHint.QUEUE),
                new Case(
                        "a pod relabelled within the selector", matching, withExtraLabel(matching), QueueingHint.SKIP));
    }

    static Stream<Case> nodeChanges() {
        Node zoned = NodeMaker.node("n").label("zone", "z1").build();
        Node unzoned = NodeMaker.node("n").label("rack", "r1").build();
        return Stream.of(
                new Case("a node with the topology key added", null, zoned, QueueingHint.QUEUE),
                new Case("a node without the topology key added", null, unzoned, QueueingHint.SKIP),
                new Case("a node with the topology key deleted", zoned, null, QueueingHint.QUEUE),
                new Case("a node gaining the topology key", unzoned, zoned, QueueingHint.QUEUE),
                new Case(
                        "a node moving to another zone",
                        zoned,
                        NodeMaker.node("n").label("zone", "z2").build(),
                        QueueingHint.QUEUE),
                new Case(
                        "a zoned node getting a taint",
                        zoned,
                        NodeMaker.node("n")
                                .label("zone", "z1")
                                .taint("k", "v", "NoSchedule")
                                .build(),
                        QueueingHint.QUEUE),
                new Case(
                        "a zoned node getting an unrelated label",
                        zoned,
                        NodeMaker.node("n").label("zone", "z1").label("x", "y").build(),
                        QueueingHint.SKIP));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("podChanges")
    void podHints(Case c) {
        assertThat(plugin().isSchedulableAfterPodChange(SPREADING, c.oldObject(), c.newObject()))
                .isEqualTo(c.want());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nodeChanges")
    void nodeHints(Case c) {
        assertThat(plugin().isSchedulableAfterNodeChange(SPREADING, c.oldObject(), c.newObject()))
                .isEqualTo(c.want());
    }

    private static PodTopologySpread plugin() {
        return new PodTopologySpread(
                PodTopologySpreadArgs.listDefaulting(List.of()),
                new FakeHandle(Snapshot.of(List.of(), List.of())),
                null);
    }

    private static Pod relabel(Pod pod, String key) {
        return new PodBuilder(pod)
                .editMetadata()
                .withLabels(java.util.Map.of(key, ""))
                .endMetadata()
                .build();
    }

    private static Pod withExtraLabel(Pod pod) {
        return new PodBuilder(pod)
                .editMetadata()
                .addToLabels("extra", "1")
                .endMetadata()
                .build();
    }
}
