package io.skiff.kubelet.runtime.runc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where runc puts a container's memory cgroup and what it counted there. runc (cgroupfs driver)
 * places an absolute {@code cgroupsPath} under the hierarchy's mount point and a relative one
 * under its own cgroup: on cgroup v1 the memory hierarchy's, on v2 the parent of its own cgroup
 * (a cgroup with processes cannot have controllers delegated below it). The kubelet runs runc
 * as its child, so "its own" is the kubelet's.
 *
 * <p>An OOM kill shows as the {@code oom_kill} counter of {@code memory.oom_control} (v1) or
 * {@code memory.events} (v2); runc keeps the cgroup of a container run with {@code --keep} after
 * it exits, so the counter can be read then.
 */
final class MemoryCgroups {

    private final Path hierarchy;
    private final String ownCgroup;
    private final boolean unified;

    /**
     * @param hierarchy where the memory controller's hierarchy is mounted
     * @param ownCgroup the kubelet's cgroup in it, relative to the mount's root
     * @param unified cgroup v2
     */
    MemoryCgroups(Path hierarchy, String ownCgroup, boolean unified) {
        this.hierarchy = hierarchy;
        this.ownCgroup = ownCgroup;
        this.unified = unified;
    }

    /** Reads this process's cgroups and the mount table; empty when there is no memory controller. */
    static Optional<MemoryCgroups> detect() {
        try {
            return detect(
                    Files.readString(Path.of("/proc/self/mountinfo")), Files.readString(Path.of("/proc/self/cgroup")));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The same from the contents of {@code /proc/self/mountinfo} and {@code /proc/self/cgroup}. */
    static Optional<MemoryCgroups> detect(String mountinfo, String procCgroup) {
        Mount v1 = null;
        Mount v2 = null;
        for (String line : mountinfo.split("\n")) {
            Mount mount = Mount.parse(line);
            if (mount == null) {
                continue;
            }
            if (mount.fsType().equals("cgroup")
                    && List.of(mount.superOptions().split(",")).contains("memory")) {
                v1 = mount;
            } else if (mount.fsType().equals("cgroup2") && v2 == null) {
                v2 = mount;
            }
        }
        String v1Path = null;
        String v2Path = null;
        for (String line : procCgroup.split("\n")) {
            String[] fields = line.split(":", 3);
            if (fields.length != 3) {
                continue;
            }
            if (List.of(fields[1].split(",")).contains("memory")) {
                v1Path = fields[2];
            } else if (fields[0].equals("0") && fields[1].isEmpty()) {
                v2Path = fields[2];
            }
        }
        if (v1 != null && v1Path != null) {
            return Optional.of(new MemoryCgroups(v1.mountPoint(), relativeTo(v1Path, v1.root()), false));
        }
        if (v2 != null && v2Path != null && hasMemoryController(v2.mountPoint())) {
            return Optional.of(new MemoryCgroups(v2.mountPoint(), relativeTo(v2Path, v2.root()), true));
        }
        return Optional.empty();
    }

    boolean unified() {
        return unified;
    }

    /** The memory cgroup directory of a container created with {@code cgroupsPath}. */
    Path directoryFor(String cgroupsPath) {
        String inner = cgroupsPath.startsWith("/") ? cgroupsPath.substring(1) : cgroupsPath;
        if (cgroupsPath.startsWith("/")) {
            return hierarchy.resolve(inner).normalize();
        }
        String own = unified ? parent(ownCgroup) : ownCgroup;
        Path base = own.isEmpty() || own.equals("/") ? hierarchy : hierarchy.resolve(own.substring(1));
        return base.resolve(inner).normalize();
    }

    /** How many processes the kernel's OOM killer killed in the cgroup; 0 when it is gone. */
    long oomKills(Path cgroup) {
        Path counters = cgroup.resolve(unified ? "memory.events" : "memory.oom_control");
        try {
            return oomKills(Files.readString(counters));
        } catch (IOException e) {
            return 0;
        }
    }

    static long oomKills(String counters) {
        for (String line : counters.split("\n")) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length == 2 && fields[0].equals("oom_kill")) {
                return Long.parseLong(fields[1]);
            }
        }
        return 0;
    }

    /** Whether a swap limit can be set (swap accounting is on). */
    boolean swapLimitSupported() {
        Path own = directoryFor("");
        return unified
                ? Files.exists(own.resolve("memory.swap.max"))
                : Files.exists(hierarchy.resolve("memory.memsw.limit_in_bytes"));
    }

    private static boolean hasMemoryController(Path v2Mount) {
        try {
            return List.of(Files.readString(v2Mount.resolve("cgroup.controllers"))
                            .trim()
                            .split("\\s+"))
                    .contains("memory");
        } catch (IOException e) {
            return false;
        }
    }

    private static String relativeTo(String cgroup, String mountRoot) {
        if (mountRoot.equals("/") || !cgroup.startsWith(mountRoot)) {
            return cgroup;
        }
        String rest = cgroup.substring(mountRoot.length());
        return rest.isEmpty() ? "/" : rest;
    }

    private static String parent(String cgroup) {
        int slash = cgroup.lastIndexOf('/');
        return slash <= 0 ? "/" : cgroup.substring(0, slash);
    }

    /** One line of mountinfo: {@code id parent maj:min root mountpoint opts [optional...] - type source superopts}. */
    private record Mount(String root, Path mountPoint, String fsType, String superOptions) {

        static Mount parse(String line) {
            String[] halves = line.split(" - ", 2);
            if (halves.length != 2) {
                return null;
            }
            String[] left = halves[0].split(" ");
            String[] right = halves[1].split(" ");
            if (left.length < 5 || right.length < 3) {
                return null;
            }
            return new Mount(unescape(left[3]), Path.of(unescape(left[4])), right[0], right[2]);
        }

        /** mountinfo writes space, tab, newline and backslash as octal escapes. */
        private static String unescape(String field) {
            return field.replace("\\040", " ")
                    .replace("\\011", "\t")
                    .replace("\\012", "\n")
                    .replace("\\134", "\\");
        }
    }
}
