package io.skiff.launcher.sharing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LauncherCacheTest {

    @TempDir
    Path dir;

    @Test
    void theCacheIsWhereTheEnvironmentSays() {
        assertThat(LauncherCache.fromEnvironment(Map.of("SKIFF_CACHE_DIR", "/c", "XDG_CACHE_HOME", "/x"), "/home/u")
                        .root())
                .isEqualTo(Path.of("/c"));
        assertThat(LauncherCache.fromEnvironment(Map.of("XDG_CACHE_HOME", "/x"), "/home/u")
                        .root())
                .isEqualTo(Path.of("/x/skiff"));
        assertThat(LauncherCache.fromEnvironment(Map.of(), "/home/u").root())
                .isEqualTo(Path.of("/home/u/.cache/skiff"));
    }

    @Test
    void aRebuiltJarGetsAFreshEntry() throws IOException {
        LauncherCache cache = new LauncherCache(dir.resolve("cache"));
        Path jar = Files.writeString(dir.resolve("skiff.jar"), "first build");
        Path first = cache.entryFor(jar);
        assertThat(cache.entryFor(jar)).isEqualTo(first);

        Files.writeString(jar, "second build, longer");
        assertThat(cache.entryFor(jar)).isNotEqualTo(first).isDirectory();
    }

    @Test
    void eachJvmHasItsOwnArchive() {
        Path entry = dir.resolve("entry");
        assertThat(LauncherCache.archiveIn(entry, "/jdk17", "17.0.15+6"))
                .isEqualTo(LauncherCache.archiveIn(entry, "/jdk17", "17.0.15+6"))
                .isNotEqualTo(LauncherCache.archiveIn(entry, "/jdk25", "25+36"))
                .hasParentRaw(entry);
    }

    @Test
    void entriesUnusedForTwoWeeksAreRemoved() throws IOException {
        LauncherCache cache = new LauncherCache(dir.resolve("cache"));
        Path current = cache.entryFor(Files.writeString(dir.resolve("current.jar"), "a"));
        Path recent = cache.entryFor(Files.writeString(dir.resolve("recent.jar"), "bb"));
        Path old = cache.entryFor(Files.writeString(dir.resolve("old.jar"), "ccc"));
        Files.createDirectories(old.resolve("app/lib"));
        Instant now = Instant.now();
        Files.setLastModifiedTime(
                old.resolve("last-used"),
                FileTime.from(now.minus(LauncherCache.UNUSED_FOR).minus(Duration.ofHours(1))));
        Files.setLastModifiedTime(current.resolve("last-used"), FileTime.from(now.minus(Duration.ofDays(30))));

        cache.removeUnused(current, now);

        assertThat(old).doesNotExist();
        assertThat(recent).isDirectory();
        assertThat(current).as("the entry in use stays whatever its age").isDirectory();
    }
}
