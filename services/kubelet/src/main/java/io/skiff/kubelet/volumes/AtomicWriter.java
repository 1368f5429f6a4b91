package io.skiff.kubelet.volumes;

import io.skiff.kubelet.files.FileTrees;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Projects a set of files into a directory atomically, as Kubernetes' AtomicWriter does for
 * configMap, secret, downwardAPI and projected volumes.
 *
 * <p>The files live in a hidden timestamped directory ({@code ..2024_01_31_12_00_00.123456}); the
 * {@code ..data} symlink points at the current one, and each top-level user-visible name is a
 * symlink through it ({@code key -> ..data/key}). An update writes a new timestamped directory
 * and renames a new {@code ..data} link over the old one, so a reader sees either the old set of
 * files or the new one, never a mix. Names starting with {@code ..} are reserved. Not thread-safe:
 * callers serialise writes to one directory.
 */
public final class AtomicWriter {

    static final String DATA_DIR_NAME = "..data";
    static final String NEW_DATA_DIR_NAME = "..data_tmp";

    private static final Logger log = LoggerFactory.getLogger(AtomicWriter.class);
    private static final int MAX_FILE_NAME_LENGTH = 255;
    private static final int MAX_PATH_LENGTH = 4096;
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("'..'yyyy_MM_dd_HH_mm_ss'.'").withZone(ZoneOffset.UTC);
    private static final int TIMESTAMP_DIR_MODE = 0755;

    private final Path targetDirectory;
    private final String logContext;
    private final Clock clock;

    /** A file to project: its content and permission bits. */
    public record FileProjection(byte[] data, int mode) {

        public static FileProjection of(String text, int mode) {
            return new FileProjection(text.getBytes(StandardCharsets.UTF_8), mode);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof FileProjection that && mode == that.mode && Arrays.equals(data, that.data);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(data) + mode;
        }

        @Override
        public String toString() {
            return "FileProjection[" + data.length + " bytes, mode " + Integer.toOctalString(mode) + "]";
        }
    }

    /** Called with the new timestamped directory's name before it becomes visible. */
    @FunctionalInterface
    public interface PermissionSetter {
        void apply(String timestampDirectoryName) throws IOException;
    }

    /**
     * @throws NoSuchFileException when the target directory does not exist
     */
    public AtomicWriter(Path targetDirectory, String logContext, Clock clock) throws NoSuchFileException {
        if (!Files.isDirectory(targetDirectory)) {
            throw new NoSuchFileException(targetDirectory.toString());
        }
        this.targetDirectory = targetDirectory;
        this.logContext = logContext;
        this.clock = clock;
    }

    public AtomicWriter(Path targetDirectory, String logContext) throws NoSuchFileException {
        this(targetDirectory, logContext, Clock.systemUTC());
    }

    /** {@link #write(Map, PermissionSetter)} without a permission hook. */
    public boolean write(Map<String, FileProjection> payload) throws IOException {
        return write(payload, null);
    }

