package io.skiff.kubelet.runtime.runc;

import io.skiff.kubelet.cri.PodSandboxConfig;
import java.util.List;

/**
 * The files a sandbox gives its containers: /etc/hostname, /etc/hosts and /etc/resolv.conf. A
 * pod-network sandbox gets the kubelet's managed hosts file with the pod's address; a
 * host-network one gets the node's files.
 */
final class SandboxFiles {

    private SandboxFiles() {}

    static String hostname(String hostname) {
        return hostname + "\n";
    }

    /** The pod's resolv.conf as containerd writes it from the DNS config; the node's when there is none. */
    static String resolvConf(PodSandboxConfig.DnsConfig dns, String nodeResolvConf) {
        if (dns == null
                || (dns.servers().isEmpty()
                        && dns.searches().isEmpty()
                        && dns.options().isEmpty())) {
            return nodeResolvConf;
        }
        StringBuilder content = new StringBuilder();
        if (!dns.searches().isEmpty()) {
            content.append("search ").append(String.join(" ", dns.searches())).append('\n');
        }
        for (String server : dns.servers()) {
            content.append("nameserver ").append(server).append('\n');
        }
        if (!dns.options().isEmpty()) {
            content.append("options ").append(String.join(" ", dns.options())).append('\n');
        }
        return content.toString();
    }

    /** The kubelet's managed /etc/hosts for a pod on the pod network. */
    static String managedHosts(String hostname, List<String> podIps) {
        StringBuilder content = new StringBuilder("# Kubernetes-managed hosts file.\n")
                .append("127.0.0.1\tlocalhost\n")
                .append("::1\tlocalhost ip6-localhost ip6-loopback\n")
                .append("fe00::0\tip6-localnet\n")
                .append("fe00::0\tip6-mcastprefix\n")
                .append("fe00::1\tip6-allnodes\n")
                .append("fe00::2\tip6-allrouters\n");
        for (String ip : podIps) {
            content.append(ip).append('\t').append(hostname).append('\n');
        }
        return content.toString();
    }
}
