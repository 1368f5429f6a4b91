package io.skiff.kubelet.hollow;

import java.time.Duration;

/**
 * Slots for {@code count} members spread evenly over a repeating interval: member i is due at
 * {@code start + round × interval + i × interval / count}. One loop walks the slots in order, so
 * thousands of nodes need no timer each and their requests never come in one burst. A loop that
 * fell behind by more than a round hands out each member at most once per call.
 */
final class SpreadSchedule {

    /** A member whose slot came, and when it was due. */
    interface DueMember {
        void due(int member, long dueNanos);
    }

    private final int count;
    private final long intervalNanos;
    private final long startNanos;
    private long cursor;

    SpreadSchedule(int count, Duration interval, long startNanos) {
        if (count < 1 || interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("need members and a positive interval");
        }
        this.count = count;
        this.intervalNanos = interval.toNanos();
        this.startNanos = startNanos;
    }

    /** When slot {@code slot} (round × count + member) is due. */
    long dueNanos(long slot) {
        long round = slot / count;
        long member = slot % count;
        return startNanos + round * intervalNanos + member * intervalNanos / count;
    }

    /** Hands every slot due by {@code nowNanos} to {@code each}, in order; each member at most once. */
    synchronized void takeDue(long nowNanos, DueMember each) {
        int handed = 0;
        while (handed < count && dueNanos(cursor) - nowNanos <= 0) {
            each.due((int) (cursor % count), dueNanos(cursor));
            cursor++;
            handed++;
        }
        if (handed == count) {
            // Behind by a whole round or more: start from now rather than replaying missed rounds.
            while (dueNanos(cursor) - nowNanos <= 0) {
                cursor += count;
            }
        }
    }

    /** The gap between two members' slots, the natural tick of a loop over this schedule. */
    Duration slotGap() {
        return Duration.ofNanos(intervalNanos / count);
    }
}
