package io.skiff.kubelet.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/** skiff.kubelet.* as Spring binds it, with the kubelet's defaults. */
class KubeletPropertiesTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(KubeletProperties.class)
    static class Bind {}

    private final ApplicationContextRunner runner = new ApplicationContextRunner().withUserConfiguration(Bind.class);

    @Test
    void defaults() {
        runner.run(context -> {
            KubeletProperties properties = context.getBean(KubeletProperties.class);
            assertThat(properties.nodeName()).isEqualTo(HostIdentity.hostname());
            assertThat(properties.rootDir()).isEqualTo(Path.of("/var/lib/skiff/kubelet"));
            assertThat(properties.podLogsDir()).isEqualTo(Path.of("/var/lib/skiff/kubelet/pod-logs"));
            assertThat(properties.runtime()).isEqualTo(KubeletProperties.RuntimeKind.PROCESS);
            assertThat(properties.maxPods()).isEqualTo(110);
            assertThat(properties.nodeStatusUpdateFrequency()).isEqualTo(Duration.ofSeconds(10));
            assertThat(properties.nodeStatusReportFrequency()).isEqualTo(Duration.ofMinutes(5));
            assertThat(properties.nodeLeaseDuration()).isEqualTo(Duration.ofSeconds(40));
            assertThat(properties.systemReserved()).isEqualTo(new KubeletProperties.SystemReserved("0", "0"));
            assertThat(properties.nodeLabels()).isEmpty();
            assertThat(properties.address()).isNotBlank();
        });
    }

    @Test
    void everySettingBinds() {
        runner.withPropertyValues(
                        "skiff.kubelet.node-name=worker-7",
                        "skiff.kubelet.root-dir=/srv/kubelet",
                        "skiff.kubelet.runtime=hollow",
                        "skiff.kubelet.node-labels.tier=edge",
                        "skiff.kubelet.node-taints[0]=dedicated=edge:NoSchedule",
                        "skiff.kubelet.system-reserved.cpu=250m",
                        "skiff.kubelet.system-reserved.memory=1Gi",
                        "skiff.kubelet.max-pods=30",
                        "skiff.kubelet.node-status-update-frequency=5s",
                        "skiff.kubelet.node-status-report-frequency=1m",
                        "skiff.kubelet.node-lease-duration=20s",
                        "skiff.kubelet.address=10.0.0.7")
                .run(context -> {
                    KubeletProperties properties = context.getBean(KubeletProperties.class);
                    assertThat(properties.nodeName()).isEqualTo("worker-7");
                    assertThat(properties.podLogsDir()).isEqualTo(Path.of("/srv/kubelet/pod-logs"));
                    assertThat(properties.runtime()).isEqualTo(KubeletProperties.RuntimeKind.HOLLOW);
                    assertThat(properties.nodeLabels()).containsEntry("tier", "edge");
                    assertThat(properties.nodeTaints()).containsExactly("dedicated=edge:NoSchedule");
                    assertThat(properties.systemReserved())
                            .isEqualTo(new KubeletProperties.SystemReserved("250m", "1Gi"));
                    assertThat(properties.maxPods()).isEqualTo(30);
                    assertThat(properties.nodeStatusUpdateFrequency()).isEqualTo(Duration.ofSeconds(5));
                    assertThat(properties.nodeStatusReportFrequency()).isEqualTo(Duration.ofMinutes(1));
                    assertThat(properties.nodeLeaseDuration()).isEqualTo(Duration.ofSeconds(20));
                    assertThat(properties.hostIps()).containsExactly("10.0.0.7");
                });
    }

    @Test
    void aMalformedTaintFailsStartup() {
        runner.withPropertyValues("skiff.kubelet.node-taints[0]=dedicated=edge:Sometimes")
                .run(context -> assertThat(context)
                        .hasFailed()
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("invalid taint effect: Sometimes"));
    }
}
