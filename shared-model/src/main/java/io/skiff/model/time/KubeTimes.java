package io.skiff.model.time;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * Timestamps as the Kubernetes API writes them: metav1.Time (RFC 3339 in UTC, whole seconds: a
 * condition's lastTransitionTime, a creationTimestamp) and metav1.MicroTime (six fractional digits:
 * a Lease's renewTime, an Event's eventTime).
 */
public final class KubeTimes {

    private static final DateTimeFormatter MICRO =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSX").withZone(java.time.ZoneOffset.UTC);

    private KubeTimes() {}

    /**
     * The instant a metav1.Time or metav1.MicroTime names; empty when it is unset or does not parse
     * (the API server would not have stored it), so callers treat it as missing.
     */
    public static Optional<Instant> parse(String timestamp) {
        if (timestamp == null || timestamp.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(timestamp));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** metav1.Time: "2026-01-02T03:04:05Z". */
    public static String time(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }

    /** metav1.MicroTime: "2026-01-02T03:04:05.000000Z". */
    public static String microTime(Instant instant) {
        return MICRO.format(instant.truncatedTo(ChronoUnit.MICROS));
    }
}
