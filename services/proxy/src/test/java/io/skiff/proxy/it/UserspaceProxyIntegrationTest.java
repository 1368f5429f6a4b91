package io.skiff.proxy.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Service;
import io.skiff.proxy.testing.Objects;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** userspace mode: no iptables rules; cluster IPs are local addresses the proxy listens on. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class UserspaceProxyIntegrationTest extends ProxyScenario {

    @Override
    String mode() {
        return "userspace";
    }

    @Test
    void noIptablesRulesAndTheClusterIpsLiveOnTheServiceDevice() {
        createService(io.skiff.proxy.testing.Objects.service(NAMESPACE, "seen", "10.96.0.60", "http", 80)
                .build());
        createSlice(io.skiff.proxy.testing.Objects.slice(NAMESPACE, "seen", "seen-1", "http", 8080, POD1)
                .build());
        awaitAnswer(() -> lab.getFromClient("http://10.96.0.60/"), NetnsLab.Answer::ok, "the cluster IP answers");

        assertThat(lab.inNode("iptables-save").output()).doesNotContain("KUBE-");
        assertThat(lab.inNode("ip", "-o", "addr", "show", "dev", "skiff-svc0").output())
                .contains("10.96.0.60/32");
    }

    @Test
    void clientIpAffinityKeepsAClientOnOneEndpoint() {
        Service service =
                Objects.service(NAMESPACE, "sticky", "10.96.0.90", "http", 80).build();
        service.getSpec().setSessionAffinity("ClientIP");
        createService(service);
        createSlice(Objects.slice(NAMESPACE, "sticky", "sticky-1", "http", 8080, POD1, POD2)
                .build());
        String first = awaitAnswer(
                        () -> lab.getFromClient("http://10.96.0.90/"), NetnsLab.Answer::ok, "the cluster IP answers")
                .body();

        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10; i++) {
            seen.add(lab.getFromClient("http://10.96.0.90/").body());
        }
        assertThat(seen).containsExactly(first);
    }

    @Test
    void internalTrafficPolicyLocalUsesOnlyThisNodesEndpoints() {
        Service service =
                Objects.service(NAMESPACE, "near", "10.96.0.91", "http", 80).build();
        service.getSpec().setInternalTrafficPolicy("Local");
        createService(service);
        createSlice(Objects.slice(NAMESPACE, "near", "near-1", "http", 8080)
                .withEndpoints(onNode(POD1, "node2"), onNode(POD2, "node1"))
                .build());
        awaitAnswer(() -> lab.getFromClient("http://10.96.0.91/"), NetnsLab.Answer::ok, "the cluster IP answers");

        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 8; i++) {
            seen.add(lab.getFromClient("http://10.96.0.91/").body());
        }
        assertThat(seen).containsExactly("pod2");
    }

    private static io.fabric8.kubernetes.api.model.discovery.v1.Endpoint onNode(String ip, String node) {
        io.fabric8.kubernetes.api.model.discovery.v1.Endpoint endpoint = Objects.endpoint(ip, true, true, false);
        endpoint.setNodeName(node);
        return endpoint;
    }
}
