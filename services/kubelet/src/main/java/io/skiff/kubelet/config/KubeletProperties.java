package io.skiff.kubelet.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The kubelet's settings ({@code skiff.kubelet.*}), named after the kubelet's flags and
 * KubeletConfiguration fields.
 *
 * @param nodeName the Node this kubelet registers and whose pods it runs (--hostname-override);
 *     default the host name, lower-cased, as Kubernetes derives it
 * @param rootDir where the kubelet keeps its state: the runtime's sandboxes and, by default, the pod
 *     logs (--root-dir); default {@code /var/lib/skiff/kubelet}
 * @param podLogsDir where container logs go, one directory per pod ({@code <namespace>_<name>_<uid>})
 *     as /var/log/pods is laid out; default {@code <root-dir>/pod-logs}
 * @param runtime the container runtime: {@code process} (each container a plain host process),
 *     {@code runc} (OCI containers) or {@code hollow} (simulated nodes whose pods run nothing, see
 *     {@code skiff.kubelet.hollow.*})
 * @param nodeLabels labels the Node is registered with, besides the well-known ones the kubelet
 *     sets itself (--node-labels)
 * @param nodeTaints taints the Node is registered with, as {@code key[=value]:Effect}
 *     (--register-with-taints)
 * @param systemReserved CPU and memory kept back for the system: allocatable is capacity minus
 *     these (--system-reserved)
 * @param maxPods the Node's pod capacity (--max-pods)
 * @param nodeStatusUpdateFrequency how often the kubelet computes its NodeStatus and posts it if it
 *     changed (--node-status-update-frequency)
 * @param nodeStatusReportFrequency how often the NodeStatus is posted even when nothing changed
 *     (nodeStatusReportFrequency)
 * @param nodeLeaseDuration the leaseDurationSeconds of the node's Lease in kube-node-lease; the
 *     Lease is renewed every quarter of it (nodeLeaseDurationSeconds)
 * @param syncFrequency how often every pod is synced even when nothing was seen to change
 *     (--sync-frequency; Kubernetes' default is 1 m)
 * @param address the node's InternalIP (--node-ip); default the address the host name resolves to
 *     if it is not a loopback one, else the first site-local IPv4 address of an interface that is
 *     up, else 127.0.0.1
 */
@ConfigurationProperties("skiff.kubelet")
public record KubeletProperties(
        String nodeName,
        @DefaultValue("/var/lib/skiff/kubelet") Path rootDir,
        Path podLogsDir,
        @DefaultValue("process") RuntimeKind runtime,
        Map<String, String> nodeLabels,
        List<String> nodeTaints,
        @DefaultValue SystemReserved systemReserved,
        @DefaultValue("110") int maxPods,
        @DefaultValue("10s") Duration nodeStatusUpdateFrequency,
        @DefaultValue("5m") Duration nodeStatusReportFrequency,
        @DefaultValue("40s") Duration nodeLeaseDuration,
        @DefaultValue("10s") Duration syncFrequency,
        String address) {

    public KubeletProperties {
        nodeName = nodeName == null || nodeName.isBlank() ? HostIdentity.hostname() : nodeName.trim();
        rootDir = rootDir == null ? Path.of("/var/lib/skiff/kubelet") : rootDir.toAbsolutePath();
        podLogsDir = podLogsDir == null ? rootDir.resolve("pod-logs") : podLogsDir.toAbsolutePath();
        runtime = runtime == null ? RuntimeKind.PROCESS : runtime;
        nodeLabels = nodeLabels == null ? Map.of() : Map.copyOf(nodeLabels);
        nodeTaints = nodeTaints == null ? List.of() : List.copyOf(nodeTaints);
        systemReserved = systemReserved == null ? new SystemReserved("0", "0") : systemReserved;
        nodeStatusUpdateFrequency = orDefault(nodeStatusUpdateFrequency, Duration.ofSeconds(10));
        nodeStatusReportFrequency = orDefault(nodeStatusReportFrequency, Duration.ofMinutes(5));
        nodeLeaseDuration = orDefault(nodeLeaseDuration, Duration.ofSeconds(40));
        syncFrequency = orDefault(syncFrequency, Duration.ofSeconds(10));
        address = address == null || address.isBlank() ? HostIdentity.address() : address.trim();
        if (maxPods < 1) {
            throw new IllegalArgumentException("skiff.kubelet.max-pods must be at least 1, got " + maxPods);
        }
        if (nodeLeaseDuration.toSeconds() < 1) {
            throw new IllegalArgumentException(
                    "skiff.kubelet.node-lease-duration must be at least 1s, got " + nodeLeaseDuration);
        }
        for (String taint : nodeTaints) {
            NodeTaints.parse(taint);
        }
    }

    /** The node's InternalIP in a list, as hostIPs and host-network podIPs carry it. */
    public List<String> hostIps() {
        return List.of(address);
    }

    private static Duration orDefault(Duration value, Duration fallback) {
        return value == null ? fallback : value;
    }

    /** The container runtimes a kubelet can drive. */
    public enum RuntimeKind {
        PROCESS,
        RUNC,
        HOLLOW
    }

    /**
     * Resources kept back for the operating system and its daemons.
     *
     * @param cpu a quantity such as {@code 100m}
     * @param memory a quantity such as {@code 256Mi}
     */
    public record SystemReserved(
            @DefaultValue("0") String cpu,
            @DefaultValue("0") String memory) {

        public SystemReserved {
            cpu = cpu == null || cpu.isBlank() ? "0" : cpu.trim();
            memory = memory == null || memory.isBlank() ? "0" : memory.trim();
        }
    }
}
