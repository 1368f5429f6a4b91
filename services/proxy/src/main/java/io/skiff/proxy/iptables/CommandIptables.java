package io.skiff.proxy.iptables;

import io.skiff.proxy.nodenet.NodeNetwork;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@link Iptables} through the iptables, iptables-save and iptables-restore commands in the node's
 * network, with the xtables lock ({@code -w}) as kube-proxy takes it.
 */
public final class CommandIptables implements Iptables {

    /** Seconds to wait for the xtables lock another program holds. */
    private static final String LOCK_WAIT = "5";

    /**
     * kube-proxy's jumps from built-in chains: table, chain, extra match arguments, comment (none
     * when empty) and target. They are inserted at the top (-I), as kube-proxy prepends them.
     */
    private static final List<Jump> JUMPS = List.of(
            new Jump(
                    "filter",
                    "INPUT",
                    List.of("-m", "conntrack", "--ctstate", "NEW"),
                    "kubernetes externally-visible service portals",
                    ChainNames.EXTERNAL_SERVICES),
            new Jump(
                    "filter",
                    "FORWARD",
                    List.of("-m", "conntrack", "--ctstate", "NEW"),
                    "kubernetes externally-visible service portals",
                    ChainNames.EXTERNAL_SERVICES),
            new Jump("filter", "INPUT", List.of(), "kubernetes health check service ports", ChainNames.NODE_PORTS),
            new Jump(
                    "filter",
                    "FORWARD",
                    List.of("-m", "conntrack", "--ctstate", "NEW"),
                    "kubernetes service portals",
                    ChainNames.SERVICES),
            new Jump(
                    "filter",
                    "OUTPUT",
                    List.of("-m", "conntrack", "--ctstate", "NEW"),
                    "kubernetes service portals",
                    ChainNames.SERVICES),
            new Jump("filter", "FORWARD", List.of(), "kubernetes forwarding rules", ChainNames.FORWARD),
            new Jump(
                    "filter",
                    "INPUT",
                    List.of("-m", "conntrack", "--ctstate", "NEW"),
                    "kubernetes load balancer firewall",
                    ChainNames.PROXY_FIREWALL),
            new Jump(
                    "filter",
                    "OUTPUT",
                    List.of("-m", "conntrack", "--ctstate", "NEW"),
                    "kubernetes load balancer firewall",
                    ChainNames.PROXY_FIREWALL),
            new Jump(
                    "filter",
                    "FORWARD",
                    List.of("-m", "conntrack", "--ctstate", "NEW"),
                    "kubernetes load balancer firewall",
                    ChainNames.PROXY_FIREWALL),
            new Jump("nat", "OUTPUT", List.of(), "kubernetes service portals", ChainNames.SERVICES),
            new Jump("nat", "PREROUTING", List.of(), "kubernetes service portals", ChainNames.SERVICES),
            new Jump("nat", "POSTROUTING", List.of(), "kubernetes postrouting rules", ChainNames.POSTROUTING),
            // kubelet's firewall chain, which kube-proxy ensures too (without a comment).
            new Jump("filter", "INPUT", List.of(), "", ChainNames.KUBELET_FIREWALL),
            new Jump("filter", "OUTPUT", List.of(), "", ChainNames.KUBELET_FIREWALL));

    private final NodeNetwork network;

    public CommandIptables(NodeNetwork network) {
        this.network = network;
    }

    @Override
    public void ensureJumps() {
        for (Jump jump : JUMPS) {
            NodeNetwork.Result created =
                    network.tryRun(null, "iptables", "-w", LOCK_WAIT, "-t", jump.table(), "-N", jump.target());
            if (created.exitCode() != 0 && !created.output().contains("exists")) {
                throw new NodeNetwork.CommandFailedException("cannot create chain " + jump.table() + "/" + jump.target()
                        + ": " + created.output().strip());
            }
            List<String> rule = jump.rule();
            if (network.tryRun(null, command(jump.table(), "-C", jump.chain(), rule))
                            .exitCode()
                    != 0) {
                network.run(command(jump.table(), "-I", jump.chain(), rule));
            }
        }
    }

    @Override
    public Set<String> natChains() {
        String saved = network.run("iptables-save", "-t", "nat");
        Set<String> chains = new HashSet<>();
        for (String line : saved.split("\n")) {
            if (line.startsWith(":") && line.length() > 1) {
                int space = line.indexOf(' ');
                chains.add(space < 0 ? line.substring(1) : line.substring(1, space));
            }
        }
        return chains;
    }

    @Override
    public void restore(String input) {
        try {
            network.runWithInput(input, "iptables-restore", "-w", LOCK_WAIT, "--noflush", "--counters");
        } catch (NodeNetwork.CommandFailedException e) {
            throw new RestoreFailedException(e.getMessage(), e);
        }
    }

    private static String[] command(String table, String operation, String chain, List<String> rule) {
        List<String> words = new ArrayList<>(List.of("iptables", "-w", LOCK_WAIT, "-t", table, operation, chain));
        words.addAll(rule);
        return words.toArray(String[]::new);
    }

    private record Jump(String table, String chain, List<String> extraArgs, String comment, String target) {
        List<String> rule() {
            List<String> words = new ArrayList<>(extraArgs);
            if (!comment.isEmpty()) {
                words.addAll(List.of("-m", "comment", "--comment", comment));
            }
            words.addAll(List.of("-j", target));
            return words;
        }
    }
}
