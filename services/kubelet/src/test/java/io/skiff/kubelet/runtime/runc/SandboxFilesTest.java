package io.skiff.kubelet.runtime.runc;

import static org.assertj.core.api.Assertions.assertThat;

import io.skiff.kubelet.cri.PodSandboxConfig.DnsConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

class SandboxFilesTest {

    @Test
    void resolvConfFromTheClusterDnsConfig() {
        DnsConfig dns = new DnsConfig(
                List.of("10.96.0.10"),
                List.of("shop.svc.cluster.local", "svc.cluster.local", "cluster.local"),
                List.of("ndots:5"));

        assertThat(SandboxFiles.resolvConf(dns, "nameserver 1.1.1.1\n")).isEqualTo("""
                        search shop.svc.cluster.local svc.cluster.local cluster.local
                        nameserver 10.96.0.10
                        options ndots:5
                        """);
    }

    @Test
    void withoutADnsConfigTheNodesResolvConf() {
        assertThat(SandboxFiles.resolvConf(null, "nameserver 1.1.1.1\n")).isEqualTo("nameserver 1.1.1.1\n");
        assertThat(SandboxFiles.resolvConf(new DnsConfig(List.of(), List.of(), List.of()), "node\n"))
                .isEqualTo("node\n");
    }

    @Test
    void theManagedHostsFileNamesThePodsAddress() {
        assertThat(SandboxFiles.managedHosts("web-0", List.of("10.244.1.5")))
                .endsWith("fe00::2\tip6-allrouters\n10.244.1.5\tweb-0\n")
                .startsWith("# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n");
    }
}
