package io.skiff.kubelet.runtime.runc;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the runc runtime ({@code skiff.kubelet.runc.*}).
 *
 * @param rootDirectory the runtime's state: runc's {@code --root} ({@code runc/}), sandboxes,
 *     container bundles and the IPAM leases ({@code cni/ipam})
 * @param runcBinary the runc executable
 * @param cniPluginDirectories where CNI plugins are found (Debian's containernetworking-plugins
 *     installs them in /usr/lib/cni)
 * @param networkName the CNI network's name
 * @param bridgeName the Linux bridge pods attach to
 * @param ipMasq masquerade pod traffic leaving the pod CIDR; off so pod addresses never reach a
 *     network outside the node unless asked for
 * @param nodeNetworkNamespace a network namespace (path) that stands for the node's network: the
 *     bridge and CNI plugins live in it and host-network pods join it; unset for the host's own
 * @param cgroupParent where container cgroups go when the pod names no cgroup parent; a relative
 *     path is under the kubelet's own cgroup
 * @param openFiles RLIMIT_NOFILE of containers; 0 (the default) to inherit the kubelet's own, as
 *     containerd's containers inherit containerd's. A value above the kubelet's hard limit needs
 *     CAP_SYS_RESOURCE, and without it every container fails to start ("error setting rlimit type
 *     7: operation not permitted"), so raise the kubelet's limit instead where more are wanted
 * @param commandTimeout how long one runc, mount or CNI call may take
 */
@ConfigurationProperties("skiff.kubelet.runc")
public record RuncProperties(
        @DefaultValue("/var/lib/skiff/kubelet/runc") Path rootDirectory,
        @DefaultValue("runc") String runcBinary,
        @DefaultValue("/usr/lib/cni") List<Path> cniPluginDirectories,
        @DefaultValue("skiff") String networkName,
        @DefaultValue("skiff0") String bridgeName,
        @DefaultValue("false") boolean ipMasq,
        Path nodeNetworkNamespace,
        @DefaultValue("skiff") String cgroupParent,
        @DefaultValue("0") long openFiles,
        @DefaultValue("30s") Duration commandTimeout) {

    public RuncProperties {
        cniPluginDirectories = List.copyOf(cniPluginDirectories);
    }
}
