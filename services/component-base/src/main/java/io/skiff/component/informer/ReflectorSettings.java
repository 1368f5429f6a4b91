package io.skiff.component.informer;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link Reflector} lists, watches and backs off. The defaults are client-go's.
 *
 * @param pageSize objects per list page (client-go's pager: 500); 0 lists everything at once
 * @param minWatchTimeout each watch asks the server to end it after a random time between this and
 *     twice this (client-go: 5 to 10 minutes), so watches of many clients do not end together
 * @param initialBackoff the first pause after a failure (client-go: 800 ms)
 * @param maxBackoff the pause doubles after each failure up to this (client-go: 30 s)
 * @param backoffJitter each pause is stretched by a random fraction up to this (client-go: 1.0, i.e.
 *     up to twice the nominal pause); 0 makes pauses exact
 * @param requestTimeout the longest a list page may take before it counts as a connection failure
 */
public record ReflectorSettings(
        int pageSize,
        Duration minWatchTimeout,
        Duration initialBackoff,
        Duration maxBackoff,
        double backoffJitter,
        Duration requestTimeout) {

    public ReflectorSettings {
        if (pageSize < 0) {
            throw new IllegalArgumentException("pageSize must not be negative: " + pageSize);
        }
        Objects.requireNonNull(minWatchTimeout, "minWatchTimeout");
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        if (backoffJitter < 0) {
            throw new IllegalArgumentException("backoffJitter must not be negative: " + backoffJitter);
        }
    }

    /** client-go's reflector: pages of 500, watches of 5–10 min, backoff 800 ms doubling to 30 s. */
    public static ReflectorSettings defaults() {
        return new ReflectorSettings(
                500, Duration.ofMinutes(5), Duration.ofMillis(800), Duration.ofSeconds(30), 1.0, Duration.ofMinutes(2));
    }

    /** These settings with another backoff. */
    public ReflectorSettings withBackoff(Duration initial, Duration max, double jitter) {
        return new ReflectorSettings(pageSize, minWatchTimeout, initial, max, jitter, requestTimeout);
    }

    /** These settings with another page size. */
    public ReflectorSettings withPageSize(int objectsPerPage) {
        return new ReflectorSettings(
                objectsPerPage, minWatchTimeout, initialBackoff, maxBackoff, backoffJitter, requestTimeout);
    }
}
