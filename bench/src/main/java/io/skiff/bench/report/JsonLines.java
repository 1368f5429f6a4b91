package io.skiff.bench.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Prints the benchmark contract of DESIGN.md §3: one JSON object per line, {@code bench}, {@code
 * metric}, {@code value}, {@code unit}, then the parameters of the run so every line stands alone
 * when lines from several runs are collected together.
 */
public final class JsonLines {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final PrintStream out;
    private final String bench;
    private final Map<String, Object> parameters = new LinkedHashMap<>();

    public JsonLines(PrintStream out, String bench) {
        this.out = out;
        this.bench = bench;
    }

    /** Adds a parameter of the run, repeated on every later line. */
    public JsonLines with(String name, Object value) {
        parameters.put(name, value);
        return this;
    }

    public void metric(String metric, double value, String unit) {
        metric(metric, value, unit, Map.of());
    }

    public void metric(String metric, double value, String unit, Map<String, Object> labels) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("bench", bench);
        line.put("metric", metric);
        line.put("value", round(value));
        line.put("unit", unit);
        line.putAll(labels);
        line.putAll(parameters);
        line.put("time", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        try {
            out.println(MAPPER.writeValueAsString(line));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("benchmark line is not serialisable: " + line, e);
        }
        out.flush();
    }

    /** Emits {@code <prefix>_p50}, {@code _p99} and {@code _max} in milliseconds. */
    public void latency(String prefix, LatencySummary latency) {
        metric(prefix + "_p50", latency.p50Ms(), "ms");
        metric(prefix + "_p99", latency.p99Ms(), "ms");
        metric(prefix + "_max", latency.maxMs(), "ms");
    }

    /** Counts print as integers, other figures to three decimals: enough for milliseconds and rates. */
    private static Number round(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return (long) value;
        }
        return Math.round(value * 1000.0) / 1000.0;
    }
}
