package io.skiff.kubelet.volumes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The pod's fsGroup applied to a volume, as Kubernetes' SetVolumeOwnership does: every file and
 * directory goes to the group, gains group read-write (read-only for read-only volumes), and
 * directories gain the setgid bit so new files inherit the group. Symbolic links change group
 * only: a chmod would reach the file they point at.
 */
final class VolumeOwnership {

    private static final int READ_WRITE = 0660;
    private static final int READ_ONLY = 0440;
    private static final int EXECUTE = 0110;
    private static final int SET_GID = 02000;

    private VolumeOwnership() {}

    static void apply(Path directory, long fsGroup, boolean readOnly) throws IOException {
        List<Path> all;
        try (Stream<Path> walk = Files.walk(directory)) {
            all = walk.toList();
        }
        for (Path path : all) {
            Files.setAttribute(path, "unix:gid", (int) fsGroup, LinkOption.NOFOLLOW_LINKS);
            if (Files.isSymbolicLink(path)) {
                continue;
            }
            int mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
            int mask = readOnly ? READ_ONLY : READ_WRITE;
            if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                mask |= SET_GID | EXECUTE;
            }
            Files.setAttribute(path, "unix:mode", mode | mask, LinkOption.NOFOLLOW_LINKS);
        }
    }
}
