package io.skiff.kubelet.volumes;

import io.fabric8.kubernetes.api.model.Pod;
import io.skiff.kubelet.cri.ContainerConfig.Mount;
import io.skiff.kubelet.envvars.HostsFile;
import io.skiff.kubelet.envvars.PodHostname;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The pod's /etc/hosts, written to {@code <root>/pods/<uid>/etc-hosts} and mounted read-write into
 * each container. A pod on the pod network gets one only once it has an IP; a host-network pod
 * gets the node's file.
 */
public final class EtcHostsFile {

    private static final int MODE = 0644;

    private final VolumeLayout layout;
    private final Path nodeHostsFile;

    /** @param nodeHostsFile the node's hosts file, {@code /etc/hosts} */
    public EtcHostsFile(VolumeLayout layout, Path nodeHostsFile) {
        this.layout = layout;
        this.nodeHostsFile = nodeHostsFile;
    }

    /**
     * Writes the file when the pod gets one and returns its mount.
     *
     * @param podIps the pod's IPs, empty before its sandbox has one
     */
    public Optional<Mount> ensure(Pod pod, List<String> podIps, PodHostname hostname) throws IOException {
        boolean hostNetwork = Boolean.TRUE.equals(pod.getSpec().getHostNetwork());
        if (podIps.isEmpty() && !hostNetwork) {
            return Optional.empty();
        }
        String content = hostNetwork
                ? HostsFile.hostNetwork(
                        Files.readString(nodeHostsFile, StandardCharsets.UTF_8),
                        pod.getSpec().getHostAliases())
                : HostsFile.managed(
                        podIps,
                        hostname.hostname(),
                        hostname.domain(),
                        pod.getSpec().getHostAliases());
        Path file = layout.etcHostsFile(pod.getMetadata().getUid());
        Files.createDirectories(file.getParent());
        Files.writeString(file, content, StandardCharsets.UTF_8);
        Files.setAttribute(file, "unix:mode", MODE);
        return Optional.of(new Mount(ContainerMounts.ETC_HOSTS, file.toString(), false, "None"));
    }
}
