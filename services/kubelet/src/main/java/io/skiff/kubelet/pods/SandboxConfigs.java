package io.skiff.kubelet.pods;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Pod;
import io.skiff.kubelet.container.ContainerEnvironment;
import io.skiff.kubelet.container.KubeletLabels;
import io.skiff.kubelet.cri.PodSandboxConfig;
import io.skiff.kubelet.status.QosClasses;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** A pod's sandbox configuration, as Kubernetes' generatePodSandboxConfig builds it. */
final class SandboxConfigs {

    private static final int MAX_HOSTNAME_LENGTH = 63;

    private final Path podLogsDir;
    private final ContainerEnvironment environment;
    private final Supplier<String> podCidr;

    /**
     * @param podLogsDir the directory of every pod's log directory
     * @param podCidr the node's podCIDR, null until the node has one
     */
    SandboxConfigs(Path podLogsDir, ContainerEnvironment environment, Supplier<String> podCidr) {
        this.podLogsDir = podLogsDir;
        this.environment = environment;
        this.podCidr = podCidr;
    }

    PodSandboxConfig build(Pod pod, int attempt) {
        boolean hostNetwork = Boolean.TRUE.equals(pod.getSpec().getHostNetwork());
        Map<String, String> labels = new HashMap<>(orEmpty(pod.getMetadata().getLabels()));
        labels.put(KubeletLabels.POD_NAME, pod.getMetadata().getName());
        labels.put(KubeletLabels.POD_NAMESPACE, pod.getMetadata().getNamespace());
        labels.put(KubeletLabels.POD_UID, pod.getMetadata().getUid());
        return new PodSandboxConfig(
                new PodSandboxConfig.PodSandboxMetadata(
                        pod.getMetadata().getName(),
                        pod.getMetadata().getUid(),
                        pod.getMetadata().getNamespace(),
                        attempt),
                hostname(pod),
                logDirectory(pod).toString(),
                environment.dnsConfig(pod),
                portMappings(pod),
                hostNetwork,
                hostNetwork ? null : podCidr.get(),
                labels,
                orEmpty(pod.getMetadata().getAnnotations()),
                cgroupParent(pod));
    }

    /** The pod's log directory ({@code <pod-logs-dir>/<namespace>_<name>_<uid>}). */
    Path logDirectory(Pod pod) {
        return podLogsDir.resolve(PodNames.logDirectory(pod));
    }

    /** spec.hostname, or the pod's name cut to 63 characters without a trailing '-' or '.'. */
    static String hostname(Pod pod) {
        String hostname = pod.getSpec().getHostname();
        if (hostname != null && !hostname.isEmpty()) {
            return hostname;
        }
        String name = pod.getMetadata().getName();
        if (name.length() <= MAX_HOSTNAME_LENGTH) {
            return name;
        }
        String cut = name.substring(0, MAX_HOSTNAME_LENGTH);
        while (!cut.isEmpty() && (cut.endsWith("-") || cut.endsWith("."))) {
            cut = cut.substring(0, cut.length() - 1);
        }
        return cut;
    }

    private static List<PodSandboxConfig.PortMapping> portMappings(Pod pod) {
        List<PodSandboxConfig.PortMapping> mappings = new ArrayList<>();
        for (Container container : orEmpty(pod.getSpec().getContainers())) {
            for (ContainerPort port : orEmpty(container.getPorts())) {
                if (port.getHostPort() == null || port.getHostPort() <= 0) {
                    continue;
                }
                mappings.add(new PodSandboxConfig.PortMapping(
                        port.getProtocol() == null ? "TCP" : port.getProtocol(),
                        port.getContainerPort(),
                        port.getHostPort(),
                        port.getHostIP() == null ? "" : port.getHostIP()));
            }
        }
        return mappings;
    }

    /** The pod's cgroup under the cgroupfs driver: /kubepods[/burstable|/besteffort]/pod<uid>. */
    private static String cgroupParent(Pod pod) {
        String uid = "pod" + pod.getMetadata().getUid();
        return switch (QosClasses.of(pod)) {
            case QosClasses.GUARANTEED -> "/kubepods/" + uid;
            case QosClasses.BURSTABLE -> "/kubepods/burstable/" + uid;
            default -> "/kubepods/besteffort/" + uid;
        };
    }

    private static <K, V> Map<K, V> orEmpty(Map<K, V> map) {
        return map == null ? Map.of() : map;
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
