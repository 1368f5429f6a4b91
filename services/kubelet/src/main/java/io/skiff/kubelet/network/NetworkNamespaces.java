package io.skiff.kubelet.network;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Named network namespaces as {@code ip netns} keeps them: bind-mounted at
 * {@code /run/netns/<name>}, so they outlive the process that made them and show in
 * {@code ip netns list}.
 */
public final class NetworkNamespaces {

    private static final Path NETNS_DIR = Path.of("/run/netns");

    private final Duration timeout;

    public NetworkNamespaces(Duration timeout) {
        this.timeout = timeout;
    }

    public static Path path(String name) {
        return NETNS_DIR.resolve(name);
    }

    /** Creates an empty namespace (only a down loopback) and returns its path. */
    public Path create(String name) {
        HostCommand.of("ip", "netns", "add", name).timeout(timeout).runChecked();
        return path(name);
    }

    /** Deletes the namespace; one already gone is fine. */
    public void delete(String name) {
        if (!Files.exists(path(name))) {
            return;
        }
        HostCommand.of("ip", "netns", "delete", name).timeout(timeout).runChecked();
    }

    public boolean exists(String name) {
        return Files.exists(path(name));
    }
}
