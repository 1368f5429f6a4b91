package io.skiff.proxy.iptables;

import io.skiff.model.net.Ipv4Cidr;
import io.skiff.proxy.servicemap.Endpoint;
import io.skiff.proxy.servicemap.Endpoints;
import io.skiff.proxy.servicemap.ProxySnapshot;
import io.skiff.proxy.servicemap.ServicePortInfo;
import io.skiff.proxy.servicemap.ServicePortName;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Writes the iptables-restore input of one sync, the filter and nat tables as kube-proxy's
 * iptables proxier writes them (for Services with the Cluster traffic policies):
 *
 * <ul>
 *   <li>nat KUBE-SERVICES matches each cluster IP, external IP and load-balancer IP and port and
 *       jumps to the service port's KUBE-SVC chain (external addresses through its KUBE-EXT
 *       chain); its last rule sends traffic to local addresses on to KUBE-NODEPORTS.
 *   <li>KUBE-SVC marks traffic from outside the cluster CIDR for masquerading, then picks an
 *       endpoint: with ClientIP affinity the endpoint it picked before ({@code -m recent}), else at
 *       random with probabilities 1/n, 1/(n-1), …, 1, one KUBE-SEP chain per endpoint.
 *   <li>KUBE-SEP marks hairpin traffic (an endpoint reaching itself) and DNATs to the endpoint.
 *   <li>KUBE-EXT masquerades, then jumps to KUBE-SVC.
 *   <li>KUBE-MARK-MASQ sets the 0x4000 mark, KUBE-POSTROUTING masquerades marked packets.
 *   <li>filter KUBE-SERVICES / KUBE-EXTERNAL-SERVICES REJECT traffic to service ports without
 *       endpoints, so clients fail at once rather than time out; KUBE-FORWARD accepts marked and
 *       established service traffic on hosts whose FORWARD policy drops.
 * </ul>
 *
 * <p>The top-level chains are written whole on every sync. Per-service chains are written on a
 * full sync, and on a partial sync only for Services that changed: with {@code --noflush} the
 * chains left out keep their rules. Per-service chains that exist in the table but that no Service
 * needs any more are flushed and deleted.
 */
public final class IptablesRules {

    /** The bit kube-proxy marks packets to masquerade with (--iptables-masquerade-bit 14). */
    static final String MASQUERADE_MARK = "0x4000";

    private static final String NODE_PORTS_LAST_RULE =
            "kubernetes service nodeports; NOTE: this must be the last rule in this chain";

    private final Ipv4Cidr clusterCidr;
    private final boolean masqueradeAll;

    /**
     * @param clusterCidr the pod range: cluster-IP traffic from outside it is masqueraded; null to
     *     masquerade only hairpin and external traffic
     * @param masqueradeAll masquerade all cluster-IP traffic
     */
    public IptablesRules(Ipv4Cidr clusterCidr, boolean masqueradeAll) {
        this.clusterCidr = clusterCidr;
        this.masqueradeAll = masqueradeAll;
    }

