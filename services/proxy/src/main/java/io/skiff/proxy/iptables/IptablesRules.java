package io.skiff.proxy.iptables;

import io.skiff.model.net.Ipv4Cidr;
import io.skiff.proxy.servicemap.Endpoint;
import io.skiff.proxy.servicemap.Endpoints;
import io.skiff.proxy.servicemap.ProxySnapshot;
import io.skiff.proxy.servicemap.ServicePortInfo;
import io.skiff.proxy.servicemap.ServicePortName;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Writes the iptables-restore input of one sync, the filter and nat tables as kube-proxy's
 * iptables proxier writes them:
 *
 * <ul>
 *   <li>nat KUBE-SERVICES matches each cluster IP, external IP and load-balancer IP and port and
 *       jumps to the service port's KUBE-SVC chain (external addresses through its KUBE-EXT
 *       chain); its last rule sends traffic to local addresses on to KUBE-NODEPORTS.
 *   <li>KUBE-SVC (cluster-wide endpoints) and KUBE-SVL (this node's, for the Local traffic
 *       policies) pick an endpoint: with ClientIP affinity the one picked before ({@code -m
 *       recent}), else at random with probabilities 1/n, 1/(n-1), …, 1, one KUBE-SEP chain each;
 *       cluster-IP traffic from outside the cluster CIDR is marked for masquerading first.
 *   <li>KUBE-SEP marks hairpin traffic (an endpoint reaching itself) and DNATs to the endpoint.
 *   <li>KUBE-EXT masquerades and jumps to KUBE-SVC; under externalTrafficPolicy Local it keeps the
 *       client's address and jumps to KUBE-SVL, except for traffic from pods and from the node
 *       itself, which takes the cluster-wide path.
 *   <li>KUBE-FW filters load-balancer traffic by loadBalancerSourceRanges: allowed sources go on
 *       to KUBE-EXT; filter KUBE-PROXY-FIREWALL drops what it left un-DNATed.
 *   <li>KUBE-MARK-MASQ sets the 0x4000 mark, KUBE-POSTROUTING masquerades marked packets.
 *   <li>With localhost NodePorts (kube-proxy's default) the last KUBE-SERVICES rule matches
 *       127.0.0.1 too, and filter KUBE-FIREWALL drops non-DNATed packets to 127.0.0.0/8 from
 *       elsewhere, which route_localnet would otherwise let in.
 *   <li>filter KUBE-NODEPORTS accepts the health check node ports.
 *   <li>filter KUBE-SERVICES / KUBE-EXTERNAL-SERVICES REJECT traffic to service ports without
 *       endpoints, so clients fail at once rather than time out, and DROP traffic a Local policy
 *       has no endpoint on this node for; KUBE-FORWARD accepts marked and established service
 *       traffic on hosts whose FORWARD policy drops.
 * </ul>
 *
 * <p>The top-level chains are written whole on every sync. Per-service chains are written on a
 * full sync, and on a partial sync only for Services that changed: with {@code --noflush} the
 * chains left out keep their rules. Per-service chains that exist in the table but that no Service
 * needs any more are flushed and deleted.
 *
 * <p>It remembers the chain names of one build for the next, so builds run one at a time (the
 * proxier's sync).
 */
public final class IptablesRules {

    /** The bit kube-proxy marks packets to masquerade with (--iptables-masquerade-bit 14). */
    static final String MASQUERADE_MARK = "0x4000";

    private static final String NODE_PORTS_LAST_RULE =
            "kubernetes service nodeports; NOTE: this must be the last rule in this chain";

    private static final String LOOPBACK = "127.0.0.0/8";

    private final Ipv4Cidr clusterCidr;
    private final boolean masqueradeAll;
    private final String nodeName;
    private final String nodeIp;
    private final boolean localhostNodePorts;
    private final SyncChainNames chainNames = new SyncChainNames();

    /**
     * @param clusterCidr the pod range: cluster-IP traffic from outside it is masqueraded; null to
     *     masquerade only hairpin and external traffic
     * @param masqueradeAll masquerade all cluster-IP traffic
     * @param nodeName this node, whose endpoints the Local traffic policies use
     * @param nodeIp this node's primary address, or null: when a loadBalancerSourceRanges entry
     *     holds it, the node may reach the load-balancer IPs from those IPs themselves
     * @param localhostNodePorts accept NodePorts on 127.0.0.1 (kube-proxy's
     *     --iptables-localhost-nodeports, true by default; needs route_localnet=1), guarded by the
     *     localnet DROP rule in KUBE-FIREWALL
     */
    public IptablesRules(
            Ipv4Cidr clusterCidr, boolean masqueradeAll, String nodeName, String nodeIp, boolean localhostNodePorts) {
        this.clusterCidr = clusterCidr;
        this.masqueradeAll = masqueradeAll;
        this.nodeName = nodeName;
        this.nodeIp = nodeIp;
        this.localhostNodePorts = localhostNodePorts;
    }

    /**
     * The restore input for {@code snapshot}.
     *
     * @param existingNatChains the chains the nat table holds now (from iptables-save), to find the
     *     stale per-service chains
     * @param fullSync write every per-service chain, not only the changed Services' ones
     */
    public Restore build(ProxySnapshot snapshot, Set<String> existingNatChains, boolean fullSync) {
        chainNames.startSync();
        Tables tables = new Tables();
        for (String chain : List.of(
                ChainNames.SERVICES,
                ChainNames.EXTERNAL_SERVICES,
                ChainNames.FORWARD,
                ChainNames.NODE_PORTS,
                ChainNames.PROXY_FIREWALL)) {
            tables.filterChains.chain(chain);
        }
        for (String chain :
                List.of(ChainNames.SERVICES, ChainNames.NODE_PORTS, ChainNames.POSTROUTING, ChainNames.MARK_MASQ)) {
            tables.natChains.chain(chain);
        }
        writeMasqueradeRules(tables.natRules);
        if (localhostNodePorts) {
            // route_localnet lets 127.0.0.1 be routed at all, which would let other hosts reach
            // services listening on localhost (https://issue.k8s.io/90259); this closes that.
            tables.filterChains.chain(ChainNames.KUBELET_FIREWALL);
            tables.filterRules
                    .append(ChainNames.KUBELET_FIREWALL)
                    .comment("block incoming localnet connections")
                    .args(
                            "-d",
                            LOOPBACK,
                            "!",
                            "-s",
                            LOOPBACK,
                            "-m",
                            "conntrack",
                            "!",
                            "--ctstate",
                            "RELATED,ESTABLISHED,DNAT")
                    .jump("DROP");
        }
        writeForwardRules(tables.filterRules);

        Set<String> activeNatChains = new HashSet<>();
        int chainsWritten = 0;
        for (ServicePortInfo service : snapshot.services().values()) {
            if (writeService(service, snapshot, fullSync, tables, activeNatChains)) {
                chainsWritten++;
            }
        }

        Set<String> staleChains = new TreeSet<>();
        for (String chain : existingNatChains) {
            if (ChainNames.isServiceChain(chain) && !activeNatChains.contains(chain)) {
                staleChains.add(chain);
            }
        }
        for (String chain : staleChains) {
            tables.natChains.chain(chain);
            tables.natRules.delete(chain);
        }

        RuleBuffer.Rule nodePorts = tables.natRules
                .append(ChainNames.SERVICES)
                .comment(NODE_PORTS_LAST_RULE)
                .args("-m", "addrtype", "--dst-type", "LOCAL");
        if (!localhostNodePorts) {
            nodePorts.args("!", "-d", LOOPBACK);
        }
        nodePorts.jump(ChainNames.NODE_PORTS);

        String text = "*filter\n" + tables.filterChains + tables.filterRules + "COMMIT\n" + "*nat\n" + tables.natChains
                + tables.natRules + "COMMIT\n";
        return new Restore(text, Set.copyOf(activeNatChains), staleChains.size(), chainsWritten);
    }

    /** Writes one service port's rules; returns whether its own chains were (re)written. */
    private boolean writeService(
            ServicePortInfo service,
            ProxySnapshot snapshot,
            boolean fullSync,
            Tables tables,
            Set<String> activeNatChains) {
        ServicePortName name = service.name();
        String protocol = name.protocol().toLowerCase(Locale.ROOT);
        String[] clusterIpMatch = {
            "-m", protocol, "-p", protocol, "-d", service.clusterIp(), "--dport", Integer.toString(service.port())
        };
        List<Endpoint> all = snapshot.endpointsOf(name);
        List<Endpoint> clusterEndpoints = service.usesClusterEndpoints() ? Endpoints.usable(all) : List.of();
        List<Endpoint> localEndpoints = service.usesLocalEndpoints() ? Endpoints.usable(all, nodeName) : List.of();
        boolean hasEndpoints = !Endpoints.usable(all).isEmpty();

        SyncChainNames.PortChains chains = chainNames.of(name);
        String clusterPolicyChain = chains.service;
        String localPolicyChain = chains.local;
        String externalChain = chains.external;
        boolean usesClusterPolicyChain = !clusterEndpoints.isEmpty() && service.usesClusterEndpoints();
        boolean usesLocalPolicyChain = !localEndpoints.isEmpty() && service.usesLocalEndpoints();
        String internalChain = service.internalPolicyLocal() ? localPolicyChain : clusterPolicyChain;
        boolean hasInternalEndpoints = service.internalPolicyLocal() ? !localEndpoints.isEmpty() : hasEndpoints;
        String externalPolicyChain = service.externalPolicyLocal() ? localPolicyChain : clusterPolicyChain;
        boolean hasExternalEndpoints = service.externalPolicyLocal() ? !localEndpoints.isEmpty() : hasEndpoints;
        // Even without endpoints for external traffic, the external chain carries the rules that
        // send pod and node traffic the cluster-wide way.
        boolean usesExternalChain = hasEndpoints && service.externallyAccessible();
        String filterComment = name + (hasEndpoints ? " has no local endpoints" : " has no endpoints");
        String filterTarget = hasEndpoints ? "DROP" : "REJECT";

        if (hasInternalEndpoints) {
            tables.natRules
                    .append(ChainNames.SERVICES)
                    .comment(name + " cluster IP")
                    .args(clusterIpMatch)
                    .jump(internalChain);
        } else {
            tables.filterRules
                    .append(ChainNames.SERVICES)
                    .comment(filterComment)
                    .args(clusterIpMatch)
                    .jump(filterTarget);
        }
        String port = Integer.toString(service.port());
        for (String externalIp : service.externalIps()) {
            String[] match = {"-m", protocol, "-p", protocol, "-d", externalIp, "--dport", port};
            if (hasEndpoints) {
                tables.natRules
                        .append(ChainNames.SERVICES)
                        .comment(name + " external IP")
                        .args(match)
                        .jump(externalChain);
            }
            if (!hasExternalEndpoints) {
                tables.filterRules
                        .append(ChainNames.EXTERNAL_SERVICES)
                        .comment(filterComment)
                        .args(match)
                        .jump(filterTarget);
            }
        }
        // Load-balancer traffic goes through the firewall chain when source ranges restrict it.
        String firewallChain = chains.firewall;
        boolean usesFirewallChain = hasEndpoints
                && !service.loadBalancerIps().isEmpty()
                && !service.loadBalancerSourceRanges().isEmpty();
        String loadBalancerChain = usesFirewallChain ? firewallChain : externalChain;
        for (String loadBalancerIp : service.loadBalancerIps()) {
            String[] match = {"-m", protocol, "-p", protocol, "-d", loadBalancerIp, "--dport", port};
            if (hasEndpoints) {
                tables.natRules
                        .append(ChainNames.SERVICES)
                        .comment(name + " loadbalancer IP")
                        .args(match)
                        .jump(loadBalancerChain);
            }
            if (usesFirewallChain) {
                // Traffic the firewall chain let through was DNATed before the filter table sees
                // it; what is still addressed to the load-balancer IP was not allowed.
                tables.filterRules
                        .append(ChainNames.PROXY_FIREWALL)
                        .comment(name + " traffic not accepted by " + firewallChain)
                        .args(match)
                        .jump("DROP");
            }
        }
        if (!hasExternalEndpoints) {
            for (String loadBalancerIp : service.loadBalancerIps()) {
                tables.filterRules
                        .append(ChainNames.EXTERNAL_SERVICES)
                        .comment(filterComment)
                        .args("-m", protocol, "-p", protocol, "-d", loadBalancerIp, "--dport", port)
                        .jump(filterTarget);
            }
        }
        if (service.nodePort() != 0) {
            String[] match = {"-m", protocol, "-p", protocol, "--dport", Integer.toString(service.nodePort())};
            if (hasEndpoints) {
                tables.natRules
                        .append(ChainNames.NODE_PORTS)
                        .comment(name.toString())
                        .args(match)
                        .jump(externalChain);
            }
            if (!hasExternalEndpoints) {
                tables.filterRules
                        .append(ChainNames.EXTERNAL_SERVICES)
                        .comment(filterComment)
                        .args("-m", "addrtype", "--dst-type", "LOCAL")
                        .args(match)
                        .jump(filterTarget);
            }
        }
        if (service.healthCheckNodePort() != 0) {
            // Accepted whether or not this node has local endpoints: the answer tells.
            tables.filterRules
                    .append(ChainNames.NODE_PORTS)
                    .comment(name + " health check node port")
                    .args("-m", "tcp", "-p", "tcp", "--dport", Integer.toString(service.healthCheckNodePort()))
                    .jump("ACCEPT");
        }

        Map<String, Endpoint> reachable = new LinkedHashMap<>();
        for (Endpoint endpoint : clusterEndpoints) {
            reachable.putIfAbsent(endpoint.hostPort(), endpoint);
        }
        for (Endpoint endpoint : localEndpoints) {
            reachable.putIfAbsent(endpoint.hostPort(), endpoint);
        }
        if (usesClusterPolicyChain) {
            activeNatChains.add(clusterPolicyChain);
        }
        if (usesLocalPolicyChain) {
            activeNatChains.add(localPolicyChain);
        }
        if (usesExternalChain) {
            activeNatChains.add(externalChain);
        }
        if (usesFirewallChain) {
            activeNatChains.add(firewallChain);
        }
        reachable.values().forEach(endpoint -> activeNatChains.add(chains.endpoint(endpoint)));
        if (reachable.isEmpty() && !usesExternalChain && !usesFirewallChain) {
            return false;
        }
        if (!fullSync && !snapshot.changed(name)) {
            return false;
        }

        if (hasInternalEndpoints) {
            if (masqueradeAll) {
                tables.natRules
                        .append(internalChain)
                        .comment(name + " cluster IP")
                        .args(clusterIpMatch)
                        .jump(ChainNames.MARK_MASQ);
            } else if (clusterCidr != null) {
                // Traffic to a cluster IP from outside the pod network (a node, a route into the
                // service range) may go to another node; its answer must come back through here.
                tables.natRules
                        .append(internalChain)
                        .comment(name + " cluster IP")
                        .args(clusterIpMatch)
                        .args("!", "-s", clusterCidr.toString())
                        .jump(ChainNames.MARK_MASQ);
            }
        }
        if (usesExternalChain) {
            writeExternalChain(
                    service, externalChain, clusterPolicyChain, externalPolicyChain, hasExternalEndpoints, tables);
        }
        if (usesFirewallChain) {
            writeFirewallChain(service, firewallChain, externalChain, tables.natChains, tables.natRules);
        }
        if (usesClusterPolicyChain) {
            tables.natChains.chain(clusterPolicyChain);
            writeBalancingRules(service, chains, clusterPolicyChain, clusterEndpoints, tables.natRules);
        }
        if (usesLocalPolicyChain) {
            tables.natChains.chain(localPolicyChain);
            writeBalancingRules(service, chains, localPolicyChain, localEndpoints, tables.natRules);
        }
        for (Endpoint endpoint : reachable.values()) {
            writeEndpointChain(service, protocol, chains.endpoint(endpoint), endpoint, tables);
        }
        return true;
    }

    private void writeExternalChain(
            ServicePortInfo service,
            String externalChain,
            String clusterPolicyChain,
            String externalPolicyChain,
            boolean hasExternalEndpoints,
            Tables tables) {
        ServicePortName name = service.name();
        tables.natChains.chain(externalChain);
        if (!service.externalPolicyLocal()) {
            // The endpoint may be on another node: the answer must come back through this one.
            tables.natRules
                    .append(externalChain)
                    .comment("masquerade traffic for " + name + " external destinations")
                    .jump(ChainNames.MARK_MASQ);
        } else {
            // Pods calling an external address are treated as if they went out to a load
            // balancer and came back: neither policy applies, the cluster-wide chain serves them.
            if (clusterCidr != null) {
                tables.natRules
                        .append(externalChain)
                        .comment("pod traffic for " + name + " external destinations")
                        .args("-s", clusterCidr.toString())
                        .jump(clusterPolicyChain);
            }
            // The node's own traffic has a local address as its source, which needs masquerading.
            tables.natRules
                    .append(externalChain)
                    .comment("masquerade LOCAL traffic for " + name + " external destinations")
                    .args("-m", "addrtype", "--src-type", "LOCAL")
                    .jump(ChainNames.MARK_MASQ);
            tables.natRules
                    .append(externalChain)
                    .comment("route LOCAL traffic for " + name + " external destinations")
                    .args("-m", "addrtype", "--src-type", "LOCAL")
                    .jump(clusterPolicyChain);
        }
        if (hasExternalEndpoints) {
            tables.natRules.append(externalChain).jump(externalPolicyChain);
        }
    }

    /**
     * KUBE-FW: load-balancer traffic from an allowed source range goes on to the external chain;
     * the rest falls off the end undNATed and is dropped by KUBE-PROXY-FIREWALL in the filter
     * table. When a range holds the node's own address, traffic the node sends to a load-balancer
     * IP that is one of its local addresses (it then has that IP as its source) is allowed too.
     */
    private void writeFirewallChain(
            ServicePortInfo service,
            String firewallChain,
            String externalChain,
            RuleBuffer natChains,
            RuleBuffer natRules) {
        ServicePortName name = service.name();
        natChains.chain(firewallChain);
        boolean allowFromNode = false;
        for (String range : service.loadBalancerSourceRanges()) {
            natRules.append(firewallChain)
                    .comment(name + " loadbalancer IP")
                    .args("-s", range)
                    .jump(externalChain);
            if (nodeIp != null && Ipv4Cidr.parse(range).contains(Ipv4Cidr.parse(nodeIp + "/32"))) {
                allowFromNode = true;
            }
        }
        if (allowFromNode) {
            for (String loadBalancerIp : service.loadBalancerIps()) {
                natRules.append(firewallChain)
                        .comment(name + " loadbalancer IP")
                        .args("-s", loadBalancerIp)
                        .jump(externalChain);
            }
        }
        natRules.append(firewallChain)
                .comment("other traffic to " + name + " will be dropped by " + ChainNames.PROXY_FIREWALL)
                .end();
    }

    private static void writeBalancingRules(
            ServicePortInfo service,
            SyncChainNames.PortChains chains,
            String chain,
            List<Endpoint> endpoints,
            RuleBuffer natRules) {
        ServicePortName name = service.name();
        List<String> endpointChains = new ArrayList<>();
        for (Endpoint endpoint : endpoints) {
            endpointChains.add(chains.endpoint(endpoint));
        }
        if (service.clientIpAffinity()) {
            for (int i = 0; i < endpoints.size(); i++) {
                natRules.append(chain)
                        .comment(name + " -> " + endpoints.get(i).hostPort())
                        .args(
                                "-m",
                                "recent",
                                "--name",
                                endpointChains.get(i),
                                "--rcheck",
                                "--seconds",
                                Integer.toString(service.stickyMaxAgeSeconds()),
                                "--reap")
                        .jump(endpointChains.get(i));
            }
        }
        int n = endpoints.size();
        for (int i = 0; i < n; i++) {
            RuleBuffer.Rule rule = natRules.append(chain)
                    .comment(name + " -> " + endpoints.get(i).hostPort());
            if (i < n - 1) {
                rule.args("-m", "statistic", "--mode", "random", "--probability", probability(n - i));
            }
            rule.jump(endpointChains.get(i));
        }
    }

    private static void writeEndpointChain(
            ServicePortInfo service, String protocol, String chain, Endpoint endpoint, Tables tables) {
        ServicePortName name = service.name();
        tables.natChains.chain(chain);
        tables.natRules
                .append(chain)
                .comment(name.toString())
                .args("-s", endpoint.ip())
                .jump(ChainNames.MARK_MASQ);
        RuleBuffer.Rule dnat = tables.natRules.append(chain).comment(name.toString());
        if (service.clientIpAffinity()) {
            dnat.args("-m", "recent", "--name", chain, "--set");
        }
        dnat.args("-m", protocol, "-p", protocol).jump("DNAT", "--to-destination", endpoint.hostPort());
    }

    /** 1/n with ten decimals, as kube-proxy's computeProbability. */
    static String probability(int n) {
        return String.format(Locale.ROOT, "%.10f", 1.0 / n);
    }

    private static void writeMasqueradeRules(RuleBuffer natRules) {
        String mark = MASQUERADE_MARK;
        natRules.append(ChainNames.POSTROUTING)
                .args("-m", "mark", "!", "--mark", mark + "/" + mark)
                .jump("RETURN");
        // Clear the mark: a packet re-traversing the network stack (e.g. through a tunnel) must
        // not be masqueraded twice.
        natRules.append(ChainNames.POSTROUTING).jump("MARK", "--xor-mark", mark);
        natRules.append(ChainNames.POSTROUTING)
                .comment("kubernetes service traffic requiring SNAT")
                .jump("MASQUERADE");
        natRules.append(ChainNames.MARK_MASQ).jump("MARK", "--or-mark", mark);
    }

    private static void writeForwardRules(RuleBuffer filterRules) {
        String mark = MASQUERADE_MARK;
        filterRules
                .append(ChainNames.FORWARD)
                .args("-m", "conntrack", "--ctstate", "INVALID")
                .jump("DROP");
        filterRules
                .append(ChainNames.FORWARD)
                .comment("kubernetes forwarding rules")
                .args("-m", "mark", "--mark", mark + "/" + mark)
                .jump("ACCEPT");
        filterRules
                .append(ChainNames.FORWARD)
                .comment("kubernetes forwarding conntrack rule")
                .args("-m", "conntrack", "--ctstate", "RELATED,ESTABLISHED")
                .jump("ACCEPT");
    }

    /** The four buffers of one restore: chain declarations and rules, per table. */
    private static final class Tables {
        final RuleBuffer filterChains = new RuleBuffer();
        final RuleBuffer filterRules = new RuleBuffer();
        final RuleBuffer natChains = new RuleBuffer();
        final RuleBuffer natRules = new RuleBuffer();
    }

    /**
     * One sync's restore input.
     *
     * @param text the iptables-restore input (filter and nat tables)
     * @param activeNatChains the per-service chains the rules use
     * @param staleChainsDeleted per-service chains the input deletes
     * @param serviceChainsWritten service ports whose chains the input (re)writes
     */
    public record Restore(String text, Set<String> activeNatChains, int staleChainsDeleted, int serviceChainsWritten) {}
}
