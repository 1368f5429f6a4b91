package io.skiff.kubelet.envvars;

import io.fabric8.kubernetes.api.model.HostAlias;
import java.util.List;

/**
 * The /etc/hosts the kubelet gives a pod's containers. A pod on the pod network gets a managed
 * file: localhost lines, then each pod IP with the pod's hostname (and its FQDN first when the pod
 * has a subdomain). A host-network pod gets the node's file. Either ends with the pod's hostAliases.
 */
public final class HostsFile {

    static final String MANAGED_HEADER = "# Kubernetes-managed hosts file.\n";
    static final String HOST_NETWORK_HEADER = "# Kubernetes-managed hosts file (host network).\n";

    private HostsFile() {}

    /**
     * @param podIps the pod's IPs, each gets a line
     * @param hostDomain the pod's domain ({@code <subdomain>.<ns>.svc.<cluster-domain>}), or empty
     */
    public static String managed(List<String> podIps, String hostname, String hostDomain, List<HostAlias> aliases) {
        StringBuilder content = new StringBuilder(MANAGED_HEADER)
                .append("127.0.0.1\tlocalhost\n")
                .append("::1\tlocalhost ip6-localhost ip6-loopback\n")
                .append("fe00::0\tip6-localnet\n")
                .append("fe00::0\tip6-mcastprefix\n")
                .append("fe00::1\tip6-allnodes\n")
                .append("fe00::2\tip6-allrouters\n");
        boolean withDomain = hostDomain != null && !hostDomain.isEmpty();
        for (String ip : podIps) {
            content.append(ip).append('\t');
            if (withDomain) {
                content.append(hostname).append('.').append(hostDomain).append('\t');
            }
            content.append(hostname).append('\n');
        }
        return content.append(aliasEntries(aliases)).toString();
    }

    /** A host-network pod's file: the node's own {@code nodeHosts} content under the kubelet's header. */
    public static String hostNetwork(String nodeHosts, List<HostAlias> aliases) {
        return HOST_NETWORK_HEADER + nodeHosts + aliasEntries(aliases);
    }

    private static String aliasEntries(List<HostAlias> aliases) {
        if (aliases == null || aliases.isEmpty()) {
            return "";
        }
        StringBuilder entries = new StringBuilder("\n# Entries added by HostAliases.\n");
        for (HostAlias alias : aliases) {
            List<String> names = alias.getHostnames() == null ? List.of() : alias.getHostnames();
            entries.append(alias.getIp())
                    .append('\t')
                    .append(String.join("\t", names))
                    .append('\n');
        }
        return entries.toString();
    }
}
