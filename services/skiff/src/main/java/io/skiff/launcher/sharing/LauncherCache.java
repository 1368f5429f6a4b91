package io.skiff.launcher.sharing;

import io.skiff.kubelet.files.FileTrees;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;

/**
 * Where the unpacked jar and its class archives live: {@code $SKIFF_CACHE_DIR}, else
 * {@code $XDG_CACHE_HOME/skiff}, else {@code ~/.cache/skiff}; one directory per build of
 * skiff.jar (its path, size and modification time), so a rebuilt jar gets a fresh entry and an
 * entry unused for {@link #UNUSED_FOR} is removed.
 */
final class LauncherCache {

    static final Duration UNUSED_FOR = Duration.ofDays(14);
    private static final String LAST_USED = "last-used";

    private final Path root;

    LauncherCache(Path root) {
        this.root = root;
    }

    static LauncherCache fromEnvironment(Map<String, String> env, String userHome) {
        String explicit = env.get("SKIFF_CACHE_DIR");
        if (explicit != null && !explicit.isBlank()) {
            return new LauncherCache(Path.of(explicit));
        }
        String xdg = env.get("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(userHome, ".cache");
        return new LauncherCache(base.resolve("skiff"));
    }

    Path root() {
        return root;
    }

    /** The entry for this build of the jar; marks it used now. */
    Path entryFor(Path jar) throws IOException {
        Path real = jar.toRealPath();
        String identity = real + "\n" + Files.size(real) + "\n"
                + Files.getLastModifiedTime(real).toMillis();
        Path entry = root.resolve("skiff-" + shortHash(identity));
        Files.createDirectories(entry);
        Path marker = entry.resolve(LAST_USED);
        if (!Files.exists(marker)) {
            Files.createFile(marker);
        }
        Files.setLastModifiedTime(marker, FileTime.from(Instant.now()));
        return entry;
    }

    /** The class archive for the running JVM (a different JVM cannot map it) in {@code entry}. */
    static Path archiveIn(Path entry, String javaHome, String vmVersion) {
        return entry.resolve("classes-" + shortHash(javaHome + "\n" + vmVersion) + ".jsa");
    }

    /** Removes the entries other than {@code keep} that no start has used for {@link #UNUSED_FOR}. */
    void removeUnused(Path keep, Instant now) {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root, "skiff-*")) {
            for (Path entry : entries) {
                Path marker = entry.resolve(LAST_USED);
                if (!entry.equals(keep)
                        && Files.exists(marker)
                        && Files.getLastModifiedTime(marker).toInstant().isBefore(now.minus(UNUSED_FOR))) {
                    FileTrees.deleteRecursively(entry);
                }
            }
        } catch (IOException e) {
            // An old entry left behind costs disk space, nothing else.
        }
    }

    static String shortHash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
