package io.skiff.kubelet.cri;

import java.util.List;
import java.util.Map;

/**
 * What a sandbox is created from (CRI PodSandboxConfig).
 *
 * @param metadata the pod it belongs to
 * @param hostname the pod's hostname (its name, or spec.hostname)
 * @param logDirectory where the pod's container logs go ({@code /var/log/pods/<ns>_<name>_<uid>})
 * @param dns resolv.conf for the pod's containers; null to use the node's
 * @param portMappings hostPort mappings
 * @param hostNetwork the pod shares the node's network namespace
 * @param podCidr the node's pod subnet the sandbox's address comes from; null with hostNetwork
 * @param labels runtime labels (pod labels plus the kubelet's own)
 * @param annotations pod annotations
 * @param cgroupParent the pod's cgroup, by QoS class
 */
public record PodSandboxConfig(
        PodSandboxMetadata metadata,
        String hostname,
        String logDirectory,
        DnsConfig dns,
        List<PortMapping> portMappings,
        boolean hostNetwork,
        String podCidr,
        Map<String, String> labels,
        Map<String, String> annotations,
        String cgroupParent) {

    public PodSandboxConfig {
        portMappings = List.copyOf(portMappings);
        labels = Map.copyOf(labels);
        annotations = Map.copyOf(annotations);
    }

    /** @param attempt how many sandboxes were created for this pod before */
    public record PodSandboxMetadata(String name, String uid, String namespace, int attempt) {}

    public record DnsConfig(List<String> servers, List<String> searches, List<String> options) {
        public DnsConfig {
            servers = List.copyOf(servers);
            searches = List.copyOf(searches);
            options = List.copyOf(options);
        }
    }

    /** @param protocol TCP, UDP or SCTP */
    public record PortMapping(String protocol, int containerPort, int hostPort, String hostIp) {}
}
