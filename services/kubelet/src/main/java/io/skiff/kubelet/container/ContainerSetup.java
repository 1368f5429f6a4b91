package io.skiff.kubelet.container;

import io.skiff.kubelet.cri.ContainerConfig;
import java.util.List;

/**
 * A container's environment as the runtime gets it: everything resolved and expanded.
 *
 * @param env the variables, in order (later entries win)
 * @param command the entrypoint after $(VAR) expansion; empty for the image's
 * @param args the arguments after $(VAR) expansion; empty for the image's
 * @param workingDir empty for the image's
 * @param mounts volumes as host paths
 */
public record ContainerSetup(
        List<ContainerConfig.EnvVar> env,
        List<String> command,
        List<String> args,
        String workingDir,
        List<ContainerConfig.Mount> mounts) {

    public ContainerSetup {
        env = List.copyOf(env);
        command = List.copyOf(command);
        args = List.copyOf(args);
        workingDir = workingDir == null ? "" : workingDir;
        mounts = List.copyOf(mounts);
    }
}
