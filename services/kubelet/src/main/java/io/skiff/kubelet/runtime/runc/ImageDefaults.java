package io.skiff.kubelet.runtime.runc;

import java.util.List;

/**
 * The run settings from an image's config (OCI image config {@code config} object).
 *
 * @param env {@code NAME=value} entries
 * @param workingDir empty for "/"
 * @param user {@code user}, {@code uid}, {@code user:group} or {@code uid:gid}; empty for root
 * @param stopSignal the signal that asks the container to stop ("SIGQUIT", "3"); empty for SIGTERM
 */
public record ImageDefaults(
        List<String> entrypoint,
        List<String> cmd,
        List<String> env,
        String workingDir,
        String user,
        String stopSignal) {

    public ImageDefaults {
        entrypoint = entrypoint == null ? List.of() : List.copyOf(entrypoint);
        cmd = cmd == null ? List.of() : List.copyOf(cmd);
        env = env == null ? List.of() : List.copyOf(env);
        workingDir = workingDir == null ? "" : workingDir;
        user = user == null ? "" : user;
        stopSignal = stopSignal == null ? "" : stopSignal;
    }

    public static ImageDefaults none() {
        return new ImageDefaults(List.of(), List.of(), List.of(), "", "", "");
    }
}
