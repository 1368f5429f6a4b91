package io.skiff.kubelet.pods;

import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.skiff.kubelet.container.ContainerSetup;
import io.skiff.kubelet.container.KubeletLabels;
import io.skiff.kubelet.cri.ContainerConfig;
import io.skiff.kubelet.status.QosClasses;
import io.skiff.model.quantity.Quantities;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/** A container's runtime configuration, as Kubernetes' generateContainerConfig builds it. */
final class ContainerConfigs {

    static final String RESTART_COUNT_ANNOTATION = "io.kubernetes.container.restartCount";

    private static final long MIN_SHARES = 2;
    private static final long MAX_SHARES = 262_144;
    private static final long SHARES_PER_CPU = 1024;
    private static final long QUOTA_PERIOD_MICROS = 100_000;
    private static final long MIN_QUOTA_MICROS = 1_000;
    private static final int GUARANTEED_OOM_SCORE_ADJ = -997;
    private static final int BEST_EFFORT_OOM_SCORE_ADJ = 1000;

    private final LongSupplier memoryCapacity;

    /**
     * @param memoryCapacity the node's memory in bytes, which burstable containers' OOM score is
     *     relative to
     */
    ContainerConfigs(LongSupplier memoryCapacity) {
        this.memoryCapacity = memoryCapacity;
    }

    ContainerConfig build(Pod pod, Container container, int attempt, String imageId, ContainerSetup setup) {
        return new ContainerConfig(
                container.getName(),
                attempt,
                imageId,
                setup.command(),
                setup.args(),
                setup.workingDir(),
                setup.env(),
                setup.mounts(),
                Map.of(
                        KubeletLabels.CONTAINER_NAME, container.getName(),
                        KubeletLabels.POD_NAME, pod.getMetadata().getName(),
                        KubeletLabels.POD_NAMESPACE, pod.getMetadata().getNamespace(),
                        KubeletLabels.POD_UID, pod.getMetadata().getUid()),
                Map.of(RESTART_COUNT_ANNOTATION, Integer.toString(attempt)),
                logPath(container.getName(), attempt),
                resources(pod, container),
                security(pod, container));
    }

    /** {@code <container>/<restartCount>.log}, relative to the pod's log directory. */
    static String logPath(String containerName, int attempt) {
        return containerName + "/" + attempt + ".log";
    }

    private ContainerConfig.Resources resources(Pod pod, Container container) {
        Map<String, Quantity> requests = container.getResources() == null
                ? null
                : container.getResources().getRequests();
        Map<String, Quantity> limits = container.getResources() == null
                ? null
                : container.getResources().getLimits();
        long cpuRequest = milli(requests, "cpu");
        long cpuLimit = milli(limits, "cpu");
        boolean requestGiven = requests != null && requests.containsKey("cpu");
        long shares = milliCpuToShares(!requestGiven && cpuLimit != 0 ? cpuLimit : cpuRequest);
        long quota = cpuLimit == 0 ? 0 : Math.max(cpuLimit * QUOTA_PERIOD_MICROS / 1000, MIN_QUOTA_MICROS);
        return new ContainerConfig.Resources(
                shares, QUOTA_PERIOD_MICROS, quota, value(limits, "memory"), oomScoreAdj(pod, requests));
    }

    private static long milliCpuToShares(long milliCpu) {
        if (milliCpu == 0) {
            return MIN_SHARES;
        }
        long shares = milliCpu * SHARES_PER_CPU / 1000;
        return Math.min(Math.max(shares, MIN_SHARES), MAX_SHARES);
    }

    /** qos.GetContainerOOMScoreAdjust. */
    private int oomScoreAdj(Pod pod, Map<String, Quantity> requests) {
        String qos = QosClasses.of(pod);
        if (QosClasses.GUARANTEED.equals(qos)) {
            return GUARANTEED_OOM_SCORE_ADJ;
        }
        if (QosClasses.BEST_EFFORT.equals(qos)) {
            return BEST_EFFORT_OOM_SCORE_ADJ;
        }
        long capacity = Math.max(1, memoryCapacity.getAsLong());
        long adjust = 1000 - (1000 * value(requests, "memory")) / capacity;
        if (adjust < 1000 + GUARANTEED_OOM_SCORE_ADJ) {
            return 1000 + GUARANTEED_OOM_SCORE_ADJ;
        }
        if (adjust == BEST_EFFORT_OOM_SCORE_ADJ) {
            return (int) adjust - 1;
        }
        return (int) adjust;
    }

    private static ContainerConfig.Security security(Pod pod, Container container) {
        PodSecurityContext podContext = pod.getSpec().getSecurityContext();
        SecurityContext context = container.getSecurityContext();
        Long runAsUser = context != null && context.getRunAsUser() != null
                ? context.getRunAsUser()
                : podContext == null ? null : podContext.getRunAsUser();
        Long runAsGroup = context != null && context.getRunAsGroup() != null
                ? context.getRunAsGroup()
                : podContext == null ? null : podContext.getRunAsGroup();
        List<Long> supplementalGroups = podContext == null || podContext.getSupplementalGroups() == null
                ? List.of()
                : podContext.getSupplementalGroups();
        Capabilities capabilities = context == null ? null : context.getCapabilities();
        return new ContainerConfig.Security(
                runAsUser,
                runAsGroup,
                supplementalGroups,
                context != null && Boolean.TRUE.equals(context.getPrivileged()),
                context != null && Boolean.TRUE.equals(context.getReadOnlyRootFilesystem()),
                capabilities == null || capabilities.getAdd() == null ? List.of() : capabilities.getAdd(),
                capabilities == null || capabilities.getDrop() == null ? List.of() : capabilities.getDrop());
    }

    private static long milli(Map<String, Quantity> list, String name) {
        Quantity quantity = list == null ? null : list.get(name);
        return quantity == null ? 0 : Quantities.milliValue(text(quantity));
    }

    private static long value(Map<String, Quantity> list, String name) {
        Quantity quantity = list == null ? null : list.get(name);
        return quantity == null ? 0 : Quantities.value(text(quantity));
    }

    private static String text(Quantity quantity) {
        return quantity.getAmount() + (quantity.getFormat() == null ? "" : quantity.getFormat());
    }
}
