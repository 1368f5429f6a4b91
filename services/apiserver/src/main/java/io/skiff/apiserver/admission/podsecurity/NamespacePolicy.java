package io.skiff.apiserver.admission.podsecurity;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The Pod Security Standards a namespace asks for through its labels (api.PolicyToEvaluate):
 * {@code pod-security.kubernetes.io/<mode>} with {@code privileged}, {@code baseline} or {@code
 * restricted}, and {@code pod-security.kubernetes.io/<mode>-version} with {@code latest} or {@code
 * v1.<minor>}, for the modes enforce, audit and warn. No label is privileged:latest; an invalid
 * level counts as restricted and an invalid version as latest (failing closed), and is reported.
 */
record NamespacePolicy(LevelVersion enforce, LevelVersion audit, LevelVersion warn, List<String> errors) {

    static final String PREFIX = "pod-security.kubernetes.io/";
    static final List<String> MODES = List.of("enforce", "audit", "warn");

    static NamespacePolicy of(JsonNode namespace) {
        JsonNode labels = namespace == null ? null : namespace.path("metadata").path("labels");
        List<String> errors = new ArrayList<>();
        LevelVersion enforce = mode(labels, "enforce", errors);
        LevelVersion audit = mode(labels, "audit", errors);
        LevelVersion warn = mode(labels, "warn", errors);
        return new NamespacePolicy(enforce, audit, warn, List.copyOf(errors));
    }

    private static LevelVersion mode(JsonNode labels, String mode, List<String> errors) {
        LevelVersion.Level level = LevelVersion.Level.PRIVILEGED;
        String version = LevelVersion.LATEST;
        if (labels != null && labels.has(PREFIX + mode)) {
            String value = labels.path(PREFIX + mode).asText();
            level = LevelVersion.Level.parse(value).orElse(null);
            if (level == null) {
                errors.add("metadata.labels[" + PREFIX + mode + "]: Invalid value: \"" + value
                        + "\": must be one of privileged, baseline, restricted");
                level = LevelVersion.Level.RESTRICTED;
            }
        }
        if (labels != null && labels.has(PREFIX + mode + "-version")) {
            String value = labels.path(PREFIX + mode + "-version").asText();
            if (LevelVersion.validVersion(value)) {
                version = value;
            } else {
                errors.add("metadata.labels[" + PREFIX + mode + "-version]: Invalid value: \"" + value
                        + "\": must be 'latest' or 'v1.x'");
            }
        }
        return new LevelVersion(level, version);
    }

    boolean allPrivileged() {
        return enforce.level() == LevelVersion.Level.PRIVILEGED
                && audit.level() == LevelVersion.Level.PRIVILEGED
                && warn.level() == LevelVersion.Level.PRIVILEGED;
    }
}
