package io.skiff.kubelet.image;

import io.skiff.kubelet.files.FileTrees;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds a container's root file system by copying an image's layers, bottom first, into a
 * directory, with the result overlayfs would show: a layer's opaque directories lose what lower
 * layers put in them, its whiteouts remove paths of lower layers, its files replace theirs, and
 * its directories merge with theirs (a directory over a lower file or symlink replaces it).
 * Symlinks already in the target are never followed out of it. For runtimes that cannot mount
 * overlayfs.
 */
public final class RootfsCopier {

    private final SpecialFiles special;

    public RootfsCopier() {
        this(SpecialFiles.detect());
    }

    RootfsCopier(SpecialFiles special) {
        this.special = special;
    }

    /** Copies {@code layers} (bottom first) into {@code target}, an existing directory. */
    public void copy(List<UnpackedLayer> layers, Path target) throws IOException {
        for (UnpackedLayer layer : layers) {
            for (String opaque : layer.opaqueDirectories()) {
                Path directory = existing(target, opaque);
                if (directory != null && Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
                    try (var children = Files.list(directory)) {
                        for (Path child : (Iterable<Path>) children::iterator) {
                            FileTrees.deleteRecursively(child);
                        }
                    }
                }
            }
            for (String whiteout : layer.whiteouts()) {
                Path removed = existing(target, whiteout);
                if (removed != null) {
                    FileTrees.deleteRecursively(removed);
                }
            }
            copyLayer(layer, target);
        }
    }

    /** The target path a rootfs path names, its parents resolved inside target; null if a parent is missing. */
    private static Path existing(Path target, String rootfsPath) throws IOException {
        String relative = rootfsPath.startsWith("/") ? rootfsPath.substring(1) : rootfsPath;
        if (relative.isEmpty()) {
            return target;
        }
        int slash = relative.lastIndexOf('/');
        try {
            Path parent = ScopedPaths.directory(target, slash < 0 ? "" : relative.substring(0, slash), false);
            return parent.resolve(relative.substring(slash + 1));
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private void copyLayer(UnpackedLayer layer, Path target) throws IOException {
        Path source = layer.directory();
        Set<String> whiteouts = new HashSet<>(layer.whiteouts());
        Map<Object, Path> linked = new HashMap<>();
        List<Path[]> directories = new ArrayList<>();
        Files.walkFileTree(source, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Path destination = destination(source, dir, target);
                if (!destination.equals(target)) {
                    if (Files.exists(destination, LinkOption.NOFOLLOW_LINKS)
                            && !Files.isDirectory(destination, LinkOption.NOFOLLOW_LINKS)) {
                        Files.delete(destination);
                    }
                    if (!Files.exists(destination, LinkOption.NOFOLLOW_LINKS)) {
                        Files.createDirectory(destination);
                    }
                }
                directories.add(new Path[] {dir, destination});
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (whiteouts.contains("/" + source.relativize(file))) {
                    // overlayfs' own whiteout device for a path this layer removes: applied above.
                    return FileVisitResult.CONTINUE;
                }
                Path destination = destination(source, file, target);
                FileTrees.deleteRecursively(destination);
                if (attrs.isSymbolicLink()) {
                    Files.createSymbolicLink(destination, Files.readSymbolicLink(file));
                    owner(file, destination);
                    return FileVisitResult.CONTINUE;
                }
                Object key = attrs.fileKey();
                int links = (Integer) Files.getAttribute(file, "unix:nlink", LinkOption.NOFOLLOW_LINKS);
                if (links > 1 && key != null && linked.containsKey(key)) {
                    Files.createLink(destination, linked.get(key));
                    return FileVisitResult.CONTINUE;
                }
                if (attrs.isRegularFile()) {
                    Files.copy(file, destination);
                } else if (!special(file, destination)) {
                    return FileVisitResult.CONTINUE;
                }
                if (links > 1 && key != null) {
                    linked.put(key, destination);
                }
                attributes(file, destination, attrs.isRegularFile());
                return FileVisitResult.CONTINUE;
            }
        });
        for (int i = directories.size() - 1; i >= 0; i--) {
            attributes(directories.get(i)[0], directories.get(i)[1], true);
        }
    }

    /** The target path for a source entry: parents resolved inside target (created if missing). */
    private static Path destination(Path source, Path entry, Path target) throws IOException {
        if (entry.equals(source)) {
            return target;
        }
        String relative = source.relativize(entry).toString();
        int slash = relative.lastIndexOf('/');
        Path parent = ScopedPaths.directory(target, slash < 0 ? "" : relative.substring(0, slash), true);
        return parent.resolve(relative.substring(slash + 1));
    }

    /** Recreates a FIFO or device node; false when this process cannot. */
    private boolean special(Path file, Path destination) throws IOException {
        int mode = (Integer) Files.getAttribute(file, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        int type = mode & 0170000;
        if (!special.hasMknod()) {
            return false;
        }
        if (type == 0010000) {
            special.fifo(destination);
            return true;
        }
        if ((type == 0020000 || type == 0060000) && special.root()) {
            long rdev = (Long) Files.getAttribute(file, "unix:rdev", LinkOption.NOFOLLOW_LINKS);
            long major = ((rdev >>> 8) & 0xfff) | ((rdev >>> 32) & ~0xfffL);
            long minor = (rdev & 0xff) | ((rdev >>> 12) & ~0xffL);
            if (type == 0020000) {
                special.characterDevice(destination, major, minor);
            } else {
                special.blockDevice(destination, major, minor);
            }
            return true;
        }
        return false;
    }

    private void attributes(Path source, Path destination, boolean setTimes) throws IOException {
        owner(source, destination);
        if (setTimes) {
            FileTime modified = Files.getLastModifiedTime(source, LinkOption.NOFOLLOW_LINKS);
            Files.setLastModifiedTime(destination, modified);
        }
        int mode = (Integer) Files.getAttribute(source, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(destination, "unix:mode", mode & 07777);
    }

    private void owner(Path source, Path destination) throws IOException {
        if (special.root()) {
            Files.setAttribute(
                    destination,
                    "unix:uid",
                    Files.getAttribute(source, "unix:uid", LinkOption.NOFOLLOW_LINKS),
                    LinkOption.NOFOLLOW_LINKS);
            Files.setAttribute(
                    destination,
                    "unix:gid",
                    Files.getAttribute(source, "unix:gid", LinkOption.NOFOLLOW_LINKS),
                    LinkOption.NOFOLLOW_LINKS);
        }
    }
}
