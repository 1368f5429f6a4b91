package io.skiff.scheduler.plugins.nodeports;

import static io.skiff.scheduler.testing.NodeMaker.node;
import static io.skiff.scheduler.testing.PodMaker.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.skiff.scheduler.framework.CycleState;
import io.skiff.scheduler.framework.NodeInfo;
import io.skiff.scheduler.framework.Status;
import io.skiff.scheduler.testing.PluginHarness;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NodePortsTest {

    private static final Status CONFLICT = Status.unschedulable(NodePorts.ERR_REASON);

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of(
                        "free port on an empty node",
                        pod("p").hostPort("TCP", "8080").build(),
                        pod("e").build(),
                        Status.success()),
                Arguments.of(
                        "same port and protocol on all addresses conflicts",
                        pod("p").hostPort("TCP", "8080").build(),
                        pod("e").hostPort("TCP", "8080").build(),
                        CONFLICT),
                Arguments.of(
                        "same port over another protocol does not conflict",
                        pod("p").hostPort("UDP", "8080").build(),
                        pod("e").hostPort("TCP", "8080").build(),
                        Status.success()),
                Arguments.of(
                        "a port on one address conflicts with the same port on all addresses",
                        pod("p").hostPort("TCP", "127.0.0.1:8080").build(),
                        pod("e").hostPort("TCP", "8080").build(),
                        CONFLICT),
                Arguments.of(
                        "a port on all addresses conflicts with the same port on one address",
                        pod("p").hostPort("TCP", "8080").build(),
                        pod("e").hostPort("TCP", "127.0.0.2:8080").build(),
                        CONFLICT),
                Arguments.of(
                        "the same port on two different addresses does not conflict",
                        pod("p").hostPort("TCP", "127.0.0.1:8080").build(),
                        pod("e").hostPort("TCP", "127.0.0.2:8080").build(),
                        Status.success()),
                Arguments.of(
                        "pods without host ports never conflict",
                        pod("p").build(),
                        pod("e").hostPort("TCP", "8080").build(),
                        Status.success()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void filter(String name, Pod pod, Pod existing, Status expected) {
        assertThat(PluginHarness.filter(new NodePorts(), pod, node("n1").build(), existing))
                .isEqualTo(expected);
    }

    @Test
    void podsWithoutHostPortsSkipTheFilter() {
        assertThat(new NodePorts()
                        .preFilter(
                                new CycleState(),
                                pod("p").build(),
                                List.of(NodeInfo.of(node("n1").build())))
                        .status()
                        .isSkip())
                .isTrue();
    }
}
