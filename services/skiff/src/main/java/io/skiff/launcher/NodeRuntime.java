package io.skiff.launcher;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The container runtime of the kubelet {@code skiff server} runs: {@code runc} (real OCI
 * containers) when this machine can run them, that is as root with runc and the CNI plugins
 * installed, else {@code process} (plain host processes); {@code hollow} only when asked for.
 */
enum NodeRuntime {
    RUNC,
    PROCESS,
    HOLLOW;

    private static final List<Path> RUNC_BINARIES = List.of(Path.of("/usr/sbin/runc"), Path.of("/usr/bin/runc"));

    private static final Path CNI_BRIDGE = Path.of("/usr/lib/cni/bridge");

    /** The runtime a --runtime value names (runc, process, hollow; any case), or empty. */
    static Optional<NodeRuntime> named(String value) {
        for (NodeRuntime runtime : values()) {
            if (runtime.propertyValue().equals(value.trim().toLowerCase(Locale.ROOT))) {
                return Optional.of(runtime);
            }
        }
        return Optional.empty();
    }

    /** The name {@code skiff.kubelet.runtime} takes. */
    String propertyValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The runtime to use when none was asked for, and why when it is not runc: a user without root
     * should hear that their pods run as host processes.
     */
    static Choice detect() {
        Optional<String> missing = runcUnavailableBecause();
        return missing.map(reason -> new Choice(PROCESS, Optional.of(reason)))
                .orElseGet(() -> new Choice(RUNC, Optional.empty()));
    }

    private static Optional<String> runcUnavailableBecause() {
        if (!runningAsRoot()) {
            return Optional.of("not running as root");
        }
        if (RUNC_BINARIES.stream().noneMatch(Files::isExecutable)) {
            return Optional.of("runc is not installed (apt-get install runc)");
        }
        if (!Files.isExecutable(CNI_BRIDGE)) {
            return Optional.of("the CNI plugins are not installed (apt-get install containernetworking-plugins)");
        }
        return Optional.empty();
    }

    /** Whether this process runs as root (uid 0), which netfilter, namespaces and ports below 1024 need. */
    static boolean runningAsRoot() {
        try {
            return Integer.valueOf(0)
                    .equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid", LinkOption.NOFOLLOW_LINKS));
        } catch (Exception e) {
            return false;
        }
    }

    /** A runtime and, when a better one was wanted but could not be had, the reason. */
    record Choice(NodeRuntime runtime, Optional<String> fallbackReason) {}
}
