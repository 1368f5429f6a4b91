package io.skiff.proxy.iptables;

import static io.skiff.proxy.testing.Objects.endpoint;
import static io.skiff.proxy.testing.Objects.service;
import static io.skiff.proxy.testing.Objects.slice;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ClientIPConfigBuilder;
import io.fabric8.kubernetes.api.model.LoadBalancerIngressBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.SessionAffinityConfigBuilder;
import io.skiff.model.net.Ipv4Cidr;
import io.skiff.proxy.servicemap.ServiceChangeTracker;
import io.skiff.proxy.testing.Objects;
import java.time.Clock;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The iptables-restore input, line for line, for small cases (the layout of kube-proxy's own tests). */
class IptablesRulesTest {

    private static final String FILTER_HEADER = """
            *filter
            :KUBE-SERVICES - [0:0]
            :KUBE-EXTERNAL-SERVICES - [0:0]
            :KUBE-FORWARD - [0:0]
            :KUBE-NODEPORTS - [0:0]
            :KUBE-PROXY-FIREWALL - [0:0]
            :KUBE-FIREWALL - [0:0]
            -A KUBE-FIREWALL -m comment --comment "block incoming localnet connections" -d 127.0.0.0/8 ! -s 127.0.0.0/8 -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j DROP
            -A KUBE-FORWARD -m conntrack --ctstate INVALID -j DROP
            -A KUBE-FORWARD -m comment --comment "kubernetes forwarding rules" -m mark --mark 0x4000/0x4000 -j ACCEPT
            -A KUBE-FORWARD -m comment --comment "kubernetes forwarding conntrack rule" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
            """;

    private static final String NAT_TOP = """
            *nat
            :KUBE-SERVICES - [0:0]
            :KUBE-NODEPORTS - [0:0]
            :KUBE-POSTROUTING - [0:0]
            :KUBE-MARK-MASQ - [0:0]
            """;

    private static final String MASQUERADE = """
            -A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN
            -A KUBE-POSTROUTING -j MARK --xor-mark 0x4000
            -A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE
            -A KUBE-MARK-MASQ -j MARK --or-mark 0x4000
            """;

    private static final String NODE_PORTS_JUMP =
            "-A KUBE-SERVICES -m comment --comment \"kubernetes service nodeports; NOTE: this must be the last rule in"
                    + " this chain\" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS\n";

    private final ServiceChangeTracker tracker = new ServiceChangeTracker(Clock.systemUTC());
    private final IptablesRules rules = new IptablesRules(Ipv4Cidr.parse("10.0.0.0/8"), false, "node1", null, true);

    @Test
    void clusterIpWithTwoEndpointsBalancesHalfAndHalf() {
        tracker.serviceUpdated(service("ns4", "svc4", "172.30.0.44", "p80", 80).build());
        tracker.sliceUpdated(slice("ns4", "svc4", "svc4-abc", "p80", 80, "10.180.0.4", "10.180.0.5")
                .build());

        String text = rules.build(tracker.snapshot(), Set.of(), true).text();

        assertThat(text)
                .isEqualTo(
                        FILTER_HEADER + "COMMIT\n" + NAT_TOP + """
                :KUBE-SVC-4SW47YFZTEDKD3PK - [0:0]
                :KUBE-SEP-UKSFD7AGPMPPLUHC - [0:0]
                :KUBE-SEP-C6EBXVWJJZMIWKLZ - [0:0]
                """ + MASQUERADE + """
                -A KUBE-SERVICES -m comment --comment "ns4/svc4:p80 cluster IP" -m tcp -p tcp -d 172.30.0.44 --dport 80 -j KUBE-SVC-4SW47YFZTEDKD3PK
                -A KUBE-SVC-4SW47YFZTEDKD3PK -m comment --comment "ns4/svc4:p80 cluster IP" -m tcp -p tcp -d 172.30.0.44 --dport 80 ! -s 10.0.0.0/8 -j KUBE-MARK-MASQ
                -A KUBE-SVC-4SW47YFZTEDKD3PK -m comment --comment "ns4/svc4:p80 -> 10.180.0.4:80" -m statistic --mode random --probability 0.5000000000 -j KUBE-SEP-UKSFD7AGPMPPLUHC
                -A KUBE-SVC-4SW47YFZTEDKD3PK -m comment --comment "ns4/svc4:p80 -> 10.180.0.5:80" -j KUBE-SEP-C6EBXVWJJZMIWKLZ
                -A KUBE-SEP-UKSFD7AGPMPPLUHC -m comment --comment ns4/svc4:p80 -s 10.180.0.4 -j KUBE-MARK-MASQ
                -A KUBE-SEP-UKSFD7AGPMPPLUHC -m comment --comment ns4/svc4:p80 -m tcp -p tcp -j DNAT --to-destination 10.180.0.4:80
                -A KUBE-SEP-C6EBXVWJJZMIWKLZ -m comment --comment ns4/svc4:p80 -s 10.180.0.5 -j KUBE-MARK-MASQ
                -A KUBE-SEP-C6EBXVWJJZMIWKLZ -m comment --comment ns4/svc4:p80 -m tcp -p tcp -j DNAT --to-destination 10.180.0.5:80
                """ + NODE_PORTS_JUMP + "COMMIT\n");
    }

    @Test
    void aServiceWithoutEndpointsIsRejectedOnItsClusterIpAndNodePort() {
        tracker.serviceUpdated(Objects.nodePort(
                service("ns1", "svc1", "172.30.0.41", "p80", 80).build(), 3001));

        String text = rules.build(tracker.snapshot(), Set.of(), true).text();

        assertThat(text).isEqualTo(FILTER_HEADER + """
                -A KUBE-SERVICES -m comment --comment "ns1/svc1:p80 has no endpoints" -m tcp -p tcp -d 172.30.0.41 --dport 80 -j REJECT
                -A KUBE-EXTERNAL-SERVICES -m comment --comment "ns1/svc1:p80 has no endpoints" -m addrtype --dst-type LOCAL -m tcp -p tcp --dport 3001 -j REJECT
                COMMIT
                """ + NAT_TOP + MASQUERADE + NODE_PORTS_JUMP + "COMMIT\n");
    }

    @Test
    void nodePortAndLoadBalancerTrafficEntersThroughTheExternalChain() {
        Service service = Objects.nodePort(
                service("ns2", "svc2", "172.30.0.42", "p80", 80).build(), 3001);
        service.getSpec().setType("LoadBalancer");
        service.setStatus(new io.fabric8.kubernetes.api.model.ServiceStatusBuilder()
                .withNewLoadBalancer()
                .withIngress(new LoadBalancerIngressBuilder().withIp("1.2.3.4").build())
                .endLoadBalancer()
                .build());
        tracker.serviceUpdated(service);
        tracker.sliceUpdated(
                slice("ns2", "svc2", "svc2-abc", "p80", 80, "10.180.0.2").build());

        String text = rules.build(tracker.snapshot(), Set.of(), true).text();

        assertThat(text)
                .isEqualTo(
                        FILTER_HEADER + "COMMIT\n" + NAT_TOP + """
                :KUBE-EXT-GNZBNJ2PO5MGZ6GT - [0:0]
                :KUBE-SVC-GNZBNJ2PO5MGZ6GT - [0:0]
                :KUBE-SEP-RS4RBKLTHTF2IUXJ - [0:0]
                """ + MASQUERADE + """
                -A KUBE-SERVICES -m comment --comment "ns2/svc2:p80 cluster IP" -m tcp -p tcp -d 172.30.0.42 --dport 80 -j KUBE-SVC-GNZBNJ2PO5MGZ6GT
                -A KUBE-SERVICES -m comment --comment "ns2/svc2:p80 loadbalancer IP" -m tcp -p tcp -d 1.2.3.4 --dport 80 -j KUBE-EXT-GNZBNJ2PO5MGZ6GT
                -A KUBE-NODEPORTS -m comment --comment ns2/svc2:p80 -m tcp -p tcp --dport 3001 -j KUBE-EXT-GNZBNJ2PO5MGZ6GT
                -A KUBE-SVC-GNZBNJ2PO5MGZ6GT -m comment --comment "ns2/svc2:p80 cluster IP" -m tcp -p tcp -d 172.30.0.42 --dport 80 ! -s 10.0.0.0/8 -j KUBE-MARK-MASQ
                -A KUBE-EXT-GNZBNJ2PO5MGZ6GT -m comment --comment "masquerade traffic for ns2/svc2:p80 external destinations" -j KUBE-MARK-MASQ
                -A KUBE-EXT-GNZBNJ2PO5MGZ6GT -j KUBE-SVC-GNZBNJ2PO5MGZ6GT
                -A KUBE-SVC-GNZBNJ2PO5MGZ6GT -m comment --comment "ns2/svc2:p80 -> 10.180.0.2:80" -j KUBE-SEP-RS4RBKLTHTF2IUXJ
                -A KUBE-SEP-RS4RBKLTHTF2IUXJ -m comment --comment ns2/svc2:p80 -s 10.180.0.2 -j KUBE-MARK-MASQ
                -A KUBE-SEP-RS4RBKLTHTF2IUXJ -m comment --comment ns2/svc2:p80 -m tcp -p tcp -j DNAT --to-destination 10.180.0.2:80
                """ + NODE_PORTS_JUMP + "COMMIT\n");
    }

    @Test
    void loadBalancerSourceRangesAdmitTheirClientsThroughTheFirewallChainAndDropTheRest() {
        Service service = loadBalancer("ns2", "svc2", "172.30.0.42", 3001, "1.2.3.4");
        service.getSpec().setLoadBalancerSourceRanges(java.util.List.of("203.0.113.0/25", " 198.51.100.7/32 "));
        tracker.serviceUpdated(service);
        tracker.sliceUpdated(
                slice("ns2", "svc2", "svc2-abc", "p80", 80, "10.180.0.2").build());

        IptablesRules.Restore restore = rules.build(tracker.snapshot(), Set.of(), true);

        assertThat(restore.text())
                .isEqualTo(FILTER_HEADER + """
                -A KUBE-PROXY-FIREWALL -m comment --comment "ns2/svc2:p80 traffic not accepted by KUBE-FW-GNZBNJ2PO5MGZ6GT" -m tcp -p tcp -d 1.2.3.4 --dport 80 -j DROP
                COMMIT
                """ + NAT_TOP + """
                :KUBE-EXT-GNZBNJ2PO5MGZ6GT - [0:0]
                :KUBE-FW-GNZBNJ2PO5MGZ6GT - [0:0]
                :KUBE-SVC-GNZBNJ2PO5MGZ6GT - [0:0]
                :KUBE-SEP-RS4RBKLTHTF2IUXJ - [0:0]
                """ + MASQUERADE + """
                -A KUBE-SERVICES -m comment --comment "ns2/svc2:p80 cluster IP" -m tcp -p tcp -d 172.30.0.42 --dport 80 -j KUBE-SVC-GNZBNJ2PO5MGZ6GT
                -A KUBE-SERVICES -m comment --comment "ns2/svc2:p80 loadbalancer IP" -m tcp -p tcp -d 1.2.3.4 --dport 80 -j KUBE-FW-GNZBNJ2PO5MGZ6GT
                -A KUBE-NODEPORTS -m comment --comment ns2/svc2:p80 -m tcp -p tcp --dport 3001 -j KUBE-EXT-GNZBNJ2PO5MGZ6GT
                -A KUBE-SVC-GNZBNJ2PO5MGZ6GT -m comment --comment "ns2/svc2:p80 cluster IP" -m tcp -p tcp -d 172.30.0.42 --dport 80 ! -s 10.0.0.0/8 -j KUBE-MARK-MASQ
                -A KUBE-EXT-GNZBNJ2PO5MGZ6GT -m comment --comment "masquerade traffic for ns2/svc2:p80 external destinations" -j KUBE-MARK-MASQ
                -A KUBE-EXT-GNZBNJ2PO5MGZ6GT -j KUBE-SVC-GNZBNJ2PO5MGZ6GT
                -A KUBE-FW-GNZBNJ2PO5MGZ6GT -m comment --comment "ns2/svc2:p80 loadbalancer IP" -s 203.0.113.0/25 -j KUBE-EXT-GNZBNJ2PO5MGZ6GT
                -A KUBE-FW-GNZBNJ2PO5MGZ6GT -m comment --comment "ns2/svc2:p80 loadbalancer IP" -s 198.51.100.7/32 -j KUBE-EXT-GNZBNJ2PO5MGZ6GT
                -A KUBE-FW-GNZBNJ2PO5MGZ6GT -m comment --comment "other traffic to ns2/svc2:p80 will be dropped by KUBE-PROXY-FIREWALL"
                -A KUBE-SVC-GNZBNJ2PO5MGZ6GT -m comment --comment "ns2/svc2:p80 -> 10.180.0.2:80" -j KUBE-SEP-RS4RBKLTHTF2IUXJ
                -A KUBE-SEP-RS4RBKLTHTF2IUXJ -m comment --comment ns2/svc2:p80 -s 10.180.0.2 -j KUBE-MARK-MASQ
                -A KUBE-SEP-RS4RBKLTHTF2IUXJ -m comment --comment ns2/svc2:p80 -m tcp -p tcp -j DNAT --to-destination 10.180.0.2:80
                """ + NODE_PORTS_JUMP + "COMMIT\n");
        assertThat(restore.activeNatChains()).contains("KUBE-FW-GNZBNJ2PO5MGZ6GT");
    }

    @Test
    void aSourceRangeHoldingTheNodeIpAlsoAdmitsTheLoadBalancerIpsAsSources() {
        IptablesRules withNodeIp = new IptablesRules(Ipv4Cidr.parse("10.0.0.0/8"), false, "node1", "203.0.113.9", true);
        Service service = loadBalancer("ns2", "svc2", "172.30.0.42", 3001, "1.2.3.4");
        service.getSpec().setLoadBalancerSourceRanges(java.util.List.of("203.0.113.0/25"));
        tracker.serviceUpdated(service);
        tracker.sliceUpdated(
                slice("ns2", "svc2", "svc2-abc", "p80", 80, "10.180.0.2").build());

        assertThat(withNodeIp.build(tracker.snapshot(), Set.of(), true).text()).contains("""
                        -A KUBE-FW-GNZBNJ2PO5MGZ6GT -m comment --comment "ns2/svc2:p80 loadbalancer IP" -s 203.0.113.0/25 -j KUBE-EXT-GNZBNJ2PO5MGZ6GT
                        -A KUBE-FW-GNZBNJ2PO5MGZ6GT -m comment --comment "ns2/svc2:p80 loadbalancer IP" -s 1.2.3.4 -j KUBE-EXT-GNZBNJ2PO5MGZ6GT
                        -A KUBE-FW-GNZBNJ2PO5MGZ6GT -m comment --comment "other traffic to ns2/svc2:p80 will be dropped by KUBE-PROXY-FIREWALL"
                        """);
    }

    @Test
    void sourceRangesWithoutEndpointsOrLoadBalancerIpsNeedNoFirewallChain() {
        Service noEndpoints = loadBalancer("ns2", "svc2", "172.30.0.42", 3001, "1.2.3.4");
        noEndpoints.getSpec().setLoadBalancerSourceRanges(java.util.List.of("203.0.113.0/25"));
        tracker.serviceUpdated(noEndpoints);

        assertThat(rules.build(tracker.snapshot(), Set.of(), true).text())
                .contains(
                        "-A KUBE-EXTERNAL-SERVICES -m comment --comment \"ns2/svc2:p80 has no endpoints\" -m tcp -p tcp"
                                + " -d 1.2.3.4 --dport 80 -j REJECT")
                .doesNotContain("KUBE-FW-")
                .doesNotContain("-A KUBE-PROXY-FIREWALL");
    }

    @Test
    void aHealthCheckNodePortIsAcceptedWhetherOrNotTheNodeHasLocalEndpoints() {
        Service service = loadBalancer("ns2", "svc2", "172.30.0.42", 3001, "1.2.3.4");
        service.getSpec().setExternalTrafficPolicy("Local");
        service.getSpec().setHealthCheckNodePort(30000);
        tracker.serviceUpdated(service);
        tracker.sliceUpdated(Objects.withEndpoints(
                slice("ns2", "svc2", "svc2-abc", "p80", 80).build(),
                onNode(endpoint("10.180.0.2", true, true, false), "node2")));

        assertThat(rules.build(tracker.snapshot(), Set.of(), true).text()).contains("""
                        -A KUBE-EXTERNAL-SERVICES -m comment --comment "ns2/svc2:p80 has no local endpoints" -m addrtype --dst-type LOCAL -m tcp -p tcp --dport 3001 -j DROP
                        -A KUBE-NODEPORTS -m comment --comment "ns2/svc2:p80 health check node port" -m tcp -p tcp --dport 30000 -j ACCEPT
                        """);
    }

    @Test
    void aHealthCheckNodePortNeedsALoadBalancerWithTheLocalPolicy() {
        Service service = loadBalancer("ns2", "svc2", "172.30.0.42", 3001, "1.2.3.4");
        service.getSpec().setHealthCheckNodePort(30000);
        tracker.serviceUpdated(service);

        assertThat(rules.build(tracker.snapshot(), Set.of(), true).text()).doesNotContain("health check node port");
    }

    @Test
    void withoutLocalhostNodePortsLoopbackIsLeftOutOfTheNodePortsJumpAndNoLocalnetRuleIsWritten() {
        IptablesRules noLocalhost = new IptablesRules(Ipv4Cidr.parse("10.0.0.0/8"), false, "node1", null, false);

        String text = noLocalhost.build(tracker.snapshot(), Set.of(), true).text();

        assertThat(text)
                .doesNotContain("KUBE-FIREWALL")
                .contains(
                        "-A KUBE-SERVICES -m comment --comment \"kubernetes service nodeports; NOTE: this must be the"
                                + " last rule in this chain\" -m addrtype --dst-type LOCAL ! -d 127.0.0.0/8 -j KUBE-NODEPORTS\n");
    }

    private static Service loadBalancer(String namespace, String name, String clusterIp, int nodePort, String ip) {
        Service service =
                Objects.nodePort(service(namespace, name, clusterIp, "p80", 80).build(), nodePort);
        service.getSpec().setType("LoadBalancer");
        service.setStatus(new io.fabric8.kubernetes.api.model.ServiceStatusBuilder()
                .withNewLoadBalancer()
                .withIngress(new LoadBalancerIngressBuilder().withIp(ip).build())
                .endLoadBalancer()
                .build());
        return service;
    }

    @Test
    void clientIpAffinityChecksTheRecentListBeforeBalancing() {
        Service service = service("ns1", "svc1", "172.30.0.41", "p80", 80).build();
        service.getSpec().setSessionAffinity("ClientIP");
        service.getSpec()
                .setSessionAffinityConfig(new SessionAffinityConfigBuilder()
                        .withClientIP(new ClientIPConfigBuilder()
                                .withTimeoutSeconds(300)
                                .build())
                        .build());
        tracker.serviceUpdated(service);
        tracker.sliceUpdated(
                slice("ns1", "svc1", "svc1-abc", "p80", 80, "10.180.0.1").build());

        String text = rules.build(tracker.snapshot(), Set.of(), true).text();

        assertThat(text)
                .contains(
                        "-A KUBE-SVC-XPGD46QRK7WJZT7O -m comment --comment \"ns1/svc1:p80 -> 10.180.0.1:80\" -m recent"
                                + " --name KUBE-SEP-SXIVWICOYRO3J4NJ --rcheck --seconds 300 --reap -j KUBE-SEP-SXIVWICOYRO3J4NJ\n"
                                + "-A KUBE-SVC-XPGD46QRK7WJZT7O -m comment --comment \"ns1/svc1:p80 -> 10.180.0.1:80\" -j"
                                + " KUBE-SEP-SXIVWICOYRO3J4NJ\n")
                .contains("-A KUBE-SEP-SXIVWICOYRO3J4NJ -m comment --comment ns1/svc1:p80 -m recent --name"
                        + " KUBE-SEP-SXIVWICOYRO3J4NJ --set -m tcp -p tcp -j DNAT --to-destination 10.180.0.1:80\n");
    }

    @Test
    void threeEndpointsGetOneThirdThenOneHalfThenTheRest() {
        tracker.serviceUpdated(service("ns1", "svc1", "172.30.0.41", "p80", 80).build());
        tracker.sliceUpdated(slice("ns1", "svc1", "svc1-abc", "p80", 80, "10.180.0.1", "10.180.0.2", "10.180.0.3")
                .build());

        String text = rules.build(tracker.snapshot(), Set.of(), true).text();

        assertThat(text)
                .contains("--probability 0.3333333333 -j")
                .contains("--probability 0.5000000000 -j")
                .contains("--comment \"ns1/svc1:p80 -> 10.180.0.3:80\" -j KUBE-SEP-");
    }

    @Test
    void terminatingServingEndpointsTakeTrafficOnlyWhenNoneIsReady() {
        tracker.serviceUpdated(service("ns1", "svc1", "172.30.0.41", "p80", 80).build());
        tracker.sliceUpdated(Objects.withEndpoints(
                slice("ns1", "svc1", "svc1-abc", "p80", 80).build(),
                endpoint("10.180.0.1", false, true, true),
                endpoint("10.180.0.2", false, false, true),
                endpoint("10.180.0.3", false, false, false)));

        String text = rules.build(tracker.snapshot(), Set.of(), true).text();
        assertThat(text)
                .contains("--to-destination 10.180.0.1:80")
                .doesNotContain("10.180.0.2")
                .doesNotContain("10.180.0.3");

        tracker.sliceUpdated(Objects.withEndpoints(
                slice("ns1", "svc1", "svc1-abc", "p80", 80).build(),
                endpoint("10.180.0.1", false, true, true),
                endpoint("10.180.0.3", true, true, false)));
        text = rules.build(tracker.snapshot(), Set.of(), true).text();
        assertThat(text).contains("--to-destination 10.180.0.3:80").doesNotContain("10.180.0.1:80");
    }

    @Test
    void aPartialSyncRewritesOnlyTheChainsOfChangedServices() {
        tracker.serviceUpdated(service("ns1", "svc1", "172.30.0.41", "p80", 80).build());
        tracker.sliceUpdated(
                slice("ns1", "svc1", "svc1-abc", "p80", 80, "10.180.0.1").build());
        tracker.serviceUpdated(service("ns4", "svc4", "172.30.0.44", "p80", 80).build());
        tracker.sliceUpdated(
                slice("ns4", "svc4", "svc4-abc", "p80", 80, "10.180.0.4").build());
        IptablesRules.Restore first = rules.build(tracker.snapshot(), Set.of(), true);
        assertThat(first.serviceChainsWritten()).isEqualTo(2);

        tracker.sliceUpdated(slice("ns4", "svc4", "svc4-abc", "p80", 80, "10.180.0.4", "10.180.0.5")
                .build());
        IptablesRules.Restore partial = rules.build(tracker.snapshot(), first.activeNatChains(), false);

        assertThat(partial.serviceChainsWritten()).isEqualTo(1);
        assertThat(partial.text())
                // every service keeps its entry in the top-level chain
                .contains("-d 172.30.0.41 --dport 80 -j KUBE-SVC-XPGD46QRK7WJZT7O")
                .contains("-d 172.30.0.44 --dport 80 -j KUBE-SVC-4SW47YFZTEDKD3PK")
                // the unchanged service's chains are neither flushed nor rewritten
                .doesNotContain(":KUBE-SVC-XPGD46QRK7WJZT7O")
                .doesNotContain(":KUBE-SEP-SXIVWICOYRO3J4NJ")
                .doesNotContain("-A KUBE-SVC-XPGD46QRK7WJZT7O")
                // the changed service's are written whole
                .contains(":KUBE-SVC-4SW47YFZTEDKD3PK - [0:0]")
                .contains(":KUBE-SEP-C6EBXVWJJZMIWKLZ - [0:0]")
                .contains("-A KUBE-SEP-C6EBXVWJJZMIWKLZ -m comment --comment ns4/svc4:p80 -m tcp -p tcp -j DNAT"
                        + " --to-destination 10.180.0.5:80")
                .doesNotContain("-X ");
        assertThat(partial.activeNatChains()).contains("KUBE-SVC-XPGD46QRK7WJZT7O", "KUBE-SEP-SXIVWICOYRO3J4NJ");
    }

    @Test
    void staleServiceChainsAreFlushedAndDeletedButOthersAreLeftAlone() {
        tracker.serviceUpdated(service("ns1", "svc1", "172.30.0.41", "p80", 80).build());
        tracker.sliceUpdated(
                slice("ns1", "svc1", "svc1-abc", "p80", 80, "10.180.0.1").build());
        Set<String> existing = Set.of(
                "KUBE-SERVICES",
                "KUBE-MARK-MASQ",
                "DOCKER",
                "KUBE-SVC-XPGD46QRK7WJZT7O",
                "KUBE-SEP-SXIVWICOYRO3J4NJ",
                "KUBE-SVC-4SW47YFZTEDKD3PK",
                "KUBE-SEP-UKSFD7AGPMPPLUHC");

        IptablesRules.Restore restore = rules.build(tracker.snapshot(), existing, false);

        assertThat(restore.staleChainsDeleted()).isEqualTo(2);
        assertThat(restore.text())
                .contains(":KUBE-SEP-UKSFD7AGPMPPLUHC - [0:0]\n:KUBE-SVC-4SW47YFZTEDKD3PK - [0:0]\n")
                .contains("-X KUBE-SEP-UKSFD7AGPMPPLUHC\n-X KUBE-SVC-4SW47YFZTEDKD3PK\n")
                .doesNotContain("-X KUBE-SVC-XPGD46QRK7WJZT7O")
                .doesNotContain("DOCKER");
    }

    @Test
    void aServiceLosingItsEndpointsHasItsChainsDeletedAndTurnsToReject() {
        tracker.serviceUpdated(service("ns1", "svc1", "172.30.0.41", "p80", 80).build());
        tracker.sliceUpdated(
                slice("ns1", "svc1", "svc1-abc", "p80", 80, "10.180.0.1").build());
        IptablesRules.Restore first = rules.build(tracker.snapshot(), Set.of(), true);

        tracker.sliceUpdated(slice("ns1", "svc1", "svc1-abc", "p80", 80).build());
        IptablesRules.Restore second = rules.build(tracker.snapshot(), first.activeNatChains(), false);

        assertThat(second.text())
                .contains("-A KUBE-SERVICES -m comment --comment \"ns1/svc1:p80 has no endpoints\"")
                .contains("-X KUBE-SVC-XPGD46QRK7WJZT7O")
                .contains("-X KUBE-SEP-SXIVWICOYRO3J4NJ");
    }

    @Test
    void externalLocalPolicyWithoutLocalEndpointsDropsExternalTrafficButKeepsPodAndNodeShortcuts() {
        tracker.serviceUpdated(localPolicyService());
        tracker.sliceUpdated(Objects.withEndpoints(
                slice("ns2", "svc2", "svc2-abc", "p80", 80).build(),
                onNode(endpoint("10.180.0.2", true, true, false), "node2")));

        String text = rules.build(tracker.snapshot(), Set.of(), true).text();

        assertThat(text)
                .contains("""
                        -A KUBE-EXTERNAL-SERVICES -m comment --comment "ns2/svc2:p80 has no local endpoints" -m tcp -p tcp -d 192.168.99.22 --dport 80 -j DROP
                        -A KUBE-EXTERNAL-SERVICES -m comment --comment "ns2/svc2:p80 has no local endpoints" -m tcp -p tcp -d 1.2.3.4 --dport 80 -j DROP
                        -A KUBE-EXTERNAL-SERVICES -m comment --comment "ns2/svc2:p80 has no local endpoints" -m addrtype --dst-type LOCAL -m tcp -p tcp --dport 3001 -j DROP
                        """)
                .contains("""
                        -A KUBE-SERVICES -m comment --comment "ns2/svc2:p80 cluster IP" -m tcp -p tcp -d 172.30.0.42 --dport 80 -j KUBE-SVC-GNZBNJ2PO5MGZ6GT
                        -A KUBE-SERVICES -m comment --comment "ns2/svc2:p80 external IP" -m tcp -p tcp -d 192.168.99.22 --dport 80 -j KUBE-EXT-GNZBNJ2PO5MGZ6GT
                        -A KUBE-SERVICES -m comment --comment "ns2/svc2:p80 loadbalancer IP" -m tcp -p tcp -d 1.2.3.4 --dport 80 -j KUBE-EXT-GNZBNJ2PO5MGZ6GT
                        -A KUBE-NODEPORTS -m comment --comment ns2/svc2:p80 -m tcp -p tcp --dport 3001 -j KUBE-EXT-GNZBNJ2PO5MGZ6GT
                        """)
                .contains("""
                        -A KUBE-EXT-GNZBNJ2PO5MGZ6GT -m comment --comment "pod traffic for ns2/svc2:p80 external destinations" -s 10.0.0.0/8 -j KUBE-SVC-GNZBNJ2PO5MGZ6GT
                        -A KUBE-EXT-GNZBNJ2PO5MGZ6GT -m comment --comment "masquerade LOCAL traffic for ns2/svc2:p80 external destinations" -m addrtype --src-type LOCAL -j KUBE-MARK-MASQ
                        -A KUBE-EXT-GNZBNJ2PO5MGZ6GT -m comment --comment "route LOCAL traffic for ns2/svc2:p80 external destinations" -m addrtype --src-type LOCAL -j KUBE-SVC-GNZBNJ2PO5MGZ6GT
                        """)
                .contains("-A KUBE-SEP-RS4RBKLTHTF2IUXJ -m comment --comment ns2/svc2:p80 -m tcp -p tcp -j DNAT"
                        + " --to-destination 10.180.0.2:80")
                .doesNotContain("KUBE-SVL-")
                .doesNotContain("-A KUBE-EXT-GNZBNJ2PO5MGZ6GT -j");
    }

    @Test
    void externalLocalPolicyWithALocalEndpointSendsExternalTrafficToTheLocalChain() {
        tracker.serviceUpdated(localPolicyService());
        tracker.sliceUpdated(Objects.withEndpoints(
                slice("ns2", "svc2", "svc2-abc", "p80", 80).build(),
                onNode(endpoint("10.180.0.2", true, true, false), "node1"),
                onNode(endpoint("10.180.0.3", true, true, false), "node2")));

        IptablesRules.Restore restore = rules.build(tracker.snapshot(), Set.of(), true);

        assertThat(restore.text())
                .doesNotContain("has no local endpoints")
                .contains("-A KUBE-EXT-GNZBNJ2PO5MGZ6GT -j KUBE-SVL-GNZBNJ2PO5MGZ6GT\n")
                .contains(":KUBE-SVL-GNZBNJ2PO5MGZ6GT - [0:0]")
                .contains(
                        "-A KUBE-SVL-GNZBNJ2PO5MGZ6GT -m comment --comment \"ns2/svc2:p80 -> 10.180.0.2:80\" -j KUBE-SEP-")
                .doesNotContain("-A KUBE-SVL-GNZBNJ2PO5MGZ6GT -m comment --comment \"ns2/svc2:p80 -> 10.180.0.3:80\"")
                .contains("--probability 0.5000000000 -j KUBE-SEP-");
        assertThat(restore.activeNatChains()).contains("KUBE-SVL-GNZBNJ2PO5MGZ6GT", "KUBE-EXT-GNZBNJ2PO5MGZ6GT");
    }

    @Test
    void internalLocalPolicyWithoutLocalEndpointsDropsClusterIpTraffic() {
        Service service = service("ns1", "svc1", "172.30.0.41", "p80", 80).build();
        service.getSpec().setInternalTrafficPolicy("Local");
        tracker.serviceUpdated(service);
        tracker.sliceUpdated(Objects.withEndpoints(
                slice("ns1", "svc1", "svc1-abc", "p80", 80).build(),
                onNode(endpoint("10.180.0.1", true, true, false), "node2")));

        String text = rules.build(tracker.snapshot(), Set.of(), true).text();

        assertThat(text)
                .contains("-A KUBE-SERVICES -m comment --comment \"ns1/svc1:p80 has no local endpoints\" -m tcp -p tcp"
                        + " -d 172.30.0.41 --dport 80 -j DROP")
                .doesNotContain("KUBE-SVC-")
                .doesNotContain("KUBE-SEP-");
    }

    private static Service localPolicyService() {
        Service service = Objects.nodePort(
                service("ns2", "svc2", "172.30.0.42", "p80", 80).build(), 3001);
        service.getSpec().setType("LoadBalancer");
        service.getSpec().setExternalTrafficPolicy("Local");
        service.getSpec().setExternalIPs(java.util.List.of("192.168.99.22"));
        service.setStatus(new io.fabric8.kubernetes.api.model.ServiceStatusBuilder()
                .withNewLoadBalancer()
                .withIngress(new LoadBalancerIngressBuilder().withIp("1.2.3.4").build())
                .endLoadBalancer()
                .build());
        return service;
    }

    private static io.fabric8.kubernetes.api.model.discovery.v1.Endpoint onNode(
            io.fabric8.kubernetes.api.model.discovery.v1.Endpoint endpoint, String node) {
        endpoint.setNodeName(node);
        return endpoint;
    }

    @Test
    void masqueradeAllMarksEveryClusterIpPacket() {
        IptablesRules all = new IptablesRules(null, true, "node1", null, true);
        tracker.serviceUpdated(service("ns1", "svc1", "172.30.0.41", "p80", 80).build());
        tracker.sliceUpdated(
                slice("ns1", "svc1", "svc1-abc", "p80", 80, "10.180.0.1").build());

        assertThat(all.build(tracker.snapshot(), Set.of(), true).text())
                .contains("-A KUBE-SVC-XPGD46QRK7WJZT7O -m comment --comment \"ns1/svc1:p80 cluster IP\" -m tcp -p tcp"
                        + " -d 172.30.0.41 --dport 80 -j KUBE-MARK-MASQ\n");
    }

    @Test
    void headlessAndExternalNameServicesGetNoRules() {
        tracker.serviceUpdated(service("ns1", "headless", "None", "p80", 80).build());
        Service external = service("ns1", "ext", "", "p80", 80).build();
        external.getSpec().setType("ExternalName");
        external.getSpec().setExternalName("example.com");
        tracker.serviceUpdated(external);

        assertThat(rules.build(tracker.snapshot(), Set.of(), true).text())
                .isEqualTo(FILTER_HEADER + "COMMIT\n" + NAT_TOP + MASQUERADE + NODE_PORTS_JUMP + "COMMIT\n");
    }
}
