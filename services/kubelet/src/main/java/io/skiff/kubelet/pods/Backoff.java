package io.skiff.kubelet.pods;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Per-key exponential back-off as client-go's flowcontrol.Backoff keeps it for the kubelet: the
 * first {@link #next} sets the initial delay, each later one doubles it up to the maximum, and a key
 * left alone for twice the maximum starts over. Thread-safe.
 */
final class Backoff {

    private final Duration initial;
    private final Duration max;
    private final Clock clock;
    private final Map<String, Entry> entries = new HashMap<>();

    private record Entry(Duration backoff, Instant lastUpdate) {}

    Backoff(Duration initial, Duration max, Clock clock) {
        this.initial = initial;
        this.max = max;
        this.clock = clock;
    }

    /** Moves the key's delay on: the initial one, or double the last (at most the maximum). */
    synchronized void next(String key, Instant eventTime) {
        Entry entry = entries.get(key);
        Duration backoff;
        if (entry == null || hasExpired(eventTime, entry.lastUpdate())) {
            backoff = initial;
        } else {
            Duration doubled = entry.backoff().multipliedBy(2);
            backoff = doubled.compareTo(max) > 0 ? max : doubled;
        }
        entries.put(key, new Entry(backoff, clock.instant()));
    }

    /** The key's current delay; zero when it has none. */
    synchronized Duration get(String key) {
        Entry entry = entries.get(key);
        return entry == null ? Duration.ZERO : entry.backoff();
    }

    /** Whether less than the key's delay has passed since {@code eventTime} (a container's exit). */
    synchronized boolean isInBackOffSince(String key, Instant eventTime) {
        return backOffEndSince(key, eventTime).isPresent();
    }

    /**
     * When the back-off counted from {@code eventTime} ends, if it has not ended yet: the moment the
     * kubelet should try again.
     */
    synchronized Optional<Instant> backOffEndSince(String key, Instant eventTime) {
        Entry entry = entries.get(key);
        if (entry == null || hasExpired(eventTime, entry.lastUpdate())) {
            return Optional.empty();
        }
        Instant end = eventTime.plus(entry.backoff());
        return clock.instant().isBefore(end) ? Optional.of(end) : Optional.empty();
    }

    /** Whether less than the key's delay has passed since its last {@link #next} (image pulls). */
    synchronized boolean isInBackOffSinceUpdate(String key, Instant eventTime) {
        return backOffEndSinceUpdate(key, eventTime).isPresent();
    }

    /** When the back-off counted from the key's last {@link #next} ends, if it has not ended yet. */
    synchronized Optional<Instant> backOffEndSinceUpdate(String key, Instant eventTime) {
        Entry entry = entries.get(key);
        if (entry == null || hasExpired(eventTime, entry.lastUpdate())) {
            return Optional.empty();
        }
        Instant end = entry.lastUpdate().plus(entry.backoff());
        return eventTime.isBefore(end) ? Optional.of(end) : Optional.empty();
    }

    /** Forgets every key that starts with {@code prefix} (a pod's, once it is gone). */
    synchronized void forgetPrefix(String prefix) {
        entries.keySet().removeIf(key -> key.startsWith(prefix));
    }

    /** A key untouched for twice the maximum delay counts as stable: its back-off starts over. */
    private boolean hasExpired(Instant eventTime, Instant lastUpdate) {
        return Duration.between(lastUpdate, eventTime).compareTo(max.multipliedBy(2)) > 0;
    }
}
