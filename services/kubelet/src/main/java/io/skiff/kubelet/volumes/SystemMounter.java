package io.skiff.kubelet.volumes;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * Mounts with the system's {@code mount} and {@code umount} and reads mount points from
 * /proc/self/mountinfo.
 */
public final class SystemMounter implements Mounter {

    private static final Path MOUNT_INFO = Path.of("/proc/self/mountinfo");
    private static final long COMMAND_TIMEOUT_SECONDS = 30;

    private final boolean root;

    public SystemMounter() {
        this.root = runsAsRoot();
    }

    /** Whether this process runs as root (/proc/self belongs to the process's user). */
    public static boolean runsAsRoot() {
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    public boolean canMount() {
        return root;
    }

    @Override
    public void mountTmpfs(Path directory, OptionalLong sizeBytes) throws IOException {
        List<String> command = new ArrayList<>(List.of("mount", "-t", "tmpfs"));
        if (sizeBytes.isPresent()) {
            command.addAll(List.of("-o", "size=" + sizeBytes.getAsLong()));
        }
        command.addAll(List.of("tmpfs", directory.toString()));
        run(command);
    }

    @Override
    public void unmount(Path directory) throws IOException {
        run(List.of("umount", directory.toString()));
    }

    @Override
    public List<MountPoint> mountPointsUnder(Path directory) throws IOException {
        Path base = directory.toAbsolutePath().normalize();
        List<MountPoint> found = new ArrayList<>();
        for (String line : Files.readAllLines(MOUNT_INFO, StandardCharsets.UTF_8)) {
            MountPoint mountPoint = parse(line);
            if (mountPoint != null && mountPoint.path().startsWith(base)) {
                found.add(mountPoint);
            }
        }
        found.sort(Comparator.comparingInt((MountPoint m) -> m.path().getNameCount())
                .reversed());
        return found;
    }

    /** A mountinfo line: the mount point is the fifth field; the type follows the " - " separator. */
    static MountPoint parse(String line) {
        String[] fields = line.split(" ");
        int separator = List.of(fields).indexOf("-");
        if (fields.length < 5 || separator < 0 || separator + 1 >= fields.length) {
            return null;
        }
        return new MountPoint(Path.of(unescape(fields[4])), fields[separator + 1]);
    }

    /** The kernel writes space, tab, newline and backslash in paths as octal escapes ({@code \040}). */
    static String unescape(String field) {
        StringBuilder out = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && isOctal(field, i + 1)) {
                out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean isOctal(String text, int from) {
        if (from + 3 > text.length()) {
            return false;
        }
        for (int i = from; i < from + 3; i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '7') {
                return false;
            }
        }
        return true;
    }

    private static void run(List<String> command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output;
        try {
            output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!process.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(
                        String.join(" ", command) + " did not finish in " + COMMAND_TIMEOUT_SECONDS + "s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IOException(String.join(" ", command) + " was interrupted", e);
        }
        if (process.exitValue() != 0) {
            throw new IOException(
                    String.join(" ", command) + " failed (exit status " + process.exitValue() + "): " + output);
        }
    }
}
