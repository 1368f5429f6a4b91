package io.skiff.bench.probe;

import io.skiff.bench.report.JsonLines;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where the time went during a measured window: CPU of the server's processes, of this benchmark
 * (on two cores the load generator competes with the server) and of everything else on the
 * machine, and, when the server exposes them, Skiff's storage commit metrics.
 */
public final class ServerProbe {

    private final HttpClient client;
    private final URI metricsUrl;
    private final Map<String, Long> processes;

    /**
     * @param metricsUrl a Prometheus text endpoint, or null
     * @param processes label to PID of the server processes to account for (each with its children)
     */
    public ServerProbe(HttpClient client, URI metricsUrl, Map<String, Long> processes) {
        this.client = client;
        this.metricsUrl = metricsUrl;
        this.processes = processes;
    }

    public Snapshot snapshot() throws IOException, InterruptedException {
        Map<String, Long> processTicks = new LinkedHashMap<>();
        for (Map.Entry<String, Long> process : processes.entrySet()) {
            processTicks.put(process.getKey(), ProcessCpu.treeTicks(process.getValue()));
        }
        return new Snapshot(System.nanoTime(), processTicks, ProcessCpu.machineTicks(), ownCpuNanos(), scrape());
    }

    /** Prints what happened between two snapshots. */
    public static void report(Snapshot start, Snapshot end, JsonLines out, PrintStream human) {
        double seconds = (end.nanoTime - start.nanoTime) / 1e9;
        double ticksPerPercent = ProcessCpu.TICKS_PER_SECOND * seconds / 100.0;
        StringBuilder summary = new StringBuilder("  cpu (100% = one core):");

        double accounted = 0;
        for (String label : end.processTicks.keySet()) {
            double percent = (end.processTicks.get(label) - start.processTicks.get(label)) / ticksPerPercent;
            accounted += percent;
            out.metric("process_cpu", percent, "percent_of_one_core", Map.of("process", label));
            summary.append(String.format(" %s %.0f%%,", label, percent));
        }
        double client = 100.0 * (end.ownCpuNanos - start.ownCpuNanos) / 1e9 / seconds;
        accounted += client;
        out.metric("process_cpu", client, "percent_of_one_core", Map.of("process", "bench-client"));
        // Whatever else ran meanwhile: builds, tests, other servers, kernel work charged to no
        // process. Well above zero means this run shared the machine and its figures are suspect.
        double machineBusy = (end.machineTicks[0] - start.machineTicks[0]) / ticksPerPercent;
        double other = Math.max(0, machineBusy - accounted);
        out.metric("process_cpu", other, "percent_of_one_core", Map.of("process", "other"));
        double machine = 100.0
                * (end.machineTicks[0] - start.machineTicks[0])
                / Math.max(1, end.machineTicks[1] - start.machineTicks[1]);
        out.metric("machine_cpu_busy", machine, "percent_of_machine");
        summary.append(String.format(
                " bench-client %.0f%%, everything else %.0f%%; machine %.0f%% busy", client, other, machine));
        human.println(summary);

        if (start.metrics != null && end.metrics != null) {
            reportCommits(start.metrics, end.metrics, seconds, out, human);
        }
    }

    private static void reportCommits(
            PrometheusSample start, PrometheusSample end, double seconds, JsonLines out, PrintStream human) {
        double commits = end.increase(start, "skiff_storage_commit_duration_seconds_count");
        double commitSeconds = end.increase(start, "skiff_storage_commit_duration_seconds_sum");
        double batches = end.increase(start, "skiff_storage_commit_batch_size_count");
        double writes = end.increase(start, "skiff_storage_commit_batch_size_sum");
        if (!(commits > 0) || !(batches > 0)) {
            return;
        }
        double meanCommitMs = 1000.0 * commitSeconds / commits;
        double meanBatch = writes / batches;
        // One writer thread commits every batch, so this is how busy that thread was.
        double writerBusy = 100.0 * commitSeconds / seconds;
        out.metric("commits_per_s", commits / seconds, "1/s");
        out.metric("commit_mean", meanCommitMs, "ms");
        out.metric("commit_batch_mean", meanBatch, "writes");
        out.metric("commit_time_share", writerBusy, "percent_of_wall_time");
        human.printf(
                "  storage: %.0f commits/s, mean batch %.1f writes, mean commit %.2f ms, committing %.0f%% of the time%n",
                commits / seconds, meanBatch, meanCommitMs, writerBusy);
    }

    /**
     * API requests the server served between two snapshots, by verb (apiserver_request_total), in
     * the verb label Kubernetes gives them (the HTTP method, or LIST, WATCH, APPLY, DELETECOLLECTION); empty when the server's metrics were not scraped.
     */
    public static Map<String, Long> apiRequestsByVerb(Snapshot start, Snapshot end) {
        Map<String, Long> byVerb = new java.util.TreeMap<>();
        if (start.metrics == null || end.metrics == null) {
            return byVerb;
        }
        for (String verb : API_VERBS) {
            long count = Math.round(end.metrics.increaseWhere(start.metrics, "apiserver_request_total", "verb", verb));
            if (count > 0) {
                byVerb.put(verb, count);
            }
        }
        return byVerb;
    }

    private static final java.util.List<String> API_VERBS = java.util.List.of(
            "GET", "LIST", "WATCH", "POST", "PUT", "PATCH", "APPLY", "DELETE", "DELETECOLLECTION", "CONNECT");

    private PrometheusSample scrape() throws IOException, InterruptedException {
        if (metricsUrl == null) {
            return null;
        }
        HttpRequest request = HttpRequest.newBuilder(metricsUrl)
                .timeout(Duration.ofSeconds(10))
                .GET()
                .build();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException(metricsUrl + " answered " + response.statusCode());
        }
        return PrometheusSample.parse(response.body());
    }

    private static long ownCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** Counters at one moment. */
    public static final class Snapshot {
        private final long nanoTime;
        private final Map<String, Long> processTicks;
        private final long[] machineTicks;
        private final long ownCpuNanos;
        private final PrometheusSample metrics;

        private Snapshot(
                long nanoTime,
                Map<String, Long> processTicks,
                long[] machineTicks,
                long ownCpuNanos,
                PrometheusSample metrics) {
            this.nanoTime = nanoTime;
            this.processTicks = processTicks;
            this.machineTicks = machineTicks;
            this.ownCpuNanos = ownCpuNanos;
            this.metrics = metrics;
        }
    }
}
