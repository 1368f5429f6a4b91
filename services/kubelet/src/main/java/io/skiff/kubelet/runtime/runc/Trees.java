package io.skiff.kubelet.runtime.runc;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Set;

/**
 * Deleting directory trees the runtime made, without following symbolic links and without
 * descending into anything mounted below them (an overlay rootfs, a pinned namespace, the pod's
 * shm): a mount still in place fails the delete instead of emptying what it shows.
 */
final class Trees {

    private Trees() {}

    /** Deletes {@code path} and everything below it; a missing path is fine. */
    static void delete(Path path) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (!Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            Files.deleteIfExists(path);
            return;
        }
        deleteContents(path);
        Files.deleteIfExists(path);
    }

    /** Deletes everything below the directory {@code dir}, keeping it. */
    static void deleteContents(Path dir) throws IOException {
        Object device = Files.getAttribute(dir, "unix:dev", LinkOption.NOFOLLOW_LINKS);
        Set<String> mountPoints = Mounts.mountPoints();
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path current, BasicFileAttributes attrs) throws IOException {
                if (!device.equals(Files.getAttribute(current, "unix:dev", LinkOption.NOFOLLOW_LINKS))
                        || mountPoints.contains(
                                current.toAbsolutePath().normalize().toString())) {
                    throw new IOException(current + " is a mount point; not deleting below it");
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (mountPoints.contains(file.toAbsolutePath().normalize().toString())) {
                    throw new IOException(file + " is a mount point; not deleting it");
                }
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException failure) throws IOException {
                if (failure instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw failure;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path current, IOException failure) throws IOException {
                if (failure != null) {
                    throw failure;
                }
                if (!current.equals(dir)) {
                    Files.delete(current);
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
