package io.skiff.proxy.iptables;

import static org.assertj.core.api.Assertions.assertThat;

import io.skiff.proxy.servicemap.Endpoint;
import io.skiff.proxy.servicemap.ServicePortName;
import org.junit.jupiter.api.Test;

/** Chain names equal kube-proxy's for the same service ports (values from kube-proxy's tests and real clusters). */
class ChainNamesTest {

    @Test
    void serviceChainsMatchKubeProxy() {
        assertThat(ChainNames.service(new ServicePortName("default", "kubernetes", "https", "TCP")))
                .isEqualTo("KUBE-SVC-NPX46M4PTMTKRN6Y");
        assertThat(ChainNames.service(new ServicePortName("kube-system", "kube-dns", "dns", "UDP")))
                .isEqualTo("KUBE-SVC-TCOU7JCQXEZGVUNU");
        assertThat(ChainNames.service(new ServicePortName("ns1", "svc1", "p80", "TCP")))
                .isEqualTo("KUBE-SVC-XPGD46QRK7WJZT7O");
    }

    @Test
    void externalChainsShareTheServiceHash() {
        assertThat(ChainNames.external(new ServicePortName("ns2", "svc2", "p80", "TCP")))
                .isEqualTo("KUBE-EXT-GNZBNJ2PO5MGZ6GT");
    }

    @Test
    void endpointChainsHashTheEndpointToo() {
        ServicePortName svc1 = new ServicePortName("ns1", "svc1", "p80", "TCP");
        assertThat(ChainNames.endpoint(svc1, new Endpoint("10.180.0.1", 80, true, true, false, null)))
                .isEqualTo("KUBE-SEP-SXIVWICOYRO3J4NJ");
        ServicePortName svc4 = new ServicePortName("ns4", "svc4", "p80", "TCP");
        assertThat(ChainNames.endpoint(svc4, new Endpoint("10.180.0.4", 80, true, true, false, null)))
                .isEqualTo("KUBE-SEP-UKSFD7AGPMPPLUHC");
        assertThat(ChainNames.endpoint(svc4, new Endpoint("10.180.0.5", 80, true, true, false, null)))
                .isEqualTo("KUBE-SEP-C6EBXVWJJZMIWKLZ");
    }

    @Test
    void onlyPerServiceChainsCountAsServiceChains() {
        assertThat(ChainNames.isServiceChain("KUBE-SEP-SXIVWICOYRO3J4NJ")).isTrue();
        assertThat(ChainNames.isServiceChain("KUBE-EXT-GNZBNJ2PO5MGZ6GT")).isTrue();
        assertThat(ChainNames.isServiceChain("KUBE-SERVICES")).isFalse();
        assertThat(ChainNames.isServiceChain("KUBE-MARK-MASQ")).isFalse();
        assertThat(ChainNames.isServiceChain("DOCKER")).isFalse();
    }
}
