package io.skiff.bench.report;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Collects latencies from many threads. HdrHistogram's {@link Recorder} is wait-free for writers,
 * so recording does not add contention to the load being measured.
 */
public final class LatencyRecorder {

    private static final double MICROS_PER_MILLI = 1_000.0;

    private final Recorder recorder = new Recorder(3);

    public void recordNanos(long nanos) {
        // Clock reads on different threads can disagree by a few nanoseconds; never record below zero.
        recorder.recordValue(Math.max(0, nanos / 1_000));
    }

    /** Percentiles of everything recorded so far. Call once, after recording has stopped. */
    public LatencySummary summary() {
        Histogram histogram = recorder.getIntervalHistogram();
        return new LatencySummary(
                histogram.getTotalCount(),
                histogram.getValueAtPercentile(50) / MICROS_PER_MILLI,
                histogram.getValueAtPercentile(99) / MICROS_PER_MILLI,
                histogram.getMaxValue() / MICROS_PER_MILLI);
    }
}
