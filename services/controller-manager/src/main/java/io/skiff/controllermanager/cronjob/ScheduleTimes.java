package io.skiff.controllermanager.cronjob;

import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.skiff.model.time.KubeTimes;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Which scheduled time of a CronJob is due and when to look again (cronjob/utils.go
 * mostRecentScheduleTime, nextScheduleTimeDuration). Only the most recent missed time is ever run:
 * a controller that was down does not start a burst of catch-up Jobs.
 */
final class ScheduleTimes {

    /** nextScheduleDelta: look a little after the scheduled time, against clock skew. */
    static final Duration NEXT_SCHEDULE_DELTA = Duration.ofMillis(100);

    /** More missed start times than this earn a warning. */
    static final int MANY_MISSED = 100;

    enum Missed {
        NONE,
        FEW,
        MANY
    }

    /**
     * @param earliest the time from which activations were counted (last schedule, creation, or
     *     the starting deadline)
     * @param mostRecent the latest activation at or before now, if any
     */
    record Recent(Instant earliest, Instant mostRecent, Missed missed) {}

    private ScheduleTimes() {}

    /**
     * The latest activation after the last scheduled time (or creation) that is not after {@code
     * now}.
     *
     * @param includeStartingDeadline whether activations older than startingDeadlineSeconds are skipped
     * @throws IllegalArgumentException when the schedule never fires twice at least a second apart
     */
    static Recent mostRecent(CronJob cronJob, Instant now, CronSchedule schedule, boolean includeStartingDeadline) {
        Instant earliest =
                KubeTimes.parse(cronJob.getMetadata().getCreationTimestamp()).orElse(now);
        if (cronJob.getStatus() != null && cronJob.getStatus().getLastScheduleTime() != null) {
            earliest =
                    KubeTimes.parse(cronJob.getStatus().getLastScheduleTime()).orElse(earliest);
        }
        Long startingDeadline = cronJob.getSpec().getStartingDeadlineSeconds();
        if (includeStartingDeadline && startingDeadline != null) {
            Instant deadline = now.minusSeconds(startingDeadline);
            if (deadline.isAfter(earliest)) {
                earliest = deadline;
            }
        }
        Optional<Instant> first = schedule.next(earliest);
        Optional<Instant> second = first.flatMap(schedule::next);
        if (first.isPresent() && now.isBefore(first.get())) {
            return new Recent(earliest, null, Missed.NONE);
        }
        if (first.isPresent() && second.isPresent() && now.isBefore(second.get())) {
            return new Recent(earliest, first.get(), Missed.NONE);
        }
        long interval = first.isEmpty() || second.isEmpty()
                ? 0
                : Math.round(Duration.between(first.get(), second.get()).toMillis() / 1000.0);
        if (interval < 1) {
            throw new IllegalArgumentException("time difference between two schedules is less than 1 second");
        }
        long elapsed = Duration.between(first.get(), now).getSeconds();
        long missedCount = elapsed / interval + 1;
        // Step from about one interval before the estimated last activation, so that irregular
        // schedules (30 6-16/4 * * 1-5) still land on a real activation.
        Instant from = first.get().plusSeconds((missedCount - 2) * interval);
        Instant mostRecent = null;
        for (Optional<Instant> t = schedule.next(from);
                t.isPresent() && !t.get().isAfter(now);
                t = schedule.next(t.get())) {
            mostRecent = t.get();
        }
        Missed missed = missedCount > MANY_MISSED ? Missed.MANY : missedCount > 0 ? Missed.FEW : Missed.NONE;
        return new Recent(earliest, mostRecent, missed);
    }

    /** How long until the next activation after the most recent one, plus {@link #NEXT_SCHEDULE_DELTA}. */
    static Duration untilNext(CronJob cronJob, Instant now, CronSchedule schedule) {
        Instant from;
        try {
            Recent recent = mostRecent(cronJob, now, schedule, false);
            if (recent.mostRecent() != null) {
                from = recent.mostRecent();
            } else {
                from = recent.missed() == Missed.NONE ? recent.earliest() : now;
            }
        } catch (IllegalArgumentException e) {
            // Aim for the next slot from now all the same.
            from = now;
        }
        Optional<Instant> next = schedule.next(from);
        if (next.isEmpty()) {
            return null;
        }
        Duration delay = Duration.between(now, next.get().plus(NEXT_SCHEDULE_DELTA));
        return delay.isNegative() ? Duration.ZERO : delay;
    }
}
