package io.skiff.kubelet.hollow;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.skiff.kubelet.config.KubeletProperties;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/** What a hollow node registers and reports, from the settings as Spring binds them. */
class HollowNodeTemplateTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties({KubeletProperties.class, HollowProperties.class})
    static class Bind {}

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(Bind.class)
            .withPropertyValues(
                    "skiff.kubelet.node-name=box",
                    "skiff.kubelet.address=192.0.2.7",
                    "skiff.kubelet.runtime=hollow",
                    "skiff.kubelet.node-labels.team=scale",
                    "skiff.kubelet.node-taints[0]=dedicated=hollow:NoSchedule",
                    "skiff.kubelet.system-reserved.cpu=500m",
                    "skiff.kubelet.system-reserved.memory=1Gi");

    @Test
    void aHollowNodeRegistersReadyWithItsCapacityLabelsAndTaints() {
        runner.run(context -> {
            HollowProperties hollow = context.getBean(HollowProperties.class);
            assertThat(hollow.nodes()).isEqualTo(1);
            assertThat(hollow.nodeName("box", 3)).isEqualTo("box-3");
            HollowNodeTemplate template = new HollowNodeTemplate(
                    context.getBean(KubeletProperties.class), hollow, "linux", "amd64", () -> 10250);

            Node node = template.initialNode("box-3", "2026-12-01T10:00:00Z");
            assertThat(node.getMetadata().getLabels())
                    .containsEntry("kubernetes.io/hostname", "box-3")
                    .containsEntry("kubernetes.io/os", "linux")
                    .containsEntry("kubernetes.io/arch", "amd64")
                    .containsEntry("beta.kubernetes.io/arch", "amd64")
                    .containsEntry(HollowNodeTemplate.HOLLOW_LABEL, "true")
                    .containsEntry("team", "scale");
            assertThat(node.getSpec().getTaints()).singleElement().satisfies(taint -> {
                assertThat(taint.getKey()).isEqualTo("dedicated");
                assertThat(taint.getEffect()).isEqualTo("NoSchedule");
            });
            assertThat(node.getStatus().getCapacity())
                    .containsEntry("cpu", new io.fabric8.kubernetes.api.model.Quantity("8"))
                    .containsEntry("memory", new io.fabric8.kubernetes.api.model.Quantity("32Gi"))
                    .containsEntry("pods", new io.fabric8.kubernetes.api.model.Quantity("110"));
            assertThat(node.getStatus().getAllocatable().get("cpu").toString()).isEqualTo("7500m");
            assertThat(node.getStatus().getAllocatable().get("memory").toString())
                    .isEqualTo("31Gi");
            assertThat(conditions(node.getStatus().getConditions()))
                    .containsEntry("Ready", "True")
                    .containsEntry("MemoryPressure", "False")
                    .containsEntry("DiskPressure", "False")
                    .containsEntry("PIDPressure", "False");
            assertThat(node.getStatus().getAddresses())
                    .extracting(a -> a.getType() + "=" + a.getAddress())
                    .containsExactly("InternalIP=192.0.2.7", "Hostname=box-3");
            assertThat(node.getStatus().getNodeInfo().getContainerRuntimeVersion())
                    .isEqualTo("hollow://0.1.0");
            assertThat(node.getStatus().getNodeInfo().getKubeletVersion()).startsWith("v1.");
            assertThat(node.getStatus()
                            .getDaemonEndpoints()
                            .getKubeletEndpoint()
                            .getPort())
                    .isEqualTo(10250);
        });
    }

    @Test
    void aStatusReportRenewsTheHeartbeatAndKeepsTheTransitionTime() {
        runner.run(context -> {
            HollowNodeTemplate template = new HollowNodeTemplate(
                    context.getBean(KubeletProperties.class),
                    context.getBean(HollowProperties.class),
                    "linux",
                    "amd64",
                    () -> 10250);
            List<NodeCondition> first = template.conditions(List.of(), "2026-12-01T10:00:00Z");
            List<NodeCondition> later = template.conditions(first, "2026-12-01T10:05:00Z");
            NodeCondition ready = later.stream()
                    .filter(c -> "Ready".equals(c.getType()))
                    .findFirst()
                    .orElseThrow();
            assertThat(ready.getLastHeartbeatTime()).isEqualTo("2026-12-01T10:05:00Z");
            assertThat(ready.getLastTransitionTime()).isEqualTo("2026-12-01T10:00:00Z");
            assertThat(ready.getReason()).isEqualTo("KubeletReady");
        });
    }

    private static Map<String, String> conditions(List<NodeCondition> conditions) {
        return conditions.stream().collect(Collectors.toMap(NodeCondition::getType, NodeCondition::getStatus));
    }
}
