package io.skiff.kubelet.runtime.runc;

import io.skiff.kubelet.cri.ContainerConfig;
import io.skiff.kubelet.runtime.runc.oci.OciSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Builds a container's OCI {@code config.json} from its CRI config, its image's defaults and its
 * sandbox, following containerd's CRI plugin: the process (args, env, cwd, user, capabilities), the
 * default Linux mounts plus the sandbox's /etc/hosts, /etc/resolv.conf, /etc/hostname and
 * /dev/shm plus the pod's volumes, new PID and mount namespaces with the sandbox's network, IPC
 * and UTS joined by path, and the cgroup resources from the container's requests and limits.
 */
final class ContainerSpecFactory {

    /** Kubernetes' default ProcMount: paths hidden from, and read-only to, unprivileged containers. */
    static final List<String> MASKED_PATHS = List.of(
            "/proc/asound",
            "/proc/acpi",
            "/proc/kcore",
            "/proc/keys",
            "/proc/latency_stats",
            "/proc/timer_list",
            "/proc/timer_stats",
            "/proc/sched_debug",
            "/proc/scsi",
            "/sys/firmware",
            "/sys/devices/virtual/powercap");

    static final List<String> READONLY_PATHS =
            List.of("/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger");

    static final String ROOTFS = "rootfs";

    private final HostFeatures host;

    ContainerSpecFactory(HostFeatures host) {
        this.host = host;
    }

    OciSpec build(
            String containerId,
            ContainerConfig config,
            ImageDefaults image,
            ContainerUser user,
            SandboxLayout sandbox,
            String cgroupsPath) {
        ContainerConfig.Security security = config.security();
        boolean privileged = security != null && security.privileged();
        boolean readOnlyRoot = security != null && security.readOnlyRootFilesystem();
        ContainerConfig.Resources resources = config.resources();

        OciSpec.Process process = new OciSpec.Process(
                false,
                new OciSpec.User(user.uid(), user.gid(), user.additionalGids()),
                ProcessArgs.merge(config.command(), config.args(), image.entrypoint(), image.cmd()),
                Environment.merge(sandbox.hostname(), image.env(), config.env()),
                workingDir(config, image),
                LinuxCapabilities.of(
                        privileged,
                        security == null ? List.of() : security.capabilitiesAdd(),
                        security == null ? List.of() : security.capabilitiesDrop(),
                        host.capabilities()),
                host.openFiles() > 0
                        ? List.of(new OciSpec.Rlimit("RLIMIT_NOFILE", host.openFiles(), host.openFiles()))
                        : null,
                false,
                resources == null ? null : resources.oomScoreAdj());

        List<OciSpec.Mount> mounts = new ArrayList<>();
        List<ContainerConfig.Mount> binds = binds(config, sandbox, readOnlyRoot);
        Set<String> bound = binds.stream().map(m -> clean(m.containerPath())).collect(Collectors.toSet());
        for (OciSpec.Mount mount : defaultMounts(privileged)) {
            boolean underBoundDev =
                    bound.contains("/dev") && mount.destination().startsWith("/dev/");
            if (!bound.contains(mount.destination()) && !underBoundDev) {
                mounts.add(mount);
            }
        }
        String rootfsPropagation = null;
        for (ContainerConfig.Mount bind : binds) {
            String propagation = switch (bind.propagation() == null ? "None" : bind.propagation()) {
                case "Bidirectional" -> "rshared";
                case "HostToContainer" -> "rslave";
                default -> "rprivate";
            };
            if (propagation.equals("rshared")) {
                rootfsPropagation = "rshared";
            } else if (propagation.equals("rslave") && rootfsPropagation == null) {
                rootfsPropagation = "rslave";
            }
            mounts.add(new OciSpec.Mount(
                    clean(bind.containerPath()),
                    "bind",
                    bind.hostPath(),
                    List.of("rbind", propagation, bind.readOnly() ? "ro" : "rw")));
        }

        List<OciSpec.Namespace> namespaces = new ArrayList<>();
        namespaces.add(new OciSpec.Namespace("pid", null));
        namespaces.add(new OciSpec.Namespace("mount", null));
        if (sandbox.netns() != null) {
            namespaces.add(new OciSpec.Namespace("network", sandbox.netns()));
        }
        namespaces.add(new OciSpec.Namespace("ipc", sandbox.ipc()));
        if (sandbox.uts() != null) {
            namespaces.add(new OciSpec.Namespace("uts", sandbox.uts()));
        }
        if (host.cgroupNamespace() && !privileged) {
            namespaces.add(new OciSpec.Namespace("cgroup", null));
        }

        OciSpec.Linux linux = new OciSpec.Linux(
                resources(resources, privileged),
                cgroupsPath,
                namespaces,
                privileged ? List.of() : MASKED_PATHS,
                privileged ? List.of() : READONLY_PATHS,
                rootfsPropagation);

        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put("io.kubernetes.cri.container-type", "container");
        annotations.put("io.kubernetes.cri.sandbox-id", sandbox.id());
        annotations.put("io.kubernetes.cri.sandbox-name", sandbox.podName());
        annotations.put("io.kubernetes.cri.sandbox-namespace", sandbox.podNamespace());
        annotations.put("io.kubernetes.cri.container-name", config.name());
        annotations.put("io.kubernetes.cri.image-name", config.image());

        return new OciSpec(
                OciSpec.VERSION, process, new OciSpec.Root(ROOTFS, readOnlyRoot), null, mounts, linux, annotations);
    }

