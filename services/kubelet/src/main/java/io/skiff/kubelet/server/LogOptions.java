package io.skiff.kubelet.server;

import io.skiff.kubelet.crilog.CriLogFormat;
import java.time.Clock;
import java.time.Instant;
import java.util.function.Function;

/**
 * A container log request (Kubernetes' PodLogOptions as the kubelet reads them from its query).
 *
 * @param since entries before it are skipped; null for all (sinceTime, or now minus sinceSeconds)
 * @param tailLines the last lines to show; null for all
 * @param limitBytes the most bytes to send; null for no limit
 */
record LogOptions(
        boolean follow, boolean previous, Instant since, boolean timestamps, Long tailLines, Long limitBytes) {

    static final LogOptions ALL = new LogOptions(false, false, null, false, null, null);

    /**
     * Reads the query parameters as the kubelet's getContainerLogs does: 400 with its words when
     * they do not decode, 422 when ValidatePodLogOptions rejects them.
     */
    static LogOptions from(Function<String, String> query, Clock clock) {
        boolean follow;
        boolean previous;
        boolean timestamps;
        Long sinceSeconds;
        Instant sinceTime = null;
        Long tailLines;
        Long limitBytes;
        try {
            follow = bool(query.apply("follow"));
            previous = bool(query.apply("previous"));
            timestamps = bool(query.apply("timestamps"));
            sinceSeconds = number(query.apply("sinceSeconds"));
            tailLines = number(query.apply("tailLines"));
            limitBytes = number(query.apply("limitBytes"));
            String since = query.apply("sinceTime");
            if (since != null && !since.isEmpty()) {
                sinceTime = CriLogFormat.parseTimestamp(since).orElseThrow(IllegalArgumentException::new);
            }
        } catch (IllegalArgumentException e) {
            throw new LogsException(400, "{\"message\": \"Unable to decode query.\"}");
        }
        boolean invalid = (tailLines != null && tailLines < 0)
                || (limitBytes != null && limitBytes < 1)
                || (sinceSeconds != null && sinceSeconds < 1)
                || (sinceSeconds != null && sinceTime != null);
        if (invalid) {
            throw new LogsException(422, "{\"message\": \"Invalid request.\"}");
        }
        Instant since = sinceTime != null
                ? sinceTime
                : sinceSeconds != null ? clock.instant().minusSeconds(sinceSeconds) : null;
        return new LogOptions(follow, previous, since, timestamps, tailLines, limitBytes);
    }

    private static boolean bool(String value) {
        if (value == null || value.isEmpty()) {
            return false;
        }
        return switch (value) {
            case "1", "t", "T", "true", "TRUE", "True" -> true;
            case "0", "f", "F", "false", "FALSE", "False" -> false;
            default -> throw new IllegalArgumentException(value);
        };
    }

    private static Long number(String value) {
        return value == null || value.isEmpty() ? null : Long.valueOf(value);
    }
}
