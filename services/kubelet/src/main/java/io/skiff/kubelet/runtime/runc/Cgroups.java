package io.skiff.kubelet.runtime.runc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Where runc puts a container's cgroups and what the kernel counted there. runc (cgroupfs driver)
 * places an absolute {@code cgroupsPath} under each hierarchy's mount point and a relative one
 * under its own cgroup in that hierarchy; on a pure cgroup v2 host under the parent of its own
 * cgroup (a cgroup with processes cannot have controllers delegated below it). The kubelet runs
 * runc as its child, so "its own" is the kubelet's.
 *
 * <p>An OOM kill shows as the {@code oom_kill} counter of {@code memory.oom_control} (v1) or
 * {@code memory.events} (v2) of the container's memory cgroup; runc keeps the cgroup of a
 * container run with {@code --keep} after it exits, so the counter can be read then.
 */
final class Cgroups {

    private final List<Hierarchy> hierarchies;

    Cgroups(List<Hierarchy> hierarchies) {
        this.hierarchies = List.copyOf(hierarchies);
    }

    /** This process's cgroups, from the mount table and /proc/self/cgroup. */
    static Cgroups detect() {
        try {
            return detect(
                    Files.readString(Path.of("/proc/self/mountinfo")), Files.readString(Path.of("/proc/self/cgroup")));
        } catch (IOException e) {
            return new Cgroups(List.of());
        }
    }

    /** The same from the contents of {@code /proc/self/mountinfo} and {@code /proc/self/cgroup}. */
    static Cgroups detect(String mountinfo, String procCgroup) {
        List<Mount> mounts = new ArrayList<>();
        for (String line : mountinfo.split("\n")) {
            Mount mount = Mount.parse(line);
            if (mount != null
                    && (mount.fsType().equals("cgroup") || mount.fsType().equals("cgroup2"))) {
                mounts.add(mount);
            }
        }
        boolean pureV2 = mounts.stream().allMatch(m -> m.fsType().equals("cgroup2"));
        List<Hierarchy> hierarchies = new ArrayList<>();
        for (String line : procCgroup.split("\n")) {
            String[] fields = line.split(":", 3);
            if (fields.length != 3) {
                continue;
            }
            List<String> controllers = fields[1].isEmpty() ? List.of() : List.of(fields[1].split(","));
            for (Mount mount : mounts) {
                boolean matches = controllers.isEmpty()
                        ? mount.fsType().equals("cgroup2")
                        : mount.fsType().equals("cgroup")
                                && List.of(mount.superOptions().split(",")).containsAll(controllers);
                if (matches) {
                    List<String> served = controllers.isEmpty() ? v2Controllers(mount.mountPoint()) : controllers;
                    hierarchies.add(new Hierarchy(
                            mount.mountPoint(),
                            relativeTo(fields[2], mount.root()),
                            controllers.isEmpty() && pureV2,
                            served));
                    break;
                }
            }
        }
        return new Cgroups(hierarchies);
    }

    List<Hierarchy> hierarchies() {
        return hierarchies;
    }

    /** The hierarchy with the memory controller, if any (v1's memory one, or v2 with memory enabled). */
    Optional<Hierarchy> memory() {
        return hierarchies.stream()
                .filter(h -> h.controllers().contains("memory"))
                .findFirst();
    }

    /** The memory cgroup directory of a container created with {@code cgroupsPath}; null without one. */
    Path memoryDirectory(String cgroupsPath) {
        return memory().map(h -> h.directoryFor(cgroupsPath)).orElse(null);
    }

    /** Whether the memory controller is cgroup v2's, whose containers also get a cgroup namespace. */
    boolean unified() {
        return memory().map(Hierarchy::pureV2).orElse(false);
    }

    /** Whether a swap limit can be set (swap accounting is on). */
    boolean swapLimitSupported() {
        return memory().map(h -> h.pureV2()
                        ? Files.exists(h.directoryFor("").resolve("memory.swap.max"))
                        : Files.exists(h.mountPoint().resolve("memory.memsw.limit_in_bytes")))
                .orElse(false);
    }

    /** How many processes the kernel's OOM killer killed in the memory cgroup; 0 when it is gone. */
    long oomKills(Path memoryCgroup) {
        boolean v2 = memory().map(Hierarchy::pureV2).orElse(false);
        try {
            return oomKills(Files.readString(memoryCgroup.resolve(v2 ? "memory.events" : "memory.oom_control")));
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

    /**
     * Removes the cgroup {@code cgroupsPath} from every hierarchy where it is empty (runc deletes
     * a container's cgroup but not the parents it made for it); one still in use stays.
     */
    void removeIfEmpty(String cgroupsPath) {
        for (Hierarchy hierarchy : hierarchies) {
            Path directory = hierarchy.directoryFor(cgroupsPath);
            if (!directory.equals(hierarchy.directoryFor(""))) {
                try {
                    Files.deleteIfExists(directory);
                } catch (IOException stillInUse) {
                    // Children or processes remain: the cgroup is someone's.
                }
            }
        }
    }

    private static List<String> v2Controllers(Path mount) {
        try {
            return Arrays.stream(Files.readString(mount.resolve("cgroup.controllers"))
                            .split("\\s+"))
                    .filter(controller -> !controller.isEmpty())
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static String relativeTo(String cgroup, String mountRoot) {
        if (mountRoot.equals("/") || !cgroup.startsWith(mountRoot)) {
            return cgroup;
        }
        String rest = cgroup.substring(mountRoot.length());
        return rest.isEmpty() ? "/" : rest;
    }

    /**
     * One cgroup hierarchy as this process sees it.
     *
     * @param ownCgroup this process's cgroup in it, relative to the mount's root
     * @param pureV2 the unified hierarchy of a host without v1 hierarchies
     */
    record Hierarchy(Path mountPoint, String ownCgroup, boolean pureV2, List<String> controllers) {

        Hierarchy {
            controllers = List.copyOf(controllers);
        }

        Path directoryFor(String cgroupsPath) {
            if (cgroupsPath.startsWith("/")) {
                return mountPoint.resolve(cgroupsPath.substring(1)).normalize();
            }
            String own = pureV2 ? parent(ownCgroup) : ownCgroup;
            Path base = own.equals("/") || own.isEmpty() ? mountPoint : mountPoint.resolve(own.substring(1));
            return base.resolve(cgroupsPath).normalize();
        }

        private static String parent(String cgroup) {
            int slash = cgroup.lastIndexOf('/');
            return slash <= 0 ? "/" : cgroup.substring(0, slash);
        }
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
