package io.skiff.kubelet.volumes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.HostAlias;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.skiff.kubelet.cri.ContainerConfig.EnvVar;
import io.skiff.kubelet.cri.ContainerConfig.Mount;
import io.skiff.kubelet.envvars.CreateContainerConfigException;
import io.skiff.kubelet.envvars.PodHostname;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A container's mounts as the kubelet's makeMounts builds them, and the pod's /etc/hosts. */
class ContainerMountsTest {

    @TempDir
    Path root;

    private Path data;
    private Path config;
    private PodVolumes volumes;
    private final Pod pod = new PodBuilder()
            .withNewMetadata()
            .withName("web-0")
            .withNamespace("ns1")
            .withUid("uid-1")
            .endMetadata()
            .withNewSpec()
            .withSubdomain("web")
            .withHostAliases(new HostAlias(List.of("db"), "10.0.0.5"))
            .endSpec()
            .build();

    @BeforeEach
    void createVolumes() throws IOException {
        data = Files.createDirectories(root.resolve("data"));
        Files.setAttribute(data, "unix:mode", 0750);
        config = Files.createDirectories(root.resolve("config"));
        volumes = new PodVolumes(
                "uid-1",
                Map.of(
                        "data", new MountedVolume("data", "kubernetes.io/empty-dir", data, false, false),
                        "config", new MountedVolume("config", "kubernetes.io/configmap", config, true, false)),
                List.of());
    }

    @Test
    void mountsVolumesWithTheirOptionsAndTheHostsFileLast() {
        Mount hosts = new Mount("/etc/hosts", "/var/lib/kubelet/pods/uid-1/etc-hosts", false, "None");
        Container container = container(
                mount("data", "/data").withMountPropagation("HostToContainer").build(),
                mount("data", "/ro").withReadOnly(true).build(),
                mount("config", "etc/app").build());

        List<Mount> mounts = ContainerMounts.forContainer(pod, container, volumes, List.of(), Optional.of(hosts));

        assertThat(mounts)
                .containsExactly(
                        new Mount("/data", data.toString(), false, "HostToContainer"),
                        new Mount("/ro", data.toString(), true, "None"),
                        new Mount("/etc/app", config.toString(), true, "None"),
                        hosts);
    }

    @Test
    void aContainerMountingItsOwnEtcHostsGetsNoManagedOne() {
        Mount hosts = new Mount("/etc/hosts", "/x", false, "None");
        Container container =
                container(mount("data", "/etc/hosts").withSubPath("hosts").build());

        List<Mount> mounts = ContainerMounts.forContainer(pod, container, volumes, List.of(), Optional.of(hosts));

        assertThat(mounts).extracting(Mount::containerPath).containsExactly("/etc/hosts");
        assertThat(mounts.get(0).hostPath()).isEqualTo(data.resolve("hosts").toString());
    }

    @Test
    void subPathsAreMadeInsideTheVolumeWithItsPermissions() throws IOException {
        Container container = container(
                mount("data", "/logs").withSubPathExpr("logs/$(POD_NAME)").build(),
                mount("data", "/cache").withSubPath("cache").build());

        List<Mount> mounts = ContainerMounts.forContainer(
                pod, container, volumes, List.of(new EnvVar("POD_NAME", "web-0")), Optional.empty());

        assertThat(mounts.get(0).hostPath())
                .isEqualTo(data.resolve("logs/web-0").toString());
        assertThat(mounts.get(1).hostPath()).isEqualTo(data.resolve("cache").toString());
        assertThat((Integer) Files.getAttribute(data.resolve("logs/web-0"), "unix:mode") & 07777)
                .isEqualTo(0750);
    }

    @Test
    void subPathsThatLeaveTheVolumeAreRefused() throws IOException {
        Files.createSymbolicLink(data.resolve("escape"), root);

        assertThatThrownBy(() -> mounts(mount("data", "/x").withSubPath("/etc").build()))
                .isInstanceOf(CreateContainerConfigException.class)
                .hasMessage("error SubPath `/etc` must not be an absolute path");
        assertThatThrownBy(() ->
                        mounts(mount("data", "/x").withSubPath("a/../../etc").build()))
                .hasMessage("unable to provision SubPath `a/../../etc`: must not contain '..'");
        assertThatThrownBy(
                        () -> mounts(mount("data", "/x").withSubPath("escape").build()))
                .hasMessage("failed to prepare subPath for volumeMount \"data\" of container \"app\"");
        assertThatThrownBy(() ->
                        mounts(mount("data", "/x").withSubPathExpr("$(MISSING)").build()))
                .hasMessage("missing value for MISSING");
    }

    @Test
    void unknownVolumesAndPropagationModesAreRefused() {
        assertThatThrownBy(() -> mounts(mount("absent", "/x").build()))
                .isInstanceOf(CreateContainerConfigException.class)
                .hasMessage("cannot find volume \"absent\" to mount into container \"app\"");
        assertThatThrownBy(() -> mounts(
                        mount("data", "/x").withMountPropagation("Sideways").build()))
                .hasMessage("invalid MountPropagation mode: \"Sideways\"");
    }

    @Test
    void theHostsFileIsWrittenOnceThePodHasAnIp() throws IOException {
        EtcHostsFile hostsFile = new EtcHostsFile(new VolumeLayout(root), root.resolve("node-hosts"));
        PodHostname hostname = PodHostname.of(pod, "cluster.local");

        assertThat(hostsFile.ensure(pod, List.of(), hostname)).isEmpty();
        Mount mount = hostsFile.ensure(pod, List.of("10.244.1.7"), hostname).orElseThrow();

        assertThat(mount)
                .isEqualTo(new Mount(
                        "/etc/hosts", root.resolve("pods/uid-1/etc-hosts").toString(), false, "None"));
        assertThat(Files.readString(Path.of(mount.hostPath())))
                .startsWith("# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n")
                .contains("10.244.1.7\tweb-0.web.ns1.svc.cluster.local\tweb-0\n")
                .endsWith("\n# Entries added by HostAliases.\n10.0.0.5\tdb\n");
    }

    @Test
    void aHostNetworkPodGetsTheNodesHostsFile() throws IOException {
        Files.writeString(root.resolve("node-hosts"), "127.0.0.1\tlocalhost\n192.168.1.10\tnode-a\n");
        Pod hostNetwork =
                new PodBuilder(pod).editSpec().withHostNetwork(true).endSpec().build();

        Mount mount = new EtcHostsFile(new VolumeLayout(root), root.resolve("node-hosts"))
                .ensure(hostNetwork, List.of(), PodHostname.of(hostNetwork, "cluster.local"))
                .orElseThrow();

        assertThat(Files.readString(Path.of(mount.hostPath())))
                .isEqualTo(
                        "# Kubernetes-managed hosts file (host network).\n127.0.0.1\tlocalhost\n192.168.1.10\tnode-a\n"
                                + "\n# Entries added by HostAliases.\n10.0.0.5\tdb\n");
    }

    private List<Mount> mounts(VolumeMount mount) {
        return ContainerMounts.forContainer(pod, container(mount), volumes, List.of(), Optional.empty());
    }

    private static VolumeMountBuilder mount(String volume, String path) {
        return new VolumeMountBuilder().withName(volume).withMountPath(path);
    }

    private static Container container(VolumeMount... mounts) {
        return new ContainerBuilder().withName("app").withVolumeMounts(mounts).build();
    }
}
