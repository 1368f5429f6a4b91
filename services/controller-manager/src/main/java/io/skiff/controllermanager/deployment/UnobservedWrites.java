package io.skiff.controllermanager.deployment;

import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.skiff.controllermanager.expectations.Expectations;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The ReplicaSet updates (sizes, annotations) this controller made that its ReplicaSet cache does
 * not show yet. A sync on such a cache would size the sets from counts its own last sync already changed:
 * its write to the stale set is refused (resourceVersion precondition), but its writes to the other
 * sets are not, and those can take them together above replicas + maxSurge — a resize during a
 * rollout, scaled proportionally from a cache that misses the new set's last scale-up, does so in
 * Kubernetes too. So a Deployment waits until its cache holds every set at least as new as this
 * controller last wrote it; the ReplicaSet's update event, dispatched once the cache has it, queues
 * the Deployment again.
 *
 * <p>Skiff's resourceVersions are increasing numbers (the persistent volume binder compares them as
 * well); one that is not counts as seen. A write never seen lapses after {@link Expectations#TTL}, as
 * client-go's expectations do, so a lost event cannot hold a Deployment back for ever.
 */
final class UnobservedWrites {

    private record Write(long resourceVersion, Instant at) {}

    private final Map<String, Write> byUid = new ConcurrentHashMap<>();
    private final Clock clock;

    UnobservedWrites(Clock clock) {
        this.clock = clock;
    }

    /** Remembers {@code written}, as the API server returned it, until the cache shows it. */
    void written(ReplicaSet written) {
        Instant now = clock.instant();
        byUid.values().removeIf(write -> lapsed(write, now));
        parse(written.getMetadata().getResourceVersion())
                .ifPresent(version -> byUid.put(written.getMetadata().getUid(), new Write(version, now)));
    }

    /**
     * Whether the cache shows each of {@code cached} at least as new as this controller last wrote
     * it; the sets it does are forgotten.
     */
    boolean seenIn(List<ReplicaSet> cached) {
        Instant now = clock.instant();
        boolean seen = true;
        for (ReplicaSet replicaSet : cached) {
            String uid = replicaSet.getMetadata().getUid();
            Write write = byUid.get(uid);
            if (write == null) {
                continue;
            }
            OptionalLong version = parse(replicaSet.getMetadata().getResourceVersion());
            if (version.isEmpty() || version.getAsLong() >= write.resourceVersion() || lapsed(write, now)) {
                byUid.remove(uid, write);
            } else {
                seen = false;
            }
        }
        return seen;
    }

    private static boolean lapsed(Write write, Instant now) {
        return write.at().plus(Expectations.TTL).isBefore(now);
    }

    private static OptionalLong parse(String resourceVersion) {
        try {
            return OptionalLong.of(Long.parseLong(resourceVersion));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}