    private static String workingDir(ContainerConfig config, ImageDefaults image) {
        if (config.workingDir() != null && !config.workingDir().isBlank()) {
            return config.workingDir();
        }
        return image.workingDir().isBlank() ? "/" : image.workingDir();
    }

    /**
     * The pod's volumes plus the sandbox's files, the pod's winning where both name a path,
     * sorted by depth so a mount never hides one below it.
     */
    private static List<ContainerConfig.Mount> binds(
            ContainerConfig config, SandboxLayout sandbox, boolean readOnlyRoot) {
        List<ContainerConfig.Mount> binds = new ArrayList<>(config.mounts());
        Set<String> requested =
                config.mounts().stream().map(m -> clean(m.containerPath())).collect(Collectors.toSet());
        Map<String, ContainerConfig.Mount> fromSandbox = new LinkedHashMap<>();
        fromSandbox.put("/etc/hostname", sandboxFile("/etc/hostname", sandbox.hostnameFile(), readOnlyRoot));
        fromSandbox.put("/etc/hosts", sandboxFile("/etc/hosts", sandbox.hostsFile(), readOnlyRoot));
        fromSandbox.put("/etc/resolv.conf", sandboxFile("/etc/resolv.conf", sandbox.resolvConf(), readOnlyRoot));
        fromSandbox.put("/dev/shm", sandboxFile("/dev/shm", sandbox.shm(), false));
        fromSandbox.forEach((path, mount) -> {
            if (!requested.contains(path)) {
                binds.add(mount);
            }
        });
        binds.sort(Comparator.comparingInt(m -> depth(m.containerPath())));
        return binds;
    }

    private static ContainerConfig.Mount sandboxFile(String containerPath, Path hostPath, boolean readOnly) {
        return new ContainerConfig.Mount(containerPath, hostPath.toString(), readOnly, "None");
    }

    private static List<OciSpec.Mount> defaultMounts(boolean privileged) {
        return List.of(
                new OciSpec.Mount("/proc", "proc", "proc", List.of("nosuid", "noexec", "nodev")),
                new OciSpec.Mount(
                        "/dev", "tmpfs", "tmpfs", List.of("nosuid", "strictatime", "mode=755", "size=65536k")),
                new OciSpec.Mount(
                        "/dev/pts",
                        "devpts",
                        "devpts",
                        List.of("nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5")),
                new OciSpec.Mount("/dev/mqueue", "mqueue", "mqueue", List.of("nosuid", "noexec", "nodev")),
                new OciSpec.Mount(
                        "/sys", "sysfs", "sysfs", List.of("nosuid", "noexec", "nodev", privileged ? "rw" : "ro")),
                new OciSpec.Mount(
                        "/sys/fs/cgroup",
                        "cgroup",
                        "cgroup",
                        List.of("nosuid", "noexec", "nodev", "relatime", privileged ? "rw" : "ro")));
    }

    private OciSpec.Resources resources(ContainerConfig.Resources resources, boolean privileged) {
        List<OciSpec.DeviceRule> devices = List.of(new OciSpec.DeviceRule(privileged, "rwm"));
        if (resources == null) {
            return new OciSpec.Resources(devices, null, null);
        }
        OciSpec.Memory memory = null;
        if (resources.memoryLimitBytes() > 0) {
            long limit = resources.memoryLimitBytes();
            memory = new OciSpec.Memory(limit, host.swapLimit() ? limit : null);
        }
        Long shares = resources.cpuShares() > 0 ? resources.cpuShares() : null;
        Long quota = resources.cpuQuotaMicros() > 0 ? resources.cpuQuotaMicros() : null;
        Long period = resources.cpuPeriodMicros() > 0 ? resources.cpuPeriodMicros() : null;
        OciSpec.Cpu cpu =
                shares == null && quota == null && period == null ? null : new OciSpec.Cpu(shares, quota, period);
        return new OciSpec.Resources(devices, memory, cpu);
    }

    private static int depth(String path) {
        return (int) clean(path).chars().filter(c -> c == '/').count();
    }

    private static String clean(String path) {
        String normalized = Path.of("/").resolve(path).normalize().toString();
        return normalized.isEmpty() ? "/" : normalized;
    }
}
