package io.skiff.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The data directory: --data-dir, else $SKIFF_DATA_DIR, else ~/.skiff. */
final class DataDirectory {

    private DataDirectory() {}

    static Path resolve(Path option) throws IOException {
        Path dir = option;
        if (dir == null) {
            String env = System.getenv("SKIFF_DATA_DIR");
            dir = env != null && !env.isBlank() ? Path.of(env) : Path.of(System.getProperty("user.home"), ".skiff");
        }
        dir = dir.toAbsolutePath().normalize();
        Files.createDirectories(dir);
        return dir;
    }
}
