package io.skiff.kubelet.runtime.runc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/** The host's mount table, as far as the runtime needs it. */
final class Mounts {

    private Mounts() {}

    /** Whether something is mounted at {@code path} (an overlay, a tmpfs, a bind-mounted namespace). */
    static boolean isMountPoint(Path path) {
        return mountPoints().contains(path.toAbsolutePath().normalize().toString());
    }

    /** Every mount point of this mount namespace. */
    static Set<String> mountPoints() {
        Set<String> mountPoints = new HashSet<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
                String[] fields = line.split(" ");
                if (fields.length > 4) {
                    mountPoints.add(unescape(fields[4]));
                }
            }
            return mountPoints;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String unescape(String field) {
        return field.replace("\\040", " ")
                .replace("\\011", "\t")
                .replace("\\012", "\n")
                .replace("\\134", "\\");
    }
}
