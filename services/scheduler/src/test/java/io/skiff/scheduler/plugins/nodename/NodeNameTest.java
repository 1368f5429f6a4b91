package io.skiff.scheduler.plugins.nodename;

import static io.skiff.scheduler.testing.NodeMaker.node;
import static io.skiff.scheduler.testing.PodMaker.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.skiff.scheduler.framework.Status;
import io.skiff.scheduler.testing.PluginHarness;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NodeNameTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("pod without spec.nodeName fits any node", pod("p").build(), Status.success()),
                Arguments.of("pod naming this node fits", pod("p").node("n1").build(), Status.success()),
                Arguments.of(
                        "pod naming another node is unresolvable",
                        pod("p").node("n2").build(),
                        Status.unschedulableAndUnresolvable(NodeName.ERR_REASON)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void filter(String name, Pod pod, Status expected) {
        assertThat(PluginHarness.filter(new NodeName(), pod, node("n1").build()))
                .isEqualTo(expected);
    }
}
