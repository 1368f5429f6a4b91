package io.skiff.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.skiff.bench.density.HeartbeatMonitor;
import io.skiff.bench.density.ProcessMemory;
import io.skiff.bench.http.HttpClients;
import io.skiff.bench.http.LoopbackUri;
import io.skiff.bench.http.SkiffApi;
import io.skiff.bench.load.ClosedLoopLoad;
import io.skiff.bench.load.LoadResult;
import io.skiff.bench.pods.PodStateWatch;
import io.skiff.bench.probe.ServerProbe;
import io.skiff.bench.report.JsonLines;
import io.skiff.model.json.KubeJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Hollow density: how many nodes and pods one hollow kubelet JVM carries with its heartbeats on time.
 * Against a running server (scheduler and controller manager included, as {@code skiff server}) and
 * a running kubelet with {@code skiff.kubelet.runtime=hollow}, it waits until the hollow nodes are
 * Ready, then creates pods up to a target count, by default through ReplicaSets (so the ReplicaSet
 * controller creates them and the scheduler binds them) or, with {@code --mode bound}, directly
 * bound to the nodes in turn. It reports the time until every pod is Running and Ready (seen through
 * a watch), pods/s, the worst Lease renewTime lag and the most nodes not Ready seen meanwhile and
 * during a hold period after, and the memory of the server and kubelet processes.
 */
@Command(
        name = "hollow-density",
        mixinStandardHelpOptions = true,
        description = "Seconds until N pods on hollow nodes are Running, with heartbeat health and memory.")
final class HollowDensityBench implements Callable<Integer> {

    enum Mode {
        replicasets,
        bound
    }

    @Mixin
    TargetOptions target;

    @Option(
            names = "--nodes",
            defaultValue = "500",
            description = "Hollow nodes the kubelet runs (default: ${DEFAULT-VALUE}).")
    int nodes;

    @Option(
            names = "--node-prefix",
            defaultValue = "hollow",
            description =
                    "The hollow nodes' name prefix, skiff.kubelet.hollow.name-prefix (default: ${DEFAULT-VALUE}).")
    String nodePrefix;

    @Option(names = "--pods", defaultValue = "15000", description = "Pods to create (default: ${DEFAULT-VALUE}).")
    int pods;

    @Option(
            names = "--mode",
            defaultValue = "replicasets",
            description = "replicasets or bound (default: ${DEFAULT-VALUE}).")
    Mode mode;

    @Option(
            names = "--pods-per-replicaset",
            defaultValue = "1000",
            description = "Replicas of each ReplicaSet in replicasets mode (default: ${DEFAULT-VALUE}).")
    int podsPerReplicaSet;

    @Option(
            names = "--create-clients",
            defaultValue = "16",
            description = "Concurrent creates in bound mode (default: ${DEFAULT-VALUE}).")
    int createClients;

    @Option(names = "--server-pid", description = "The server's process, for its memory (with its children).")
    Long serverPid;

    @Option(names = "--kubelet-pid", description = "The hollow kubelet's process, for its memory.")
    Long kubeletPid;

    @Option(
            names = "--kubelet-metrics-url",
            converter = LoopbackUri.class,
            description =
                    "The kubelet's Prometheus endpoint (loopback), e.g. http://127.0.0.1:10250/actuator/prometheus.")
    URI kubeletMetrics;

    @Option(
            names = "--nodes-timeout",
            defaultValue = "900",
            description = "Seconds to wait for the hollow nodes to be Ready (default: ${DEFAULT-VALUE}).")
    long nodesTimeoutSeconds;

    @Option(
            names = "--timeout",
            defaultValue = "3600",
            description = "Seconds to wait for every pod to be Running (default: ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    @Option(
            names = "--hold",
            defaultValue = "60",
            description = "Seconds to keep watching heartbeats once every pod runs (default: ${DEFAULT-VALUE}).")
    long holdSeconds;

    @Option(names = "--keep", description = "Leave the namespace and its pods in place afterwards.")
    boolean keep;

    private static final Duration POLL = Duration.ofSeconds(5);

