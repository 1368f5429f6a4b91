package io.skiff.scheduler.plugins.nodeunschedulable;

import static io.skiff.scheduler.testing.NodeMaker.node;
import static io.skiff.scheduler.testing.PodMaker.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.skiff.scheduler.framework.Status;
import io.skiff.scheduler.testing.PluginHarness;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NodeUnschedulableTest {

    private static final Status CORDONED =
            Status.unschedulableAndUnresolvable(NodeUnschedulable.ERR_REASON_UNSCHEDULABLE);

    static Stream<Arguments> cases() {
        Node cordoned = node("n1").unschedulable().build();
        return Stream.of(
                Arguments.of("schedulable node admits any pod", node("n1").build(), pod("p").build(), Status.success()),
                Arguments.of("cordoned node refuses a pod without tolerations", cordoned, pod("p").build(), CORDONED),
                Arguments.of(
                        "cordoned node admits a pod tolerating the unschedulable taint",
                        cordoned,
                        pod("p").toleration("node.kubernetes.io/unschedulable", "Exists", null, "NoSchedule")
                                .build(),
                        Status.success()),
                Arguments.of(
                        "cordoned node admits a pod tolerating every taint",
                        cordoned,
                        pod("p").toleration(null, "Exists", null, null).build(),
                        Status.success()),
                Arguments.of(
                        "a toleration of another effect does not help",
                        cordoned,
                        pod("p").toleration("node.kubernetes.io/unschedulable", "Exists", null, "NoExecute")
                                .build(),
                        CORDONED));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void filter(String name, Node node, Pod pod, Status expected) {
        assertThat(PluginHarness.filter(new NodeUnschedulable(), pod, node)).isEqualTo(expected);
    }
}
