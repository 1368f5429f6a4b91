package io.skiff.bench.load;

import io.skiff.bench.report.LatencySummary;
import java.util.Map;

/** What an open-loop run achieved; latency counts from each write's scheduled time. */
public record PacedResult(
        long creates, long updates, Map<String, Long> failures, double seconds, LatencySummary latency) {

    public long committed() {
        return creates + updates;
    }

    public long failed() {
        return failures.values().stream().mapToLong(Long::longValue).sum();
    }

    public double achievedRate() {
        return committed() / seconds;
    }
}
