package io.skiff.kubelet.image;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What Java cannot do on its own when unpacking layers: device nodes and FIFOs ({@code mknod})
 * and extended attributes outside the user namespace ({@code setfattr}, from Debian's attr
 * package), such as overlayfs' {@code trusted.overlay.opaque}. Ownership and device nodes need
 * root.
 */
final class SpecialFiles {

    private static final long TIMEOUT_SECONDS = 30;

    private final boolean root;
    private final Path mknod;
    private final Path setfattr;

    SpecialFiles(boolean root, Path mknod, Path setfattr) {
        this.root = root;
        this.mknod = mknod;
        this.setfattr = setfattr;
    }

    /** This process: root or not, and the tools found on the usual paths. */
    static SpecialFiles detect() {
        return new SpecialFiles(
                isRoot(), find("mknod", "/usr/bin", "/bin"), find("setfattr", "/usr/bin", "/bin", "/usr/sbin"));
    }

    /** Ownership and device nodes: only when running as root. */
    boolean root() {
        return root;
    }

    /**
     * Whether layers get overlayfs whiteouts (a 0/0 character device for a removed path, the
     * {@code trusted.overlay.opaque} attribute for an opaque directory): root with mknod and
     * setfattr at hand.
     */
    boolean overlayWhiteouts() {
        return root && mknod != null && setfattr != null;
    }

    boolean hasMknod() {
        return mknod != null;
    }

    void characterDevice(Path path, long major, long minor) throws IOException {
        run(mknod.toString(), path.toString(), "c", Long.toString(major), Long.toString(minor));
    }

    void blockDevice(Path path, long major, long minor) throws IOException {
        run(mknod.toString(), path.toString(), "b", Long.toString(major), Long.toString(minor));
    }

    void fifo(Path path) throws IOException {
        run(mknod.toString(), path.toString(), "p");
    }

    /** Sets an extended attribute on the path itself (never a symlink's target). */
    void setXattr(Path path, String name, byte[] value) throws IOException {
        if (setfattr == null) {
            throw new IOException("setfattr is not installed (Debian package attr)");
        }
        run(
                setfattr.toString(),
                "-h",
                "-n",
                name,
                "-v",
                "0s" + Base64.getEncoder().encodeToString(value),
                path.toString());
    }

    void opaque(Path directory) throws IOException {
        setXattr(directory, "trusted.overlay.opaque", "y".getBytes(StandardCharsets.US_ASCII));
    }

    private static void run(String... command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", command) + ": timed out");
            }
            if (process.exitValue() != 0) {
                throw new IOException(
                        String.join(" ", command) + ": " + new String(output, StandardCharsets.UTF_8).trim());
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException(String.join(" ", command) + ": interrupted", e);
        }
    }

    private static boolean isRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    List<String> ids =
                            new ArrayList<>(List.of(line.substring(4).trim().split("\\s+")));
                    return ids.size() > 1 && ids.get(1).equals("0");
                }
            }
        } catch (IOException e) {
            // Not Linux, or no /proc: judge by name.
        }
        return "root".equals(System.getProperty("user.name"));
    }

    private static Path find(String name, String... directories) {
        for (String directory : directories) {
            Path candidate = Path.of(directory, name);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
