package io.skiff.bench.report;

/** Latency percentiles of one benchmark phase, in milliseconds. */
public record LatencySummary(long count, double p50Ms, double p99Ms, double maxMs) {

    @Override
    public String toString() {
        return String.format("p50 %.2f ms, p99 %.2f ms, max %.2f ms (n=%d)", p50Ms, p99Ms, maxMs, count);
    }
}
