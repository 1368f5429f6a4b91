package io.skiff.bench.watch;

import io.skiff.bench.load.CommittedWrite;
import io.skiff.bench.report.LatencyRecorder;
import io.skiff.bench.report.LatencySummary;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * Joins the measured writes with what every watcher received. The resourceVersion is the join key;
 * the name is checked through its hash, which catches an event carrying the wrong object without
 * keeping millions of name strings alive. {@code outOfOrder} counts events whose resourceVersion was
 * not above the previous one on the same watch: duplicates and reordering, both contract breaches.
 */
public record DeliveryReport(
        long expected, long delivered, long outOfOrder, long nameMismatches, long malformed, LatencySummary latency) {

    static DeliveryReport of(Collection<CommittedWrite> writes, List<Watcher> watchers) {
        return of(writes, watchers, CommittedWrite::sentNanos);
    }

    /**
     * @param from when each write's latency starts: {@link CommittedWrite#sentNanos} or {@link
     *     CommittedWrite#ackedNanos} (an event that arrives before the answer counts as zero)
     */
    static DeliveryReport of(
            Collection<CommittedWrite> writes, List<Watcher> watchers, ToLongFunction<CommittedWrite> from) {
        Map<Long, CommittedWrite> byVersion = new HashMap<>();
        for (CommittedWrite write : writes) {
            byVersion.put(Long.parseLong(write.resourceVersion()), write);
        }
        LatencyRecorder latency = new LatencyRecorder();
        long delivered = 0;
        long outOfOrder = 0;
        long nameMismatches = 0;
        long malformed = 0;
        for (Watcher watcher : watchers) {
            malformed += watcher.malformedLines();
            EventLog log = watcher.log();
            long previous = Long.MIN_VALUE;
            for (int i = 0; i < log.size(); i++) {
                long version = log.resourceVersion(i);
                if (version <= previous) {
                    outOfOrder++;
                    continue;
                }
                previous = version;
                CommittedWrite write = byVersion.get(version);
                if (write == null) {
                    continue;
                }
                if (write.name().hashCode() != log.nameHash(i)) {
                    nameMismatches++;
                    continue;
                }
                latency.recordNanos(log.arrivalNanos(i) - from.applyAsLong(write));
                delivered++;
            }
        }
        long expected = (long) byVersion.size() * watchers.size();
        return new DeliveryReport(expected, delivered, outOfOrder, nameMismatches, malformed, latency.summary());
    }
}
