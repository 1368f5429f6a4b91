package io.skiff.kubelet.runtime.runc;

import io.skiff.kubelet.cri.ContainerConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The uid, gid and supplementary groups a container's process runs with, resolved as containerd
 * resolves them: {@code runAsUser}/{@code runAsGroup} when set, else the image's {@code user}
 * ({@code name}, {@code uid}, {@code name:group}, {@code uid:gid}) looked up in the rootfs's
 * {@code /etc/passwd} and {@code /etc/group}. A uid without a group takes the passwd entry's group
 * (0 when there is none). The supplementary groups are the primary group, the groups in
 * {@code /etc/group} that list the user by name, and the pod's supplementalGroups, sorted.
 */
record ContainerUser(long uid, long gid, List<Long> additionalGids) {

    ContainerUser {
        additionalGids = List.copyOf(additionalGids);
    }

    /**
     * @param passwd the rootfs's /etc/passwd, empty when it has none
     * @param group the rootfs's /etc/group, empty when it has none
     */
    static ContainerUser resolve(ContainerConfig.Security security, String imageUser, String passwd, String group) {
        List<PasswdEntry> users = PasswdEntry.parse(passwd);
        List<GroupEntry> groups = GroupEntry.parse(group);
        String user = userString(security, imageUser);
        long uid = 0;
        long gid = 0;
        if (!user.isEmpty()) {
            String[] parts = user.split(":", -1);
            if (parts.length > 2 || parts[0].isEmpty()) {
                throw new IllegalArgumentException("invalid USER value " + user);
            }
            Optional<Long> numericUid = number(parts[0]);
            PasswdEntry entry;
            if (numericUid.isPresent()) {
                uid = numericUid.get();
                long id = uid;
                entry = users.stream().filter(u -> u.uid() == id).findFirst().orElse(null);
            } else {
                entry = users.stream()
                        .filter(u -> u.name().equals(parts[0]))
                        .findFirst()
                        .orElseThrow(() -> new IllegalArgumentException(
                                "unable to find user " + parts[0] + ": no matching entries in passwd file"));
                uid = entry.uid();
            }
            if (parts.length == 2) {
                gid = number(parts[1])
                        .orElseGet(() -> groups.stream()
                                .filter(g -> g.name().equals(parts[1]))
                                .findFirst()
                                .orElseThrow(() -> new IllegalArgumentException(
                                        "unable to find group " + parts[1] + ": no matching entries in group file"))
                                .gid());
            } else {
                gid = entry == null ? 0 : entry.gid();
            }
        }
        long resolvedUid = uid;
        String username = users.stream()
                .filter(u -> u.uid() == resolvedUid)
                .map(PasswdEntry::name)
                .findFirst()
                .orElse(null);
        TreeSet<Long> additional = new TreeSet<>();
        additional.add(gid);
        if (username != null) {
            groups.stream()
                    .filter(g -> !g.name().equals(username) && g.members().contains(username))
                    .forEach(g -> additional.add(g.gid()));
        }
        if (security != null) {
            additional.addAll(security.supplementalGroups());
        }
        return new ContainerUser(uid, gid, new ArrayList<>(additional));
    }

    private static String userString(ContainerConfig.Security security, String imageUser) {
        if (security != null && security.runAsUser() != null) {
            return security.runAsUser() + (security.runAsGroup() == null ? "" : ":" + security.runAsGroup());
        }
        if (security != null && security.runAsGroup() != null) {
            throw new IllegalArgumentException(
                    "user group \"" + security.runAsGroup() + "\" is specified without user");
        }
        return imageUser == null ? "" : imageUser.trim();
    }

    private static Optional<Long> number(String text) {
        if (text.isEmpty() || !text.chars().allMatch(Character::isDigit)) {
            return Optional.empty();
        }
        return Optional.of(Long.parseLong(text));
    }

    private record PasswdEntry(String name, long uid, long gid) {

        static List<PasswdEntry> parse(String file) {
            List<PasswdEntry> entries = new ArrayList<>();
            for (String line : file.split("\n")) {
                String[] fields = line.trim().split(":", -1);
                if (line.isBlank() || line.startsWith("#") || fields.length < 4) {
                    continue;
                }
                Optional<Long> uid = number(fields[2]);
                Optional<Long> gid = number(fields[3]);
                if (uid.isPresent() && gid.isPresent()) {
                    entries.add(new PasswdEntry(fields[0], uid.get(), gid.get()));
                }
            }
            return entries;
        }
    }

    private record GroupEntry(String name, long gid, List<String> members) {

        static List<GroupEntry> parse(String file) {
            List<GroupEntry> entries = new ArrayList<>();
            for (String line : file.split("\n")) {
                String[] fields = line.trim().split(":", -1);
                if (line.isBlank() || line.startsWith("#") || fields.length < 3) {
                    continue;
                }
                Optional<Long> gid = number(fields[2]);
                List<String> members =
                        fields.length > 3 && !fields[3].isBlank() ? List.of(fields[3].split(",")) : List.of();
                gid.ifPresent(id -> entries.add(new GroupEntry(fields[0], id, members)));
            }
            return entries;
        }
    }
}