    /**
     * Makes the directory hold exactly {@code payload} (paths relative, '/'-separated).
     *
     * @return whether a new version was written; false when the directory already held the payload
     * @throws IllegalArgumentException with Kubernetes' message when a path is invalid
     */
    public boolean write(Map<String, FileProjection> payload, PermissionSetter setPermissions) throws IOException {
        Map<String, FileProjection> clean = validatePayload(payload);

        Path dataDirectory = targetDirectory.resolve(DATA_DIR_NAME);
        String oldTimestampDirectory = readDataLink(dataDirectory);
        Path oldTimestampPath = oldTimestampDirectory.isEmpty() ? null : targetDirectory.resolve(oldTimestampDirectory);

        Set<String> pathsToRemove = Set.of();
        boolean shouldWrite = true;
        if (oldTimestampPath != null) {
            pathsToRemove = pathsToRemove(clean, oldTimestampPath);
            if (!shouldWritePayload(clean, oldTimestampPath) && pathsToRemove.isEmpty()) {
                log.trace("{}: no update required for target directory {}", logContext, targetDirectory);
                shouldWrite = false;
                // the data is current, but the visible links may be missing after a crash; keep the old directory
                oldTimestampPath = null;
            }
        }

        Path timestampDirectory = null;
        if (shouldWrite) {
            timestampDirectory = newTimestampDirectory();
            writePayloadToDirectory(clean, timestampDirectory);
            if (setPermissions != null) {
                setPermissions.apply(timestampDirectory.getFileName().toString());
            }
        }

        createUserVisibleFiles(clean);

        if (shouldWrite) {
            Path newDataDirectory = targetDirectory.resolve(NEW_DATA_DIR_NAME);
            // a link left by an interrupted write would block this one forever
            Files.deleteIfExists(newDataDirectory);
            try {
                Files.createSymbolicLink(newDataDirectory, timestampDirectory.getFileName());
                Files.move(newDataDirectory, dataDirectory, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                Files.deleteIfExists(newDataDirectory);
                FileTrees.deleteRecursively(timestampDirectory);
                throw e;
            }
        }

        removeUserVisiblePaths(pathsToRemove);
        if (oldTimestampPath != null) {
            FileTrees.deleteRecursively(oldTimestampPath);
        }
        return shouldWrite;
    }

    /** The timestamped directory ..data points at, or "" when there is none yet. */
    private static String readDataLink(Path dataDirectory) throws IOException {
        try {
            return Files.readSymbolicLink(dataDirectory).toString();
        } catch (NoSuchFileException e) {
            return "";
        }
    }

    /**
     * The payload with cleaned paths ({@code a//b/./c} is {@code a/b/c}).
     *
     * @throws IllegalArgumentException for an invalid path
     */
    static Map<String, FileProjection> validatePayload(Map<String, FileProjection> payload) {
        Map<String, FileProjection> clean = new TreeMap<>();
        for (Map.Entry<String, FileProjection> entry : payload.entrySet()) {
            validatePath(entry.getKey());
            clean.put(cleanPath(entry.getKey()), entry.getValue());
        }
        return clean;
    }

    /**
     * A path may not be empty or absolute, contain a {@code ..} element, start with {@code ..},
     * have a name longer than 255 bytes or be longer than 4096 bytes.
     */
    static void validatePath(String path) {
        if (path.isEmpty()) {
            throw new IllegalArgumentException("invalid path: must not be empty: \"\"");
        }
        if (path.startsWith("/")) {
            throw new IllegalArgumentException("invalid path: must be relative path: " + path);
        }
        if (utf8Length(path) > MAX_PATH_LENGTH) {
            throw new IllegalArgumentException(
                    "invalid path: must be less than or equal to " + MAX_PATH_LENGTH + " characters");
        }
        String[] items = path.split("/", -1);
        for (String item : items) {
            if (item.equals("..")) {
                throw new IllegalArgumentException("invalid path: must not contain '..': " + path);
            }
            if (utf8Length(item) > MAX_FILE_NAME_LENGTH) {
                throw new IllegalArgumentException("invalid path: filenames must be less than or equal to "
                        + MAX_FILE_NAME_LENGTH + " characters");
            }
        }
        if (items[0].startsWith("..") && items[0].length() > 2) {
            throw new IllegalArgumentException("invalid path: must not start with '..': " + path);
        }
    }

    /** Go's filepath.Clean for a relative path without {@code ..}: no empty or {@code .} elements. */
    static String cleanPath(String path) {
        List<String> kept = new ArrayList<>();
        for (String item : path.split("/")) {
            if (!item.isEmpty() && !item.equals(".")) {
                kept.add(item);
            }
        }
        return kept.isEmpty() ? "." : String.join("/", kept);
    }

    private static boolean shouldWritePayload(Map<String, FileProjection> payload, Path oldTimestampPath)
            throws IOException {
        for (Map.Entry<String, FileProjection> entry : payload.entrySet()) {
            Path onDisk = oldTimestampPath.resolve(entry.getKey());
            if (!Files.exists(onDisk, LinkOption.NOFOLLOW_LINKS)) {
                return true;
            }
            if (!Arrays.equals(entry.getValue().data(), Files.readAllBytes(onDisk))) {
                return true;
            }
        }
        return false;
    }

    /**
     * The paths of the current version that the new payload no longer has, files and directories
     * alike, relative to the timestamped directory.
     */
    Set<String> pathsToRemove(Map<String, FileProjection> payload, Path oldTimestampPath) throws IOException {
        Set<String> current = new TreeSet<>();
        if (!Files.isDirectory(oldTimestampPath, LinkOption.NOFOLLOW_LINKS)) {
            return current;
        }
        try (Stream<Path> walk = Files.walk(oldTimestampPath)) {
            walk.filter(p -> !p.equals(oldTimestampPath))
                    .forEach(p -> current.add(oldTimestampPath.relativize(p).toString()));
        }
        Set<String> wanted = new HashSet<>();
        for (String file : payload.keySet()) {
            // every parent of a new file stays, so no non-empty directory is removed
            for (String sub = file; !sub.isEmpty(); sub = parentOf(sub)) {
                wanted.add(sub);
            }
        }
        current.removeAll(wanted);
        log.trace("{}: paths to remove: {}", targetDirectory, current);
        return current;
    }

    private static String parentOf(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }

    private Path newTimestampDirectory() throws IOException {
        Path directory = Files.createTempDirectory(targetDirectory, TIMESTAMP.format(clock.instant()));
        // group and others must be able to walk the tree whatever the process's umask
        Files.setAttribute(directory, "unix:mode", TIMESTAMP_DIR_MODE);
        return directory;
    }

    private void writePayloadToDirectory(Map<String, FileProjection> payload, Path directory) throws IOException {
        for (Map.Entry<String, FileProjection> entry : payload.entrySet()) {
            Path file = directory.resolve(entry.getKey());
            Files.createDirectories(file.getParent());
            Files.write(file, entry.getValue().data());
            // the requested mode whatever the umask
            Files.setAttribute(file, "unix:mode", entry.getValue().mode() & 07777);
        }
    }

    /** Links each top-level name into ..data: for "foo/bar" and "baz", {@code foo -> ..data/foo}, {@code baz -> ..data/baz}. */
    private void createUserVisibleFiles(Map<String, FileProjection> payload) throws IOException {
        for (String path : payload.keySet()) {
            int slash = path.indexOf('/');
            String linkName = slash < 0 ? path : path.substring(0, slash);
            Path visible = targetDirectory.resolve(linkName);
            if (!Files.exists(visible, LinkOption.NOFOLLOW_LINKS)) {
                Files.createSymbolicLink(visible, Path.of(DATA_DIR_NAME, linkName));
            }
        }
    }

    /** Only top-level names are links of their own; deeper paths go with their timestamped directory. */
    private void removeUserVisiblePaths(Set<String> paths) throws IOException {
        IOException last = null;
        for (String path : paths) {
            if (path.contains("/")) {
                continue;
            }
            try {
                Files.deleteIfExists(targetDirectory.resolve(path));
            } catch (IOException e) {
                log.warn("{}: cannot prune the old user-visible path {}: {}", logContext, path, e.toString());
                last = e;
            }
        }
        if (last != null) {
            throw last;
        }
    }

    private static int utf8Length(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }
}
