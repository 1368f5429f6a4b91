package io.skiff.kubelet.runtime.runc;

import io.skiff.kubelet.network.HostCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A container's root file system in its bundle ({@code <bundle>/rootfs}): an overlay mount with
 * the image's layers as read-only lower directories and the container's writes in
 * {@code <bundle>/upper}, or, where overlayfs cannot be mounted (a kernel without it, a root
 * directory on overlayfs itself), a copy of the layers applied bottom first with their whiteouts.
 */
final class Rootfs {

    /** mount(2) takes its options in one page. */
    private static final int MAX_MOUNT_OPTIONS = 4000;

    private static final String WHITEOUT_PREFIX = ".wh.";
    private static final String OPAQUE_MARKER = ".wh..wh..opq";

    private final boolean overlay;
    private final Duration timeout;

    private Rootfs(boolean overlay, Duration timeout) {
        this.overlay = overlay;
        this.timeout = timeout;
    }

    /** Overlay when a test mount under {@code scratch} works, copies otherwise. */
    static Rootfs probe(Path scratch, Duration timeout) {
        Path probe = scratch.resolve("overlay-probe");
        try {
            for (String dir : List.of("lower", "upper", "work", "merged")) {
                Files.createDirectories(probe.resolve(dir));
            }
            HostCommand.Result mounted = HostCommand.of(
                            "mount",
                            "-t",
                            "overlay",
                            "overlay",
                            "-o",
                            "lowerdir=" + probe.resolve("lower") + ",upperdir=" + probe.resolve("upper") + ",workdir="
                                    + probe.resolve("work"),
                            probe.resolve("merged").toString())
                    .timeout(timeout)
                    .run();
            if (mounted.exitCode() == 0) {
                HostCommand.of("umount", probe.resolve("merged").toString())
                        .timeout(timeout)
                        .runChecked();
            }
            Trees.delete(probe);
            return new Rootfs(mounted.exitCode() == 0, timeout);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Rootfs copying(Duration timeout) {
        return new Rootfs(false, timeout);
    }

    boolean overlay() {
        return overlay;
    }

    /** Prepares {@code <bundle>/rootfs} from {@code layers} (bottom first) and returns it. */
    Path create(Path bundle, List<Path> layers) throws IOException {
        Path rootfs = bundle.resolve(ContainerSpecFactory.ROOTFS);
        Files.createDirectories(rootfs);
        String options = overlayOptions(bundle, layers);
        if (overlay && options.length() <= MAX_MOUNT_OPTIONS) {
            Files.createDirectories(bundle.resolve("upper"));
            Files.createDirectories(bundle.resolve("work"));
            HostCommand.of("mount", "-t", "overlay", "overlay", "-o", options, rootfs.toString())
                    .timeout(timeout)
                    .runChecked();
        } else {
            for (Path layer : layers) {
                applyLayer(layer, rootfs);
            }
        }
        return rootfs;
    }

    /** Unmounts the rootfs if it is mounted; the bundle directory can then be deleted. */
    void release(Path bundle) {
        Path rootfs = bundle.resolve(ContainerSpecFactory.ROOTFS);
        if (Mounts.isMountPoint(rootfs)) {
            HostCommand.of("umount", rootfs.toString()).timeout(timeout).runChecked();
        }
    }

    /** overlayfs lists lower directories top first. */
    static String overlayOptions(Path bundle, List<Path> layers) throws IOException {
        List<Path> lower = new ArrayList<>(layers);
        if (lower.isEmpty()) {
            Path empty = bundle.resolve("empty");
            Files.createDirectories(empty);
            lower.add(empty);
        }
        Collections.reverse(lower);
        return "lowerdir=" + lower.stream().map(Path::toString).collect(Collectors.joining(":")) + ",upperdir="
                + bundle.resolve("upper") + ",workdir=" + bundle.resolve("work");
    }

    /**
     * Copies one layer over what the layers below it left: a whiteout (a 0/0 character device, as
     * overlayfs writes it, or a {@code .wh.<name>} file, as the OCI layer format does) removes the
     * path below it; an opaque directory marker ({@code .wh..wh..opq}) empties its directory first.
     */
    static void applyLayer(Path layer, Path target) throws IOException {
        Files.walkFileTree(layer, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Path destination = target.resolve(layer.relativize(dir).toString());
                if (Files.exists(dir.resolve(OPAQUE_MARKER), LinkOption.NOFOLLOW_LINKS)
                        && Files.isDirectory(destination, LinkOption.NOFOLLOW_LINKS)) {
                    Trees.deleteContents(destination);
                }
                if (Files.exists(destination, LinkOption.NOFOLLOW_LINKS)
                        && !Files.isDirectory(destination, LinkOption.NOFOLLOW_LINKS)) {
                    Files.delete(destination);
                }
                if (!Files.exists(destination, LinkOption.NOFOLLOW_LINKS)) {
                    Files.copy(dir, destination, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                String name = file.getFileName().toString();
                Path destination = target.resolve(layer.relativize(file).toString());
                if (name.equals(OPAQUE_MARKER)) {
                    return FileVisitResult.CONTINUE;
                }
                if (name.startsWith(WHITEOUT_PREFIX)) {
                    Trees.delete(destination.resolveSibling(name.substring(WHITEOUT_PREFIX.length())));
                    return FileVisitResult.CONTINUE;
                }
                if (isOverlayWhiteout(file, attrs)) {
                    Trees.delete(destination);
                    return FileVisitResult.CONTINUE;
                }
                if (Files.isDirectory(destination, LinkOption.NOFOLLOW_LINKS)) {
                    Trees.delete(destination);
                }
                Files.copy(
                        file,
                        destination,
                        StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.COPY_ATTRIBUTES,
                        LinkOption.NOFOLLOW_LINKS);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException failure) throws IOException {
                if (failure != null) {
                    throw failure;
                }
                // Writing the entries changed the directory's modification time; restore the layer's.
                Path destination = target.resolve(layer.relativize(dir).toString());
                Files.setLastModifiedTime(destination, Files.getLastModifiedTime(dir));
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static boolean isOverlayWhiteout(Path file, BasicFileAttributes attrs) throws IOException {
        if (!attrs.isOther()) {
            return false;
        }
        Object rdev = Files.getAttribute(file, "unix:rdev", LinkOption.NOFOLLOW_LINKS);
        int mode = (Integer) Files.getAttribute(file, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        boolean characterDevice = (mode & 0170000) == 0020000;
        return characterDevice && ((Long) rdev) == 0L;
    }
}
