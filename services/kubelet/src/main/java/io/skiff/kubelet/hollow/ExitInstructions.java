package io.skiff.kubelet.hollow;

import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.convert.DurationStyle;

/**
 * How a hollow pod's containers are told to exit, by annotations on the pod: {@value #EXIT_AFTER}
 * (how long each run of the containers lasts: {@code 30s}, {@code 500ms}, {@code 2m} or ISO-8601;
 * at least {@value #MIN_RUN_MILLIS} ms) and {@value #EXIT_CODE} (their exit code, default 0). A
 * pod without {@value #EXIT_AFTER} runs until it is deleted; an unreadable value is ignored.
 */
record ExitInstructions(Duration after, int code) {

    static final String EXIT_AFTER = "hollow.skiff.io/exit-after";
    static final String EXIT_CODE = "hollow.skiff.io/exit-code";

    /** The shortest run: a pod told to exit at once still runs this long, so restarts cannot spin. */
    static final long MIN_RUN_MILLIS = 1000;

    static Optional<ExitInstructions> of(Pod pod) {
        Map<String, String> annotations = pod.getMetadata().getAnnotations();
        if (annotations == null || !annotations.containsKey(EXIT_AFTER)) {
            return Optional.empty();
        }
        Duration after;
        int code;
        try {
            after = DurationStyle.detectAndParse(annotations.get(EXIT_AFTER).trim());
            String codeText = annotations.get(EXIT_CODE);
            code = codeText == null || codeText.isBlank() ? 0 : Integer.parseInt(codeText.trim());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (after.toMillis() < MIN_RUN_MILLIS) {
            after = Duration.ofMillis(MIN_RUN_MILLIS);
        }
        return Optional.of(new ExitInstructions(after, code));
    }
}