    /**
     * The restore input for {@code snapshot}.
     *
     * @param existingNatChains the chains the nat table holds now (from iptables-save), to find the
     *     stale per-service chains
     * @param fullSync write every per-service chain, not only the changed Services' ones
     */
    public Restore build(ProxySnapshot snapshot, Set<String> existingNatChains, boolean fullSync) {
        RuleBuffer filterChains = new RuleBuffer();
        RuleBuffer filterRules = new RuleBuffer();
        RuleBuffer natChains = new RuleBuffer();
        RuleBuffer natRules = new RuleBuffer();
        Set<String> activeNatChains = new HashSet<>();

        for (String chain : List.of(
                ChainNames.SERVICES,
                ChainNames.EXTERNAL_SERVICES,
                ChainNames.FORWARD,
                ChainNames.NODE_PORTS,
                ChainNames.PROXY_FIREWALL)) {
            filterChains.chain(chain);
        }
        for (String chain :
                List.of(ChainNames.SERVICES, ChainNames.NODE_PORTS, ChainNames.POSTROUTING, ChainNames.MARK_MASQ)) {
            natChains.chain(chain);
        }
        writeMasqueradeRules(natRules);
        writeForwardRules(filterRules);

        int chainsWritten = 0;
        for (ServicePortInfo service : snapshot.services().values()) {
            ServicePortName name = service.name();
            String protocol = name.protocol().toLowerCase(Locale.ROOT);
            String port = Integer.toString(service.port());
            List<Endpoint> endpoints = Endpoints.usable(snapshot.endpointsOf(name));
            boolean hasEndpoints = !endpoints.isEmpty();
            String serviceChain = ChainNames.service(name);
            String externalChain = ChainNames.external(name);
            boolean usesExternalChain = hasEndpoints && service.externallyAccessible();

            if (hasEndpoints) {
                natRules.line(
                        "-A",
                        ChainNames.SERVICES,
                        "-m",
                        "comment",
                        "--comment",
                        name + " cluster IP",
                        "-m",
                        protocol,
                        "-p",
                        protocol,
                        "-d",
                        service.clusterIp(),
                        "--dport",
                        port,
                        "-j",
                        serviceChain);
            } else {
                filterRules.line(
                        "-A",
                        ChainNames.SERVICES,
                        "-m",
                        "comment",
                        "--comment",
                        name + " has no endpoints",
                        "-m",
                        protocol,
                        "-p",
                        protocol,
                        "-d",
                        service.clusterIp(),
                        "--dport",
                        port,
                        "-j",
                        "REJECT");
            }
            for (String externalIp : service.externalIps()) {
                writeExternalAddress(
                        name, protocol, port, externalIp, "external IP", hasEndpoints, natRules, filterRules);
            }
            for (String loadBalancerIp : service.loadBalancerIps()) {
                writeExternalAddress(
                        name, protocol, port, loadBalancerIp, "loadbalancer IP", hasEndpoints, natRules, filterRules);
            }
            if (service.nodePort() != 0) {
                String nodePort = Integer.toString(service.nodePort());
                if (hasEndpoints) {
                    natRules.line(
                            "-A",
                            ChainNames.NODE_PORTS,
                            "-m",
                            "comment",
                            "--comment",
                            name.toString(),
                            "-m",
                            protocol,
                            "-p",
                            protocol,
                            "--dport",
                            nodePort,
                            "-j",
                            externalChain);
                } else {
                    filterRules.line(
                            "-A",
                            ChainNames.EXTERNAL_SERVICES,
                            "-m",
                            "comment",
                            "--comment",
                            name + " has no endpoints",
                            "-m",
                            "addrtype",
                            "--dst-type",
                            "LOCAL",
                            "-m",
                            protocol,
                            "-p",
                            protocol,
                            "--dport",
                            nodePort,
                            "-j",
                            "REJECT");
                }
            }
            if (!hasEndpoints) {
                continue;
            }

            List<String> endpointChains = new ArrayList<>();
            for (Endpoint endpoint : endpoints) {
                endpointChains.add(ChainNames.endpoint(name, endpoint));
            }
            activeNatChains.add(serviceChain);
            activeNatChains.addAll(endpointChains);
            if (usesExternalChain) {
                activeNatChains.add(externalChain);
            }
            if (!fullSync && !snapshot.changed(name)) {
                continue;
            }
            chainsWritten++;

            if (usesExternalChain) {
                natChains.chain(externalChain);
                natRules.line(
                        "-A",
                        externalChain,
                        "-m",
                        "comment",
                        "--comment",
                        "masquerade traffic for " + name + " external destinations",
                        "-j",
                        ChainNames.MARK_MASQ);
                natRules.line("-A", externalChain, "-j", serviceChain);
            }

            natChains.chain(serviceChain);
            List<String> masquerade = new ArrayList<>(List.of(
                    "-A",
                    serviceChain,
                    "-m",
                    "comment",
                    "--comment",
                    name + " cluster IP",
                    "-m",
                    protocol,
                    "-p",
                    protocol,
                    "-d",
                    service.clusterIp(),
                    "--dport",
                    port));
            if (masqueradeAll) {
                masquerade.addAll(List.of("-j", ChainNames.MARK_MASQ));
                natRules.line(masquerade.toArray(String[]::new));
            } else if (clusterCidr != null) {
                masquerade.addAll(List.of("!", "-s", clusterCidr.toString(), "-j", ChainNames.MARK_MASQ));
                natRules.line(masquerade.toArray(String[]::new));
            }
            writeBalancingRules(service, endpoints, endpointChains, natRules);

            for (int i = 0; i < endpoints.size(); i++) {
                Endpoint endpoint = endpoints.get(i);
                String endpointChain = endpointChains.get(i);
                natChains.chain(endpointChain);
                natRules.line(
                        "-A",
                        endpointChain,
                        "-m",
                        "comment",
                        "--comment",
                        name.toString(),
                        "-s",
                        endpoint.ip(),
                        "-j",
                        ChainNames.MARK_MASQ);
                List<String> dnat =
                        new ArrayList<>(List.of("-A", endpointChain, "-m", "comment", "--comment", name.toString()));
                if (service.clientIpAffinity()) {
                    dnat.addAll(List.of("-m", "recent", "--name", endpointChain, "--set"));
                }
                dnat.addAll(
                        List.of("-m", protocol, "-p", protocol, "-j", "DNAT", "--to-destination", endpoint.hostPort()));
                natRules.line(dnat.toArray(String[]::new));
            }
        }

        Set<String> staleChains = new TreeSet<>();
        for (String chain : existingNatChains) {
            if (ChainNames.isServiceChain(chain) && !activeNatChains.contains(chain)) {
                staleChains.add(chain);
            }
        }
        for (String chain : staleChains) {
            natChains.chain(chain);
            natRules.line("-X", chain);
        }

        natRules.line(
                "-A",
                ChainNames.SERVICES,
                "-m",
                "comment",
                "--comment",
                NODE_PORTS_LAST_RULE,
                "-m",
                "addrtype",
                "--dst-type",
                "LOCAL",
                "-j",
                ChainNames.NODE_PORTS);

        String text =
                "*filter\n" + filterChains + filterRules + "COMMIT\n" + "*nat\n" + natChains + natRules + "COMMIT\n";
        return new Restore(text, Set.copyOf(activeNatChains), staleChains.size(), chainsWritten);
    }

