package io.skiff.kubelet.node;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the kubelet reports about the machine (cAdvisor's MachineInfo and the node's system info),
 * read once at start.
 *
 * @param cpuCores the processors this JVM may use
 * @param memoryCapacityBytes MemTotal from /proc/meminfo
 * @param machineId /etc/machine-id
 * @param systemUuid the DMI product UUID, "" when it cannot be read
 * @param bootId /proc/sys/kernel/random/boot_id
 * @param kernelVersion the kernel release (uname -r)
 * @param osImage PRETTY_NAME from /etc/os-release
 * @param operatingSystem GOOS: linux
 * @param architecture GOARCH: amd64, arm64, ...
 */
public record MachineInfo(
        int cpuCores,
        long memoryCapacityBytes,
        String machineId,
        String systemUuid,
        String bootId,
        String kernelVersion,
        String osImage,
        String operatingSystem,
        String architecture) {

    private static final Pattern MEM_TOTAL = Pattern.compile("(?m)^MemTotal:\\s+(\\d+)\\s*kB");
    private static final Pattern PRETTY_NAME = Pattern.compile("(?m)^PRETTY_NAME=\"?([^\"\\n]*)\"?");

    /** The machine this JVM runs on. */
    public static MachineInfo read() {
        String meminfo = readFile("/proc/meminfo").orElse("");
        Matcher memTotal = MEM_TOTAL.matcher(meminfo);
        long memory = memTotal.find()
                ? Long.parseLong(memTotal.group(1)) * 1024
                : Runtime.getRuntime().maxMemory();
        Matcher pretty = PRETTY_NAME.matcher(readFile("/etc/os-release").orElse(""));
        return new MachineInfo(
                Runtime.getRuntime().availableProcessors(),
                memory,
                readFile("/etc/machine-id").orElse(""),
                readFile("/sys/class/dmi/id/product_uuid").orElse(""),
                readFile("/proc/sys/kernel/random/boot_id").orElse(""),
                readFile("/proc/sys/kernel/osrelease").orElse(System.getProperty("os.version")),
                pretty.find() ? pretty.group(1) : System.getProperty("os.name"),
                System.getProperty("os.name").toLowerCase(Locale.ROOT).startsWith("linux") ? "linux" : "unknown",
                goArch(System.getProperty("os.arch")));
    }

    /** Java's os.arch in Go's GOARCH spelling, which the kubernetes.io/arch label uses. */
    static String goArch(String javaArch) {
        return switch (javaArch) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            case "x86", "i386", "i686" -> "386";
            case "arm" -> "arm";
            case "ppc64le" -> "ppc64le";
            case "s390x" -> "s390x";
            case "riscv64" -> "riscv64";
            default -> javaArch;
        };
    }

    private static Optional<String> readFile(String path) {
        try {
            return Optional.of(Files.readString(Path.of(path)).trim());
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
    }
}
