package io.skiff.kubelet.files;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/** Removing unpacked trees: never following symlinks, and coping with read-only directories. */
public final class FileTrees {

    private FileTrees() {}

    /** Deletes {@code path} and, if it is a directory (not a symlink to one), everything in it. */
    public static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (!Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            Files.delete(path);
            return;
        }
        Files.walkFileTree(path, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                makeWritable(dir);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                if (e instanceof AccessDeniedException && Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
                    // An unreadable directory (0000): open it up, then empty it.
                    makeWritable(file);
                    if (Files.isReadable(file)) {
                        deleteRecursively(file);
                        return FileVisitResult.CONTINUE;
                    }
                }
                throw e;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null && !(e instanceof NoSuchFileException)) {
                    throw e;
                }
                Files.deleteIfExists(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** Without root, a directory unpacked read-only (0555) must be opened up before emptying it. */
    private static void makeWritable(Path dir) throws IOException {
        if (Files.isReadable(dir) && Files.isWritable(dir) && Files.isExecutable(dir)) {
            return;
        }
        try {
            int mode = (Integer) Files.getAttribute(dir, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            Files.setAttribute(dir, "unix:mode", mode | 0700, LinkOption.NOFOLLOW_LINKS);
        } catch (AccessDeniedException e) {
            // Not ours to change; the delete below reports the failure.
        }
    }
}
