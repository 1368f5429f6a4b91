package io.skiff.controllermanager.job;

import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How many pods of each Job failed since its last success, and when the last one failed
 * (backoff_utils.go backoffStore): the Job controller waits 10 s after the first failure before
 * creating a replacement, doubling with each further failure up to 6 minutes.
 */
final class BackoffRecords {

    /** DefaultJobPodFailureBackOff. */
    static final Duration INITIAL = Duration.ofSeconds(10);

    /** MaxJobPodFailureBackOff. */
    static final Duration MAX = Duration.ofMinutes(6);

    /**
     * @param lastFailureTime null when nothing failed since the last success
     */
    record Record(String key, int failuresAfterLastSuccess, Instant lastFailureTime) {

        /** How long creating pods must still wait at {@code now}; zero when it need not. */
        Duration remaining(Instant now) {
            if (failuresAfterLastSuccess == 0 || lastFailureTime == null) {
                return Duration.ZERO;
            }
            Duration backoff = INITIAL;
            for (int i = 1; i < failuresAfterLastSuccess; i++) {
                backoff = backoff.multipliedBy(2);
                if (backoff.compareTo(MAX) >= 0) {
                    backoff = MAX;
                    break;
                }
            }
            Duration elapsed = Duration.between(lastFailureTime, now);
            if (backoff.compareTo(elapsed) < 0) {
                return Duration.ZERO;
            }
            return backoff.minus(elapsed);
        }
    }

    private final Map<String, Record> records = new ConcurrentHashMap<>();

    /**
     * The record {@code key} would have once the newly finished pods (not yet counted in the
     * status) are counted: a success resets the failures, except those that finished after it.
     */
    Record next(String key, List<Pod> newSucceeded, List<Pod> newFailed) {
        Record current = records.getOrDefault(key, new Record(key, 0, null));
        if (newSucceeded.isEmpty()) {
            if (newFailed.isEmpty()) {
                return current;
            }
            return new Record(key, current.failuresAfterLastSuccess() + newFailed.size(), latestFinish(newFailed));
        }
        if (newFailed.isEmpty()) {
            return new Record(key, 0, null);
        }
        Instant lastSuccess = latestFinish(newSucceeded);
        List<Pod> failed = newFailed.stream()
                .sorted(Comparator.comparing(JobPods::finishedTime))
                .toList();
        int failures = 0;
        Instant lastFailure = null;
        for (int i = failed.size() - 1; i >= 0; i--) {
            Instant failedAt = JobPods.finishedTime(failed.get(i));
            if (!failedAt.isAfter(lastSuccess)) {
                break;
            }
            if (lastFailure == null) {
                lastFailure = failedAt;
            }
            failures++;
        }
        return new Record(key, failures, lastFailure);
    }

    /** Keeps {@code record}, once the pods it counts are recorded in the Job's status. */
    void update(Record record) {
        records.put(record.key(), record);
    }

    /** Forgets a finished or deleted Job. */
    void remove(String key) {
        records.remove(key);
    }

    private static Instant latestFinish(List<Pod> pods) {
        return pods.stream()
                .map(JobPods::finishedTime)
                .max(Comparator.naturalOrder())
                .orElseThrow();
    }
}
