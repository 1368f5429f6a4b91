package io.skiff.apiserver.admission.podsecurity;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Pod Security Standards level at a version (api.LevelVersion), printed as {@code
 * restricted:latest} or {@code baseline:v1.30}. Every version evaluates with this server's checks,
 * those of v1.32; older versions that Kubernetes checked differently are not modelled.
 */
record LevelVersion(Level level, String version) {

    enum Level {
        PRIVILEGED("privileged"),
        BASELINE("baseline"),
        RESTRICTED("restricted");

        private final String label;

        Level(String label) {
            this.label = label;
        }

        String label() {
            return label;
        }

        static Optional<Level> parse(String value) {
            for (Level level : values()) {
                if (level.label.equals(value)) {
                    return Optional.of(level);
                }
            }
            return Optional.empty();
        }
    }

    static final String LATEST = "latest";
    static final LevelVersion PRIVILEGED_LATEST = new LevelVersion(Level.PRIVILEGED, LATEST);

    private static final Pattern VERSION = Pattern.compile("^v1\\.(0|[1-9][0-9]*)$");

    /** api.ParseVersion: "latest" or v1.&lt;minor&gt;. */
    static boolean validVersion(String version) {
        Matcher matcher = VERSION.matcher(version);
        return LATEST.equals(version) || matcher.matches();
    }

    @Override
    public String toString() {
        return level.label() + ":" + version;
    }
}
