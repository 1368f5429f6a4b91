package io.skiff.proxy.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** iptables mode: the rules land in the node namespace's nat and filter tables, never the host's. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class IptablesProxyIntegrationTest extends ProxyScenario {

    @Override
    String mode() {
        return "iptables";
    }

    @Test
    void theRulesAreKubeProxysChainsInTheNodeNamespace() throws Exception {
        createService(io.skiff.proxy.testing.Objects.service(NAMESPACE, "seen", "10.96.0.60", "http", 80)
                .build());
        createSlice(io.skiff.proxy.testing.Objects.slice(NAMESPACE, "seen", "seen-1", "http", 8080, POD1)
                .build());
        awaitAnswer(() -> lab.getFromClient("http://10.96.0.60/"), NetnsLab.Answer::ok, "the cluster IP answers");

        String nat = lab.inNode("iptables-save", "-t", "nat").output();
        assertThat(nat)
                .contains("-A PREROUTING -m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES")
                .contains("-A OUTPUT -m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES")
                .contains("--comment \"proxy-it/seen:http cluster IP\"")
                .contains("--to-destination 10.244.0.11:8080")
                .contains("-j KUBE-MARK-MASQ");
        assertThat(lab.inNode("ip", "route", "get", "10.96.0.99").output())
                .as("an unprogrammed service address stays on the node's discarding device")
                .contains("dev skiff-svc0");
        assertThat(lab.inNode("sysctl", "-n", "net.bridge.bridge-nf-call-iptables")
                        .output()
                        .strip())
                .isEqualTo("1");
        assertThat(actuator("/actuator/prometheus"))
                .as("after the first full sync, changes are applied by partial syncs")
                .containsPattern("kubeproxy_sync_partial_proxy_rules_duration_seconds_count(\\{[^}]*})? [1-9]");
    }
}