    @Override
    public Integer call() throws Exception {
        HttpClient client = HttpClients.loopbackHttp11();
        SkiffApi api = new SkiffApi(client, target.server);
        JsonLines out = new JsonLines(System.out, "skiff.hollow_density")
                .with("nodes", nodes)
                .with("pods", pods)
                .with("mode", mode.name());
        List<ProcessMemory> processes = new ArrayList<>();
        if (serverPid != null) {
            processes.add(new ProcessMemory("server", serverPid, target.metricsUrl, client));
        }
        if (kubeletPid != null) {
            processes.add(new ProcessMemory("kubelet", kubeletPid, kubeletMetrics, client));
        }
        MemoryPeaks peaks = new MemoryPeaks(processes);

        long nodesStart = System.nanoTime();
        int ready = awaitReadyNodes(client, Duration.ofSeconds(nodesTimeoutSeconds));
        double nodesSeconds = (System.nanoTime() - nodesStart) / 1e9;
        out.metric("nodes_ready", ready, "count");
        System.err.printf(
                "skiff.hollow_density: %d of %d hollow nodes Ready after %.1f s%n", ready, nodes, nodesSeconds);
        if (ready < nodes) {
            out.metric("nodes_ready_timed_out", nodesTimeoutSeconds, "s");
            return 1;
        }
        peaks.sample();
        report(out, "idle", peaks.latest());

        String namespace = SkiffApi.uniqueNamespace("bench-density");
        String from = api.createNamespace(namespace);
        try (HeartbeatMonitor heartbeats =
                        new HeartbeatMonitor(client, target.server, nodePrefix + "-", POLL, Duration.ofSeconds(20));
                PodStateWatch watch =
                        new PodStateWatch(client, target.server, namespace, from, PodStateWatch.RUNNING_AND_READY)) {
            ServerProbe probe = target.probe(client);
            ServerProbe.Snapshot before = probe.snapshot();
            long start = System.nanoTime();
            AtomicReference<String> createFailure = new AtomicReference<>();
            Thread creator = new Thread(() -> createPods(client, api, namespace, createFailure), "density-creator");
            creator.setDaemon(true);
            creator.start();

            long deadline = start + Duration.ofSeconds(timeoutSeconds).toNanos();
            long lastReport = 0;
            while (watch.count() < pods && System.nanoTime() < deadline && createFailure.get() == null) {
                Thread.sleep(POLL.toMillis());
                peaks.sample();
                if (System.nanoTime() - lastReport > 30_000_000_000L) {
                    lastReport = System.nanoTime();
                    System.err.printf(
                            "skiff.hollow_density: %.0f s: %d/%d Running; lease lag now %.1f s (worst %.1f s), %d not Ready at most; %s%n",
                            (lastReport - start) / 1e9,
                            watch.count(),
                            pods,
                            heartbeats.lastLeaseLagMillis() / 1000.0,
                            heartbeats.worstLeaseLagMillis() / 1000.0,
                            heartbeats.worstNotReady(),
                            peaks.describeLatest());
                }
            }
            creator.join(Duration.ofSeconds(30).toMillis());
            if (createFailure.get() != null) {
                System.err.println("skiff.hollow_density: creating pods failed: " + createFailure.get());
            }
            if (watch.count() < pods) {
                out.metric("running_timed_out", timeoutSeconds, "s");
                out.metric("running_at_timeout", watch.count(), "count");
                System.err.printf("skiff.hollow_density: TIMED OUT: %d of %d Running%n", watch.count(), pods);
            } else {
                double seconds = (watch.lastReachedNanos() - start) / 1e9;
                out.metric("all_running_seconds", seconds, "s");
                out.metric("pods_per_second", pods / seconds, "pods/s");
                System.err.printf(
                        "skiff.hollow_density: %d pods on %d hollow nodes Running and Ready in %.1f s (%.0f pods/s)%n",
                        pods, nodes, seconds, pods / seconds);
            }
            System.err.println("skiff.hollow_density: while loading:");
            ServerProbe.report(before, probe.snapshot(), out, System.err);
            long loadedLag = heartbeats.worstLeaseLagMillis();
            int loadedNotReady = heartbeats.worstNotReady();
            long holdUntil = System.nanoTime() + Duration.ofSeconds(holdSeconds).toNanos();
            while (System.nanoTime() < holdUntil) {
                Thread.sleep(POLL.toMillis());
                peaks.sample();
            }
            out.metric("lease_lag_worst_while_loading", loadedLag / 1000.0, "s");
            out.metric("lease_lag_worst", heartbeats.worstLeaseLagMillis() / 1000.0, "s");
            out.metric("nodes_not_ready_worst_while_loading", loadedNotReady, "count");
            out.metric("nodes_not_ready_worst", heartbeats.worstNotReady(), "count");
            out.metric("lease_samples", heartbeats.leaseSamples(), "count");
            out.metric("leases_seen", heartbeats.leasesSeen(), "count");
            out.metric("heartbeat_samples_failed", heartbeats.failedSamples(), "count");
            System.err.printf(
                    "skiff.hollow_density: heartbeats: worst Lease lag %.1f s while loading, %.1f s overall (%d samples of %d Leases);"
                            + " most nodes not Ready at once: %d while loading, %d overall%n",
                    loadedLag / 1000.0,
                    heartbeats.worstLeaseLagMillis() / 1000.0,
                    heartbeats.leaseSamples(),
                    heartbeats.leasesSeen(),
                    loadedNotReady,
                    heartbeats.worstNotReady());
            report(out, "loaded", peaks.latest());
            report(out, "peak", peaks.peak());
            System.err.println("skiff.hollow_density: memory loaded " + peaks.describeLatest() + "; peak "
                    + peaks.describe(peaks.peak()));
            if (collectGarbage()) {
                peaks.sample();
                report(out, "after_gc", peaks.latest());
                System.err.println("skiff.hollow_density: memory after a full GC " + peaks.describeLatest());
            }
        } finally {
            if (!keep) {
                client.send(
                        HttpRequest.newBuilder(target.server.resolve("/api/v1/namespaces/" + namespace))
                                .DELETE()
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
            }
        }
        return 0;
    }

    /**
     * Asks the JVMs under test for a full collection ({@code jcmd <pid> GC.run}), so that the heap
     * then read is what they hold live rather than what garbage they carry; false without jcmd.
     */
    private boolean collectGarbage() throws InterruptedException {
        boolean any = false;
        for (Long pid : new Long[] {serverPid, kubeletPid}) {
            if (pid == null) {
                continue;
            }
            try {
                Process jcmd = new ProcessBuilder("jcmd", Long.toString(pid), "GC.run")
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .start();
                any |= jcmd.waitFor(60, java.util.concurrent.TimeUnit.SECONDS) && jcmd.exitValue() == 0;
            } catch (IOException e) {
                return false;
            }
        }
        Thread.sleep(2000);
        return any;
    }

    private void createPods(HttpClient client, SkiffApi api, String namespace, AtomicReference<String> failure) {
        try {
            if (mode == Mode.replicasets) {
                int remaining = pods;
                for (int index = 0; remaining > 0; index++) {
                    int replicas = Math.min(podsPerReplicaSet, remaining);
                    remaining -= replicas;
                    HttpResponse<String> response = client.send(
                            HttpRequest.newBuilder(target.server.resolve(
                                            "/apis/apps/v1/namespaces/" + namespace + "/replicasets"))
                                    .POST(HttpRequest.BodyPublishers.ofString(replicaSet("density-" + index, replicas)))
                                    .header("Content-Type", "application/json")
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() != 201) {
                        failure.set("ReplicaSet create answered " + response.statusCode() + ": " + response.body());
                        return;
                    }
                }
                return;
            }
            AtomicInteger next = new AtomicInteger();
            LoadResult created = new ClosedLoopLoad(client, createClients, pods)
                    .run(
                            () -> {
                                int index = next.getAndIncrement();
                                return api.createPod(namespace, boundPod(index).getBytes(StandardCharsets.UTF_8));
                            },
                            Duration.ofSeconds(timeoutSeconds));
            System.err.printf(
                    "skiff.hollow_density: created %d pods at %.0f/s (%d failed %s)%n",
                    created.succeeded(), created.throughput(), created.failed(), created.failures());
            if (created.failed() > 0) {
                failure.set(created.failed() + " creates failed: " + created.failures());
            }
        } catch (IOException e) {
            failure.set(e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static final String POD_SPEC = """
            {"containers":[{"name":"app","image":"registry.k8s.io/pause:3.10",
            "resources":{"requests":{"cpu":"10m","memory":"16Mi"}}}],"terminationGracePeriodSeconds":5}""";

    private static String replicaSet(String name, int replicas) {
        return """
                {"apiVersion":"apps/v1","kind":"ReplicaSet","metadata":{"name":"%s"},
                "spec":{"replicas":%d,"selector":{"matchLabels":{"app":"%s"}},
                "template":{"metadata":{"labels":{"app":"%s"}},"spec":%s}}}""".formatted(name, replicas, name, name, POD_SPEC);
    }

    private String boundPod(int index) {
        String spec = POD_SPEC.replaceFirst("\\{", "{\"nodeName\":\"" + nodePrefix + "-" + (index % nodes) + "\",");
        return """
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"density-%d","labels":{"app":"density"}},"spec":%s}""".formatted(index, spec);
    }

    /** Polls the hollow nodes until {@link #nodes} with the prefix are Ready, at most {@code timeout}. */
    private int awaitReadyNodes(HttpClient client, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int ready = 0;
        while (System.nanoTime() < deadline) {
            HttpResponse<byte[]> response = client.send(
                    HttpRequest.newBuilder(
                                    target.server.resolve("/api/v1/nodes?labelSelector=hollow.skiff.io%2Fnode%3Dtrue"))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            ready = 0;
            if (response.statusCode() == 200) {
                for (JsonNode node : KubeJson.mapper().readTree(response.body()).path("items")) {
                    if (!node.at("/metadata/name").asText().startsWith(nodePrefix + "-")) {
                        continue;
                    }
                    for (JsonNode condition : node.at("/status/conditions")) {
                        if ("Ready".equals(condition.path("type").asText())
                                && "True".equals(condition.path("status").asText())) {
                            ready++;
                        }
                    }
                }
            }
            if (ready >= nodes) {
                return ready;
            }
            Thread.sleep(POLL.toMillis());
        }
        return ready;
    }

    private static void report(JsonLines out, String when, Map<String, ProcessMemory.Reading> readings) {
        readings.forEach((label, reading) -> {
            Map<String, Object> labels = Map.of("process", label, "when", when);
            out.metric("rss", reading.rssBytes() / 1048576.0, "MiB", labels);
            if (reading.treeRssBytes() != reading.rssBytes()) {
                out.metric("rss_with_children", reading.treeRssBytes() / 1048576.0, "MiB", labels);
            }
            if (reading.heapUsedBytes() >= 0) {
                out.metric("heap_used", reading.heapUsedBytes() / 1048576.0, "MiB", labels);
            }
        });
    }

    /** The latest and the highest memory readings of each process. */
    private static final class MemoryPeaks {
        private final List<ProcessMemory> processes;
        private final Map<String, ProcessMemory.Reading> latest = new LinkedHashMap<>();
        private final Map<String, ProcessMemory.Reading> peak = new LinkedHashMap<>();

        MemoryPeaks(List<ProcessMemory> processes) {
            this.processes = processes;
        }

        synchronized void sample() {
            for (ProcessMemory process : processes) {
                ProcessMemory.Reading reading = process.read();
                latest.put(process.label(), reading);
                peak.merge(
                        process.label(),
                        reading,
                        (a, b) -> new ProcessMemory.Reading(
                                Math.max(a.rssBytes(), b.rssBytes()),
                                Math.max(a.treeRssBytes(), b.treeRssBytes()),
                                Math.max(a.heapUsedBytes(), b.heapUsedBytes())));
            }
        }

        synchronized Map<String, ProcessMemory.Reading> latest() {
            return new LinkedHashMap<>(latest);
        }

        synchronized Map<String, ProcessMemory.Reading> peak() {
            return new LinkedHashMap<>(peak);
        }

        synchronized String describeLatest() {
            return describe(latest);
        }

        String describe(Map<String, ProcessMemory.Reading> readings) {
            StringBuilder text = new StringBuilder();
            readings.forEach((label, reading) -> text.append(label)
                    .append(String.format(
                            " rss %d MiB (with children %d MiB), heap %d MiB; ",
                            reading.rssBytes() >> 20,
                            reading.treeRssBytes() >> 20,
                            reading.heapUsedBytes() < 0 ? -1 : reading.heapUsedBytes() >> 20)));
            return text.toString();
        }
    }
}
