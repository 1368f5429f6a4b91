package io.skiff.kubelet.runtime.runc;

import io.skiff.kubelet.runtime.runc.oci.OciSpec;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A container's capabilities as containerd's CRI plugin sets them: Docker's default set, or every
 * capability the kernel knows for a privileged container, then the pod spec's {@code add} and
 * {@code drop} ("ALL" first, so "add ALL, drop CHOWN" means everything but CHOWN). The same set
 * goes to bounding, effective and permitted; none is inheritable or ambient.
 */
final class LinuxCapabilities {

    static final List<String> DEFAULT = List.of(
            "CAP_CHOWN",
            "CAP_DAC_OVERRIDE",
            "CAP_FSETID",
            "CAP_FOWNER",
            "CAP_MKNOD",
            "CAP_NET_RAW",
            "CAP_SETGID",
            "CAP_SETUID",
            "CAP_SETFCAP",
            "CAP_SETPCAP",
            "CAP_NET_BIND_SERVICE",
            "CAP_SYS_CHROOT",
            "CAP_KILL",
            "CAP_AUDIT_WRITE");

    /** Every capability by its number (capabilities(7)). */
    private static final List<String> BY_NUMBER = List.of(
            "CAP_CHOWN",
            "CAP_DAC_OVERRIDE",
            "CAP_DAC_READ_SEARCH",
            "CAP_FOWNER",
            "CAP_FSETID",
            "CAP_KILL",
            "CAP_SETGID",
            "CAP_SETUID",
            "CAP_SETPCAP",
            "CAP_LINUX_IMMUTABLE",
            "CAP_NET_BIND_SERVICE",
            "CAP_NET_BROADCAST",
            "CAP_NET_ADMIN",
            "CAP_NET_RAW",
            "CAP_IPC_LOCK",
            "CAP_IPC_OWNER",
            "CAP_SYS_MODULE",
            "CAP_SYS_RAWIO",
            "CAP_SYS_CHROOT",
            "CAP_SYS_PTRACE",
            "CAP_SYS_PACCT",
            "CAP_SYS_ADMIN",
            "CAP_SYS_BOOT",
            "CAP_SYS_NICE",
            "CAP_SYS_RESOURCE",
            "CAP_SYS_TIME",
            "CAP_SYS_TTY_CONFIG",
            "CAP_MKNOD",
            "CAP_LEASE",
            "CAP_AUDIT_WRITE",
            "CAP_AUDIT_CONTROL",
            "CAP_SETFCAP",
            "CAP_MAC_OVERRIDE",
            "CAP_MAC_ADMIN",
            "CAP_SYSLOG",
            "CAP_WAKE_ALARM",
            "CAP_BLOCK_SUSPEND",
            "CAP_AUDIT_READ",
            "CAP_PERFMON",
            "CAP_BPF",
            "CAP_CHECKPOINT_RESTORE");

    private LinuxCapabilities() {}

    /** The capabilities up to the kernel's last one ({@code /proc/sys/kernel/cap_last_cap}). */
    static List<String> all(int lastCapability) {
        return BY_NUMBER.subList(0, Math.min(BY_NUMBER.size(), lastCapability + 1));
    }

    static OciSpec.Capabilities of(boolean privileged, List<String> add, List<String> drop, List<String> all) {
        Set<String> capabilities = new LinkedHashSet<>(privileged ? all : DEFAULT);
        if (!privileged) {
            if (add.stream().anyMatch(LinuxCapabilities::isAll)) {
                capabilities.addAll(all);
            }
            if (drop.stream().anyMatch(LinuxCapabilities::isAll)) {
                capabilities.clear();
            }
            add.stream().filter(c -> !isAll(c)).map(LinuxCapabilities::named).forEach(capabilities::add);
            drop.stream().filter(c -> !isAll(c)).map(LinuxCapabilities::named).forEach(capabilities::remove);
        }
        List<String> set = new ArrayList<>(capabilities);
        return new OciSpec.Capabilities(set, set, null, set, null);
    }

    private static boolean isAll(String capability) {
        return capability.equalsIgnoreCase("ALL");
    }

    /** Pod specs name capabilities without the CAP_ prefix. */
    private static String named(String capability) {
        String upper = capability.toUpperCase(Locale.ROOT);
        return upper.startsWith("CAP_") ? upper : "CAP_" + upper;
    }
}
