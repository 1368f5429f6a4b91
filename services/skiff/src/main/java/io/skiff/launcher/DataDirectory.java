package io.skiff.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The data directory: --data-dir, else $SKIFF_DATA_DIR, else $HOME/.skiff. */
final class DataDirectory {

    private DataDirectory() {}

    /** $HOME as a shell has it (Java's user.home comes from the password database instead). */
    private static Path home() {
        String home = System.getenv("HOME");
        return Path.of(home != null && !home.isBlank() ? home : System.getProperty("user.home"));
    }

    static Path resolve(Path option) throws IOException {
        Path dir = option;
        if (dir == null) {
            String env = System.getenv("SKIFF_DATA_DIR");
            dir = env != null && !env.isBlank() ? Path.of(env) : home().resolve(".skiff");
        }
        dir = dir.toAbsolutePath().normalize();
        Files.createDirectories(dir);
        return dir;
    }
}
