package io.skiff.kubelet.podenv;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.skiff.kubelet.container.ContainerContext;
import io.skiff.kubelet.container.ContainerEnvironment;
import io.skiff.kubelet.container.ContainerSetup;
import io.skiff.kubelet.container.ContainerSetupException;
import io.skiff.kubelet.cri.ContainerConfig;
import io.skiff.kubelet.cri.PodSandboxConfig;
import io.skiff.kubelet.envvars.ContainerExpansion;
import io.skiff.kubelet.envvars.CreateContainerConfigException;
import io.skiff.kubelet.envvars.Environment;
import io.skiff.kubelet.envvars.EnvironmentVariables;
import io.skiff.kubelet.envvars.PodAddresses;
import io.skiff.kubelet.envvars.PodDns;
import io.skiff.kubelet.envvars.PodHostname;
import io.skiff.kubelet.envvars.WarningEvent;
import io.skiff.kubelet.volumes.ContainerMounts;
import io.skiff.kubelet.volumes.EtcHostsFile;
import io.skiff.kubelet.volumes.PodVolumes;
import io.skiff.kubelet.volumes.VolumeManager;
import io.skiff.kubelet.volumes.VolumesNotReadyException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Containers get what Kubernetes gives them (GenerateRunContainerOptions): variables from env,
 * envFrom, the downward API and Services; command and args expanded against them; the pod's volumes
 * mounted (subPath, subPathExpr, readOnly, propagation) and a kubelet-managed /etc/hosts; the pod's
 * resolv.conf by its dnsPolicy. Volumes are set up before the sandbox and cleaned up after the
 * pod's containers are gone.
 */
public final class KubernetesContainerEnvironment implements ContainerEnvironment {

    private static final Logger log = LoggerFactory.getLogger(KubernetesContainerEnvironment.class);

    private final EnvironmentVariables variables;
    private final VolumeManager volumes;
    private final EtcHostsFile hostsFile;
    private final PodDns dns;
    private final String clusterDomain;
    private final BiConsumer<Pod, WarningEvent> warnings;

    /** @param warnings records a Warning event about the pod (InvalidEnvironmentVariableNames, DNSConfigForming) */
    public KubernetesContainerEnvironment(
            EnvironmentVariables variables,
            VolumeManager volumes,
            EtcHostsFile hostsFile,
            PodDns dns,
            String clusterDomain,
            BiConsumer<Pod, WarningEvent> warnings) {
        this.variables = variables;
        this.volumes = volumes;
        this.hostsFile = hostsFile;
        this.dns = dns;
        this.clusterDomain = clusterDomain;
        this.warnings = warnings;
    }

    @Override
    public ContainerSetup containerSetup(ContainerContext context) {
        Pod pod = context.pod();
        Container container = context.container();
        try {
            Environment environment =
                    variables.make(pod, container, new PodAddresses(context.podIps(), context.hostIps()));
            environment.warnings().forEach(warning -> warnings.accept(pod, warning));
            List<ContainerConfig.EnvVar> env = environment.variables();
            PodVolumes mounted = mountedVolumes(pod);
            Optional<ContainerConfig.Mount> hosts =
                    hostsFile.ensure(pod, context.podIps(), PodHostname.of(pod, clusterDomain));
            return new ContainerSetup(
                    env,
                    ContainerExpansion.expand(orEmpty(container.getCommand()), env),
                    ContainerExpansion.expand(orEmpty(container.getArgs()), env),
                    container.getWorkingDir(),
                    ContainerMounts.forContainer(pod, container, mounted, env, hosts));
        } catch (CreateContainerConfigException | VolumesNotReadyException e) {
            throw new ContainerSetupException(e.getMessage(), e);
        } catch (IOException e) {
            throw new ContainerSetupException("failed to write the pod's /etc/hosts: " + e.getMessage(), e);
        }
    }

    private PodVolumes mountedVolumes(Pod pod) {
        return volumes.mountedVolumes(pod.getMetadata().getUid()).orElseGet(() -> volumes.mountVolumes(pod));
    }

    @Override
    public void preparePod(Pod pod) {
        try {
            volumes.mountVolumes(pod);
        } catch (VolumesNotReadyException e) {
            throw new ContainerSetupException(e.getMessage(), e);
        }
    }

    @Override
    public void podFinished(Pod pod) {
        volumes.stopRefreshing(pod.getMetadata().getUid());
    }

    @Override
    public void cleanUpPod(Pod pod) {
        try {
            volumes.cleanupPod(pod.getMetadata().getUid());
        } catch (IOException e) {
            log.warn("Cleaning up the volumes of pod {} failed; trying again later: {}", podName(pod), e.toString());
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public PodSandboxConfig.DnsConfig dnsConfig(Pod pod) {
        PodDns.Result result = dns.configFor(pod);
        result.warnings().forEach(warning -> warnings.accept(pod, warning));
        return result.config();
    }

    private static String podName(Pod pod) {
        return pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