    private void writeExternalAddress(
            ServicePortName name,
            String protocol,
            String port,
            String address,
            String kind,
            boolean hasEndpoints,
            RuleBuffer natRules,
            RuleBuffer filterRules) {
        if (hasEndpoints) {
            natRules.line(
                    "-A",
                    ChainNames.SERVICES,
                    "-m",
                    "comment",
                    "--comment",
                    name + " " + kind,
                    "-m",
                    protocol,
                    "-p",
                    protocol,
                    "-d",
                    address,
                    "--dport",
                    port,
                    "-j",
                    ChainNames.external(name));
        } else {
            filterRules.line(
                    "-A",
                    ChainNames.EXTERNAL_SERVICES,
                    "-m",
                    "comment",
                    "--comment",
                    name + " has no endpoints",
                    "-m",
                    protocol,
                    "-p",
                    protocol,
                    "-d",
                    address,
                    "--dport",
                    port,
                    "-j",
                    "REJECT");
        }
    }

    private static void writeBalancingRules(
            ServicePortInfo service, List<Endpoint> endpoints, List<String> endpointChains, RuleBuffer natRules) {
        String serviceChain = ChainNames.service(service.name());
        if (service.clientIpAffinity()) {
            for (int i = 0; i < endpoints.size(); i++) {
                natRules.line(
                        "-A",
                        serviceChain,
                        "-m",
                        "comment",
                        "--comment",
                        service.name() + " -> " + endpoints.get(i).hostPort(),
                        "-m",
                        "recent",
                        "--name",
                        endpointChains.get(i),
                        "--rcheck",
                        "--seconds",
                        Integer.toString(service.stickyMaxAgeSeconds()),
                        "--reap",
                        "-j",
                        endpointChains.get(i));
            }
        }
        int n = endpoints.size();
        for (int i = 0; i < n; i++) {
            List<String> rule = new ArrayList<>(List.of(
                    "-A",
                    serviceChain,
                    "-m",
                    "comment",
                    "--comment",
                    service.name() + " -> " + endpoints.get(i).hostPort()));
            if (i < n - 1) {
                rule.addAll(List.of("-m", "statistic", "--mode", "random", "--probability", probability(n - i)));
            }
            rule.addAll(List.of("-j", endpointChains.get(i)));
            natRules.line(rule.toArray(String[]::new));
        }
    }

    /** 1/n with ten decimals, as kube-proxy's computeProbability. */
    static String probability(int n) {
        return String.format(Locale.ROOT, "%.10f", 1.0 / n);
    }

    private static void writeMasqueradeRules(RuleBuffer natRules) {
        String mark = MASQUERADE_MARK;
        natRules.line("-A", ChainNames.POSTROUTING, "-m", "mark", "!", "--mark", mark + "/" + mark, "-j", "RETURN");
        // Clear the mark: a packet re-traversing the network stack (e.g. through a tunnel) must
        // not be masqueraded twice.
        natRules.line("-A", ChainNames.POSTROUTING, "-j", "MARK", "--xor-mark", mark);
        natRules.line(
                "-A",
                ChainNames.POSTROUTING,
                "-m",
                "comment",
                "--comment",
                "kubernetes service traffic requiring SNAT",
                "-j",
                "MASQUERADE");
        natRules.line("-A", ChainNames.MARK_MASQ, "-j", "MARK", "--or-mark", mark);
    }

    private static void writeForwardRules(RuleBuffer filterRules) {
        String mark = MASQUERADE_MARK;
        filterRules.line("-A", ChainNames.FORWARD, "-m", "conntrack", "--ctstate", "INVALID", "-j", "DROP");
        filterRules.line(
                "-A",
                ChainNames.FORWARD,
                "-m",
                "comment",
                "--comment",
                "kubernetes forwarding rules",
                "-m",
                "mark",
                "--mark",
                mark + "/" + mark,
                "-j",
                "ACCEPT");
        filterRules.line(
                "-A",
                ChainNames.FORWARD,
                "-m",
                "comment",
                "--comment",
                "kubernetes forwarding conntrack rule",
                "-m",
                "conntrack",
                "--ctstate",
                "RELATED,ESTABLISHED",
                "-j",
                "ACCEPT");
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
