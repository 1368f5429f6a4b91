package io.skiff.bench.load;

import io.skiff.bench.report.LatencySummary;
import java.util.Map;

/** What a closed-loop run achieved: successful requests, failures and latency of the successes. */
public record LoadResult(long succeeded, Map<String, Long> failures, double elapsedSeconds, LatencySummary latency) {

    public double throughput() {
        return succeeded / elapsedSeconds;
    }

    public long failed() {
        return failures.values().stream().mapToLong(Long::longValue).sum();
    }
}
