package io.skiff.kubelet.cri;

import java.util.List;
import java.util.Map;

/**
 * What a container is created from (CRI ContainerConfig), with everything the kubelet resolved
 * already: $(VAR) expanded in command and args, env from ConfigMaps, Secrets and the downward
 * API, volumes as host paths.
 *
 * @param name the container's name in the pod
 * @param attempt how many times this container was created before (its restart count)
 * @param image the image id {@link ImageService#pullImage} returned
 * @param command the entrypoint; empty for the image's
 * @param args arguments; empty for the image's (when command is empty too)
 * @param workingDir empty for the image's
 * @param env in order; later entries win
 * @param logPath the log file, relative to the sandbox's log directory ({@code <name>/<attempt>.log})
 */
public record ContainerConfig(
        String name,
        int attempt,
        String image,
        List<String> command,
        List<String> args,
        String workingDir,
        List<EnvVar> env,
        List<Mount> mounts,
        Map<String, String> labels,
        Map<String, String> annotations,
        String logPath,
        Resources resources,
        Security security) {

    public ContainerConfig {
        command = List.copyOf(command);
        args = List.copyOf(args);
        env = List.copyOf(env);
        mounts = List.copyOf(mounts);
        labels = Map.copyOf(labels);
        annotations = Map.copyOf(annotations);
    }

    public record EnvVar(String name, String value) {}

    /** @param propagation None, HostToContainer or Bidirectional */
    public record Mount(String containerPath, String hostPath, boolean readOnly, String propagation) {}

    /**
     * Linux resources from the container's requests and limits, as the kubelet converts them.
     *
     * @param cpuShares from the CPU request (1024 per core, at least 2)
     * @param cpuQuotaMicros from the CPU limit per {@code cpuPeriodMicros}; 0 for no limit
     * @param memoryLimitBytes 0 for no limit
     * @param oomScoreAdj by QoS class
     */
    public record Resources(
            long cpuShares, long cpuPeriodMicros, long cpuQuotaMicros, long memoryLimitBytes, int oomScoreAdj) {}

    /**
     * @param runAsUser null for the image's user
     * @param capabilitiesAdd capability names without the CAP_ prefix, as in the pod spec
     */
    public record Security(
            Long runAsUser,
            Long runAsGroup,
            List<Long> supplementalGroups,
            boolean privileged,
            boolean readOnlyRootFilesystem,
            List<String> capabilitiesAdd,
            List<String> capabilitiesDrop) {

        public Security {
            supplementalGroups = List.copyOf(supplementalGroups);
            capabilitiesAdd = List.copyOf(capabilitiesAdd);
            capabilitiesDrop = List.copyOf(capabilitiesDrop);
        }
    }
}
