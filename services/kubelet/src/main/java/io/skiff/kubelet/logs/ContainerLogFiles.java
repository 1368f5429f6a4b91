package io.skiff.kubelet.logs;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A container log and the files its rotations left beside it: {@code 0.log} is the current file,
 * {@code 0.log.20260102-030405} the newest rotated one, {@code 0.log.20260102-020304.gz} older,
 * compressed ones. {@code .tmp} files are the remains of a compression that did not finish.
 */
public final class ContainerLogFiles {

    static final String COMPRESSED_SUFFIX = ".gz";
    static final String TMP_SUFFIX = ".tmp";

    private ContainerLogFiles() {}

    /** The files next to {@code log} whose names start with its name and a dot (the glob {@code <log>.*}), sorted. */
    static List<Path> rotatedFiles(Path log) throws IOException {
        return matching(log, log.getFileName() + ".");
    }

    /**
     * Removes the log and every file its rotations left (the container log manager's Clean): what
     * goes with a container that is removed.
     */
    public static void removeAll(Path log) throws IOException {
        for (Path file : matching(log, log.getFileName().toString())) {
            Files.deleteIfExists(file);
        }
    }

    /**
     * The rotated files a rotation keeps (GetAllLogs' filterUnusedLogs): not {@code .tmp} files, nor
     * an uncompressed file whose compressed twin exists.
     */
    static List<Path> inUse(List<Path> rotated) {
        Set<String> names =
                rotated.stream().map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        return rotated.stream()
                .filter(p -> isInUse(p.getFileName().toString(), names))
                .toList();
    }

    private static boolean isInUse(String name, Set<String> names) {
        if (name.endsWith(TMP_SUFFIX)) {
            return false;
        }
        return name.endsWith(COMPRESSED_SUFFIX) || !names.contains(name + COMPRESSED_SUFFIX);
    }

    private static List<Path> matching(Path log, String prefix) throws IOException {
        Path directory = log.toAbsolutePath().getParent();
        List<Path> files = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            return files;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path entry : entries) {
                if (entry.getFileName().toString().startsWith(prefix)) {
                    files.add(entry);
                }
            }
        }
        files.sort(null);
        return files;
    }
}
