package io.skiff.controllermanager.daemonset;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How soon a failed daemon pod on a node may be deleted again (client-go's flowcontrol.Backoff as
 * kube-controller-manager sets it up for DaemonSets: 1 s doubling to 15 min). The kubelet may keep
 * rejecting a DaemonSet's pods; without this the controller and the kubelet would fight in a hot loop.
 */
final class FailedPodBackoff {

    static final Duration INITIAL = Duration.ofSeconds(1);
    static final Duration MAX = Duration.ofMinutes(15);

    private record Entry(Duration delay, Instant lastUpdate) {}

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final Duration initial;
    private final Duration max;

    FailedPodBackoff(Duration initial, Duration max) {
        this.initial = initial;
        this.max = max;
    }

    FailedPodBackoff() {
        this(INITIAL, MAX);
    }

    /** Whether {@code key} was last backed off less than its delay before {@code now}. */
    boolean inBackoff(String key, Instant now) {
        Entry entry = entries.get(key);
        if (entry == null || expired(entry, now)) {
            return false;
        }
        return Duration.between(entry.lastUpdate(), now).compareTo(entry.delay()) < 0;
    }

    /** The current delay of {@code key}. */
    Duration delay(String key) {
        Entry entry = entries.get(key);
        return entry == null ? Duration.ZERO : entry.delay();
    }

    /** Records an attempt at {@code now}: the delay starts at the initial one and doubles up to the maximum. */
    void next(String key, Instant now) {
        entries.compute(key, (k, entry) -> {
            if (entry == null || expired(entry, now)) {
                return new Entry(initial, now);
            }
            Duration doubled = entry.delay().multipliedBy(2);
            return new Entry(doubled.compareTo(max) > 0 ? max : doubled, now);
        });
    }

    /** Forgets entries idle for twice the maximum delay (Backoff.GC). */
    void gc(Instant now) {
        entries.values().removeIf(entry -> expired(entry, now));
    }

    private boolean expired(Entry entry, Instant now) {
        return Duration.between(entry.lastUpdate(), now).compareTo(max.multipliedBy(2)) > 0;
    }
}
