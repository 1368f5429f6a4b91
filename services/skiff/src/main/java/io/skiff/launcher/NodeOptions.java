package io.skiff.launcher;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * What makes this machine a node, in {@code skiff server} and {@code skiff agent} alike: the
 * kubelet's runtime, name, port and settings, and the proxy's mode, port and settings, with the
 * checks both commands make of them.
 */
final class NodeOptions {

    @Option(
            names = "--runtime",
            paramLabel = "RUNTIME",
            description = "The kubelet's container runtime: runc (OCI containers; needs root, runc and the CNI"
                    + " plugins), process (each container a plain host process, no isolation) or hollow (simulated"
                    + " nodes, no processes, for scale tests). Default: runc where it can run, else process.")
    String runtime;

    @Option(
            names = "--hollow-nodes",
            paramLabel = "N",
            description = "With --runtime hollow: how many simulated nodes the kubelet hosts, named NAME-0 to"
                    + " NAME-(N-1) (default: 1).")
    Integer hollowNodes;

    @Option(
            names = "--node-name",
            paramLabel = "NAME",
            description = "The name this machine registers as a node (default: the host name, lower-cased).")
    String nodeName;

    @Option(
            names = "--kubelet-port",
            paramLabel = "PORT",
            defaultValue = "10250",
            description = "The kubelet's port (container logs, health, metrics), as Kubernetes' kubelet's; 0 picks a"
                    + " free one (default: ${DEFAULT-VALUE}).")
    int kubeletPort;

    @Option(
            names = "--kubelet-arg",
            paramLabel = "NAME=VALUE",
            description = "A kubelet setting, skiff.kubelet.NAME (see docs/kubelet.md), as k3s's --kubelet-arg;"
                    + " repeatable, e.g. --kubelet-arg max-pods=250 --kubelet-arg runc.ip-masq=true.")
    List<String> kubeletSettings = new ArrayList<>();

    @Option(
            names = "--proxy-mode",
            paramLabel = "MODE",
            defaultValue = "iptables",
            description =
                    "How the proxy programs service addresses: iptables (netfilter rules, as kube-proxy's default)"
                            + " or userspace (a proxy process listening on each service address, for hosts without"
                            + " netfilter); default: ${DEFAULT-VALUE}. See docs/proxy.md.")
    String proxyMode;

    @Option(
            names = "--proxy-port",
            paramLabel = "PORT",
            defaultValue = "10256",
            description = "The proxy's port (health, metrics), as kube-proxy's healthz port; 0 picks a free one"
                    + " (default: ${DEFAULT-VALUE}).")
    int proxyPort;

    @Option(
            names = "--proxy-arg",
            paramLabel = "NAME=VALUE",
            description = "A proxy setting, skiff.proxy.NAME (see docs/proxy.md), as k3s's --kube-proxy-arg;"
                    + " repeatable, e.g. --proxy-arg masquerade-all=true --proxy-arg min-sync-period=500ms.")
    List<String> proxySettings = new ArrayList<>();

    /**
     * The runtime asked for, or the best this machine can run (saying so when it falls back and
     * {@code announceFallback}), once the node's options are known to be usable.
     */
    NodeRuntime nodeRuntime(CommandSpec spec, boolean announceFallback) {
        NodeRuntime chosen;
        if (runtime == null) {
            NodeRuntime.Choice detected = NodeRuntime.detect();
            detected.fallbackReason()
                    .filter(reason -> announceFallback)
                    .ifPresent(reason -> System.err.printf(
                            "Pods run as plain host processes (--runtime process): runc cannot be used, %s.%n",
                            reason));
            chosen = detected.runtime();
        } else {
            chosen = NodeRuntime.named(runtime)
                    .orElseThrow(() -> new CommandLine.ParameterException(
                            spec.commandLine(),
                            "--runtime: unknown runtime '" + runtime + "' (choices: runc, process, hollow)"));
        }
        checkSettings(spec, "--kubelet-arg", kubeletSettings);
        checkSettings(spec, "--proxy-arg", proxySettings);
        if (!proxyMode.equals("iptables") && !proxyMode.equals("userspace")) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(),
                    "--proxy-mode: unknown mode '" + proxyMode + "' (choices: iptables, userspace)");
        }
        if (hollowNodes != null && chosen != NodeRuntime.HOLLOW) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--hollow-nodes needs --runtime hollow");
        }
        if (hollowNodes != null && hollowNodes < 1) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "--hollow-nodes must be at least 1, got " + hollowNodes);
        }
        return chosen;
    }

    /** Refuses a repeatable component setting that is not NAME=VALUE. */
    static void checkSettings(CommandSpec spec, String option, List<String> settings) {
        for (String setting : settings) {
            if (setting.indexOf('=') < 1) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(), option + ": expected NAME=VALUE, got '" + setting + "'");
            }
        }
    }

    /**
     * Whether the proxy can run beside a kubelet of {@code nodeRuntime}: it programs a real node's
     * network, so not for hollow nodes, whose pods have no network to reach; and only as root, which
     * netfilter and routes need (said when that is what stops it).
     */
    static boolean proxyCanRun(NodeRuntime nodeRuntime) {
        if (nodeRuntime == NodeRuntime.HOLLOW) {
            return false;
        }
        if (!NodeRuntime.runningAsRoot()) {
            System.out.println("Not running as root: no service proxy (programming service addresses takes netfilter"
                    + " and routes, which need root); pods reach services only through their endpoints.");
            return false;
        }
        return true;
    }
}
