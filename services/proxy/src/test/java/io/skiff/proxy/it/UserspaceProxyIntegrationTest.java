package io.skiff.proxy.it;

import static org.assertj.core.api.Assertions.assertThat;

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
}
