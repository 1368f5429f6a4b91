package io.skiff.kubelet.runtime.runc;

import io.skiff.kubelet.network.HostCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A sandbox's IPC and UTS namespaces without a pause process: {@code unshare} creates them and
 * bind-mounts each onto a file in the sandbox's directory (as CRI-O's pinns does), sets the pod's
 * hostname in the new UTS namespace and exits. The bind mounts keep the namespaces alive for the
 * containers to join by path; unmounting them lets the kernel free the namespaces once the last
 * container is gone. The pod's /dev/shm is a tmpfs mounted the same way, shared like its IPC.
 */
final class PinnedNamespaces {

    private final Duration timeout;

    PinnedNamespaces(Duration timeout) {
        this.timeout = timeout;
    }

    /**
     * Pins a new IPC namespace at {@code ipc} and, unless {@code uts} is null, a new UTS namespace
     * at {@code uts} with {@code hostname} set in it.
     */
    void pin(Path ipc, Path uts, String hostname) throws IOException {
        List<String> argv = new ArrayList<>(List.of("unshare", "--ipc=" + touch(ipc)));
        if (uts != null) {
            argv.add("--uts=" + touch(uts));
            argv.addAll(List.of("hostname", hostname));
        } else {
            argv.add("true");
        }
        HostCommand.of(argv).timeout(timeout).runChecked();
    }

    /** Mounts a 64 MiB tmpfs at {@code shm}, mode 1777, like a container's default /dev/shm. */
    void mountShm(Path shm) throws IOException {
        Files.createDirectories(shm);
        HostCommand.of("mount", "-t", "tmpfs", "-o", "nosuid,nodev,noexec,mode=1777,size=65536k", "shm", shm.toString())
                .timeout(timeout)
                .runChecked();
    }

    /** Unmounts whatever of these is still mounted; the files stay for the directory's deletion. */
    void release(Path... mountPoints) {
        for (Path mountPoint : mountPoints) {
            if (mountPoint != null && Mounts.isMountPoint(mountPoint)) {
                HostCommand.of("umount", mountPoint.toString()).timeout(timeout).runChecked();
            }
        }
    }

    private static Path touch(Path file) throws IOException {
        if (!Files.exists(file)) {
            Files.createFile(file);
        }
        return file;
    }
}
