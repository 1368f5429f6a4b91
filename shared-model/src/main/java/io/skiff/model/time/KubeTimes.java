package io.skiff.model.time;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * Timestamps as the Kubernetes API writes them: metav1.Time (RFC 3339 in UTC, whole seconds: a
 * condition's lastTransitionTime, a creationTimestamp) and metav1.MicroTime (six fractional digits:
 * a Lease's renewTime, an Event's eventTime).
 */
public final class KubeTimes {

    private static final DateTimeFormatter MICRO =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSX").withZone(java.time.ZoneOffset.UTC);

    private KubeTimes() {}

    /** metav1.Time: "2026-01-02T03:04:05Z". */
    public static String time(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }

    /** metav1.MicroTime: "2026-01-02T03:04:05.000000Z". */
    public static String microTime(Instant instant) {
        return MICRO.format(instant.truncatedTo(ChronoUnit.MICROS));
    }
}
