package io.skiff.kubelet.envvars;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.skiff.kubelet.cri.ContainerConfig.EnvVar;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Kubernetes' TestFromServices (pkg/kubelet/envvars/envvars_test.go). */
class ServiceEnvironmentTest {

    @Test
    void makesDockerLinkVariablesForServicesWithAClusterIp() {
        List<Service> services = List.of(
                service("foo-bar", "1.2.3.4", port(null, 8080, "TCP")),
                service("abc-123", "5.6.7.8", port("u-d-p", 8081, "UDP"), port("t-c-p", 8081, "TCP")),
                service("q-u-u-x", "9.8.7.6", port(null, 8082, "TCP"), port("8083", 8083, "TCP")),
                service("svrc-clusterip-none", "None", port(null, 8082, "TCP")),
                service("svrc-clusterip-empty", "", port(null, 8082, "TCP")),
                service("super-ipv6", "2001:DB8::", port("u-d-p", 8084, "UDP"), port("t-c-p", 8084, "TCP")),
                service("sctp-1", "1.2.3.4", port(null, 777, "SCTP")));

        assertThat(ServiceEnvironment.fromServices(services))
                .containsExactly(
                        var("FOO_BAR_SERVICE_HOST", "1.2.3.4"),
                        var("FOO_BAR_SERVICE_PORT", "8080"),
                        var("FOO_BAR_PORT", "tcp://1.2.3.4:8080"),
                        var("FOO_BAR_PORT_8080_TCP", "tcp://1.2.3.4:8080"),
                        var("FOO_BAR_PORT_8080_TCP_PROTO", "tcp"),
                        var("FOO_BAR_PORT_8080_TCP_PORT", "8080"),
                        var("FOO_BAR_PORT_8080_TCP_ADDR", "1.2.3.4"),
                        var("ABC_123_SERVICE_HOST", "5.6.7.8"),
                        var("ABC_123_SERVICE_PORT", "8081"),
                        var("ABC_123_SERVICE_PORT_U_D_P", "8081"),
                        var("ABC_123_SERVICE_PORT_T_C_P", "8081"),
                        var("ABC_123_PORT", "udp://5.6.7.8:8081"),
                        var("ABC_123_PORT_8081_UDP", "udp://5.6.7.8:8081"),
                        var("ABC_123_PORT_8081_UDP_PROTO", "udp"),
                        var("ABC_123_PORT_8081_UDP_PORT", "8081"),
                        var("ABC_123_PORT_8081_UDP_ADDR", "5.6.7.8"),
                        var("ABC_123_PORT_8081_TCP", "tcp://5.6.7.8:8081"),
                        var("ABC_123_PORT_8081_TCP_PROTO", "tcp"),
                        var("ABC_123_PORT_8081_TCP_PORT", "8081"),
                        var("ABC_123_PORT_8081_TCP_ADDR", "5.6.7.8"),
                        var("Q_U_U_X_SERVICE_HOST", "9.8.7.6"),
                        var("Q_U_U_X_SERVICE_PORT", "8082"),
                        var("Q_U_U_X_SERVICE_PORT_8083", "8083"),
                        var("Q_U_U_X_PORT", "tcp://9.8.7.6:8082"),
                        var("Q_U_U_X_PORT_8082_TCP", "tcp://9.8.7.6:8082"),
                        var("Q_U_U_X_PORT_8082_TCP_PROTO", "tcp"),
                        var("Q_U_U_X_PORT_8082_TCP_PORT", "8082"),
                        var("Q_U_U_X_PORT_8082_TCP_ADDR", "9.8.7.6"),
                        var("Q_U_U_X_PORT_8083_TCP", "tcp://9.8.7.6:8083"),
                        var("Q_U_U_X_PORT_8083_TCP_PROTO", "tcp"),
                        var("Q_U_U_X_PORT_8083_TCP_PORT", "8083"),
                        var("Q_U_U_X_PORT_8083_TCP_ADDR", "9.8.7.6"),
                        var("SUPER_IPV6_SERVICE_HOST", "2001:DB8::"),
                        var("SUPER_IPV6_SERVICE_PORT", "8084"),
                        var("SUPER_IPV6_SERVICE_PORT_U_D_P", "8084"),
                        var("SUPER_IPV6_SERVICE_PORT_T_C_P", "8084"),
                        var("SUPER_IPV6_PORT", "udp://[2001:DB8::]:8084"),
                        var("SUPER_IPV6_PORT_8084_UDP", "udp://[2001:DB8::]:8084"),
                        var("SUPER_IPV6_PORT_8084_UDP_PROTO", "udp"),
                        var("SUPER_IPV6_PORT_8084_UDP_PORT", "8084"),
                        var("SUPER_IPV6_PORT_8084_UDP_ADDR", "2001:DB8::"),
                        var("SUPER_IPV6_PORT_8084_TCP", "tcp://[2001:DB8::]:8084"),
                        var("SUPER_IPV6_PORT_8084_TCP_PROTO", "tcp"),
                        var("SUPER_IPV6_PORT_8084_TCP_PORT", "8084"),
                        var("SUPER_IPV6_PORT_8084_TCP_ADDR", "2001:DB8::"),
                        var("SCTP_1_SERVICE_HOST", "1.2.3.4"),
                        var("SCTP_1_SERVICE_PORT", "777"),
                        var("SCTP_1_PORT", "sctp://1.2.3.4:777"),
                        var("SCTP_1_PORT_777_SCTP", "sctp://1.2.3.4:777"),
                        var("SCTP_1_PORT_777_SCTP_PROTO", "sctp"),
                        var("SCTP_1_PORT_777_SCTP_PORT", "777"),
                        var("SCTP_1_PORT_777_SCTP_ADDR", "1.2.3.4"));
    }

    @Test
    void aPortWithoutProtocolIsTcp() {
        List<EnvVar> variables =
                ServiceEnvironment.fromServices(List.of(service("web", "10.96.0.20", port(null, 80, null))));

        assertThat(variables).contains(var("WEB_PORT", "tcp://10.96.0.20:80"), var("WEB_PORT_80_TCP_PROTO", "tcp"));
    }

    private static Service service(String name, String clusterIp, ServicePort... ports) {
        return new ServiceBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .withNewSpec()
                .withClusterIP(clusterIp)
                .withPorts(ports)
                .endSpec()
                .build();
    }

    private static ServicePort port(String name, int port, String protocol) {
        return new ServicePortBuilder()
                .withName(name)
                .withPort(port)
                .withProtocol(protocol)
                .build();
    }

    private static EnvVar var(String name, String value) {
        return new EnvVar(name, value);
    }
}
