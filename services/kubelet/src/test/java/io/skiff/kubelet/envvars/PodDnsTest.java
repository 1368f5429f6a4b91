package io.skiff.kubelet.envvars;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodDNSConfig;
import io.fabric8.kubernetes.api.model.PodDNSConfigBuilder;
import io.skiff.kubelet.cri.PodSandboxConfig.DnsConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The kubelet's DNS configurer (pkg/kubelet/network/dns) for each dnsPolicy, and resolv.conf. */
class PodDnsTest {

    private static final String NODE_RESOLV_CONF = """
            # the node's
            nameserver 192.168.1.1
            nameserver 192.168.1.2
            search corp.example. lab.example
            options timeout:2 attempts:3
            """;

    @TempDir
    Path temp;

    private Path resolvConf;

    @BeforeEach
    void writeNodeResolvConf() throws IOException {
        resolvConf = temp.resolve("resolv.conf");
        Files.writeString(resolvConf, NODE_RESOLV_CONF);
    }

    static Stream<Arguments> policies() {
        PodDNSConfig extra = new PodDNSConfigBuilder()
                .withNameservers("10.0.0.53", "192.168.1.1")
                .withSearches("extra.example", "corp.example")
                .addNewOption("ndots", "2")
                .addNewOption("edns0", null)
                .build();
        return Stream.of(
                Arguments.of(
                        "ClusterFirst",
                        "ClusterFirst",
                        false,
                        null,
                        new DnsConfig(
                                List.of("10.96.0.10"),
                                List.of(
                                        "ns1.svc.cluster.local",
                                        "svc.cluster.local",
                                        "cluster.local",
                                        "corp.example",
                                        "lab.example"),
                                List.of("ndots:5"))),
                Arguments.of(
                        "ClusterFirst on the host network falls back to Default",
                        "ClusterFirst",
                        true,
                        null,
                        new DnsConfig(
                                List.of("192.168.1.1", "192.168.1.2"),
                                List.of("corp.example", "lab.example"),
                                List.of("timeout:2", "attempts:3"))),
                Arguments.of(
                        "ClusterFirstWithHostNet",
                        "ClusterFirstWithHostNet",
                        true,
                        null,
                        new DnsConfig(
                                List.of("10.96.0.10"),
                                List.of(
                                        "ns1.svc.cluster.local",
                                        "svc.cluster.local",
                                        "cluster.local",
                                        "corp.example",
                                        "lab.example"),
                                List.of("ndots:5"))),
                Arguments.of(
                        "Default",
                        "Default",
                        false,
                        null,
                        new DnsConfig(
                                List.of("192.168.1.1", "192.168.1.2"),
                                List.of("corp.example", "lab.example"),
                                List.of("timeout:2", "attempts:3"))),
                Arguments.of(
                        "None with dnsConfig",
                        "None",
                        false,
                        extra,
                        new DnsConfig(
                                List.of("10.0.0.53", "192.168.1.1"),
                                List.of("extra.example", "corp.example"),
                                List.of("ndots:2", "edns0"))),
                Arguments.of(
                        "ClusterFirst merged with dnsConfig",
                        "ClusterFirst",
                        false,
                        extra,
                        new DnsConfig(
                                List.of("10.96.0.10", "10.0.0.53", "192.168.1.1"),
                                List.of(
                                        "ns1.svc.cluster.local",
                                        "svc.cluster.local",
                                        "cluster.local",
                                        "corp.example",
                                        "lab.example",
                                        "extra.example"),
                                List.of("ndots:2", "edns0"))),
                Arguments.of(
                        "Default merged with dnsConfig",
                        "Default",
                        false,
                        extra,
                        new DnsConfig(
                                List.of("192.168.1.1", "192.168.1.2", "10.0.0.53"),
                                List.of("corp.example", "lab.example", "extra.example"),
                                List.of("timeout:2", "attempts:3", "ndots:2", "edns0"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("policies")
    void followsTheDnsPolicy(
            String name, String policy, boolean hostNetwork, PodDNSConfig dnsConfig, DnsConfig expected) {
        PodDns.Result result = dns(List.of("10.96.0.10")).configFor(pod(policy, hostNetwork, dnsConfig));

        assertThat(result.config()).isEqualTo(expected);
        assertThat(result.warnings()).isEmpty();
    }

    @Test
    void withoutClusterDnsClusterFirstFallsBackToDefaultWithEvents() {
        PodDns.Result result = dns(List.of()).configFor(pod("ClusterFirst", false, null));

        assertThat(result.config().servers()).containsExactly("192.168.1.1", "192.168.1.2");
        String nodeMessage =
                "kubelet does not have ClusterDNS IP configured and cannot create Pod using \"ClusterFirst\""
                        + " policy. Falling back to \"Default\" policy.";
        assertThat(result.warnings())
                .containsExactly(
                        new WarningEvent(WarningEvent.Subject.NODE, "MissingClusterDNS", nodeMessage),
                        new WarningEvent(
                                WarningEvent.Subject.POD,
                                "MissingClusterDNS",
                                "pod: \"web_ns1(uid-1)\". " + nodeMessage));
    }

    @Test
    void withoutAResolvConfTheNodeResolves() {
        PodDns dns = new PodDns(new PodDns.Settings(List.of(), "cluster.local", null, List.of("10.0.0.1", "fd00::1")));

        DnsConfig config = dns.configFor(pod("Default", false, null)).config();

        assertThat(config).isEqualTo(new DnsConfig(List.of("127.0.0.1", "::1"), List.of("."), List.of()));
    }

    @Test
    void nameserversAndSearchesAreCutToTheLimitsWithAnEvent() {
        List<String> searches = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            searches.add("s" + i + ".example");
        }
        PodDNSConfig many = new PodDNSConfigBuilder()
                .withNameservers("1.1.1.1", "2.2.2.2", "3.3.3.3", "4.4.4.4")
                .withSearches(searches)
                .build();

        PodDns.Result result = dns(List.of("10.96.0.10")).configFor(pod("None", false, many));

        assertThat(result.config().servers()).containsExactly("1.1.1.1", "2.2.2.2", "3.3.3.3");
        assertThat(result.config().searches())
                .hasSize(32)
                .startsWith("s0.example")
                .endsWith("s31.example");
        assertThat(result.warnings())
                .extracting(WarningEvent::reason, WarningEvent::message)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                "DNSConfigForming",
                                "Nameserver limits were exceeded, some nameservers have been omitted, the applied"
                                        + " nameserver line is: 1.1.1.1 2.2.2.2 3.3.3.3"),
                        org.assertj.core.groups.Tuple.tuple(
                                "DNSConfigForming",
                                "Search Line limits were exceeded, some search paths have been omitted, the applied"
                                        + " search line is: " + String.join(" ", searches.subList(0, 32))));
    }

    @Test
    void aMissingNodeResolvConfFails() {
        PodDns dns = new PodDns(
                new PodDns.Settings(List.of("10.96.0.10"), "cluster.local", temp.resolve("absent"), List.of()));

        assertThatThrownBy(() -> dns.configFor(pod("ClusterFirst", false, null)))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessage("open " + temp.resolve("absent") + ": no such file or directory");
    }

    @Test
    void resolvConfIsWrittenAsContainerdWritesIt() {
        DnsConfig config = dns(List.of("10.96.0.10"))
                .configFor(pod("ClusterFirst", false, null))
                .config();

        assertThat(ResolvConf.render(config))
                .isEqualTo("search ns1.svc.cluster.local svc.cluster.local cluster.local corp.example lab.example\n"
                        + "nameserver 10.96.0.10\n"
                        + "options ndots:5\n");
        assertThat(ResolvConf.render(new DnsConfig(List.of(), List.of(), List.of())))
                .isEmpty();
    }

    @Test
    void aBareNameserverLineIsAnError() {
        assertThatThrownBy(() -> ResolvConf.parse("nameserver\n")).hasMessage("nameserver list is empty ");
    }

    private PodDns dns(List<String> clusterDns) {
        return new PodDns(new PodDns.Settings(clusterDns, "cluster.local", resolvConf, List.of("10.0.0.1")));
    }

    private static Pod pod(String policy, boolean hostNetwork, PodDNSConfig dnsConfig) {
        return new PodBuilder()
                .withNewMetadata()
                .withName("web")
                .withNamespace("ns1")
                .withUid("uid-1")
                .endMetadata()
                .withNewSpec()
                .withDnsPolicy(policy)
                .withHostNetwork(hostNetwork)
                .withDnsConfig(dnsConfig)
                .endSpec()
                .build();
    }
}
