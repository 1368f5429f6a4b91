package io.skiff.kubelet.volumes;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

/** Mounts and unmounts the tmpfs behind memory-backed volumes. */
public interface Mounter {

    /** Whether this process may mount (it runs as root). */
    boolean canMount();

    /** Mounts a tmpfs on {@code directory}, of {@code sizeBytes} when given, else the kernel's default. */
    void mountTmpfs(Path directory, OptionalLong sizeBytes) throws IOException;

    void unmount(Path directory) throws IOException;

    /** The mount points at or below {@code directory}, deepest first. */
    List<MountPoint> mountPointsUnder(Path directory) throws IOException;

    /** @param fileSystemType as /proc/self/mountinfo names it ({@code tmpfs}) */
    record MountPoint(Path path, String fileSystemType) {}
}
