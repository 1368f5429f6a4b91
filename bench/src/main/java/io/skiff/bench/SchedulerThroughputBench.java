package io.skiff.bench;

import io.skiff.bench.http.HttpClients;
import io.skiff.bench.http.SkiffApi;
import io.skiff.bench.load.ClosedLoopLoad;
import io.skiff.bench.load.LoadResult;
import io.skiff.bench.probe.ServerProbe;
import io.skiff.bench.report.JsonLines;
import io.skiff.bench.scheduling.BindingWatch;
import io.skiff.bench.scheduling.ClusterShape;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * scheduler_perf's SchedulingBasic shape end to end through the API server: Node objects (no
 * kubelets), then pods; pods/s from the first pod created to the last one seen bound by a watcher.
 * The server must run a scheduler ({@code skiff server} does).
 */
@Command(
        name = "scheduler-throughput",
        mixinStandardHelpOptions = true,
        description = "Pods scheduled per second: N Node objects, then M pods, timed to the last binding.")
final class SchedulerThroughputBench implements Callable<Integer> {

    @Mixin
    TargetOptions target;

    @Option(names = "--nodes", defaultValue = "5000", description = "Node objects (default: ${DEFAULT-VALUE}).")
    int nodes;

    @Option(names = "--pods", defaultValue = "10000", description = "Pods to schedule (default: ${DEFAULT-VALUE}).")
    int pods;

    @Option(
            names = "--init-pods",
            defaultValue = "1000",
            description = "Pods scheduled before measuring, as scheduler_perf's initPods, so the measured pods"
                    + " meet a warmed-up scheduler and a partly filled cluster (default: ${DEFAULT-VALUE}).")
    int initPods;

    @Option(
            names = "--shape",
            defaultValue = "basic",
            description = "basic (requests only) or spread (plus pod anti-affinity on hostname and zone"
                    + " topology spread per group of pods) (default: ${DEFAULT-VALUE}).")
    String shape;

    @Option(
            names = "--clients",
            defaultValue = "32",
            description = "Concurrent creating clients (default: ${DEFAULT-VALUE}).")
    int clients;

    @Option(
            names = "--timeout",
            defaultValue = "600",
            description = "Seconds to wait for every pod to be bound (default: ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    @Option(names = "--keep", description = "Leave the nodes and pods in place afterwards.")
    boolean keep;

    @Override
    public Integer call() throws Exception {
        if (!shape.equals("basic") && !shape.equals("spread")) {
            throw new IllegalArgumentException("--shape must be basic or spread, not " + shape);
        }
        HttpClient client = HttpClients.loopbackHttp11();
        SkiffApi api = new SkiffApi(client, target.server);
        String namespace = SkiffApi.uniqueNamespace("bench-sched");
        ClusterShape cluster = new ClusterShape(namespace.substring("bench-sched-".length()), shape.equals("spread"));
        Duration timeout = Duration.ofSeconds(timeoutSeconds);

        AtomicInteger nodeIndex = new AtomicInteger();
        long nodesStart = System.nanoTime();
        LoadResult madeNodes = new ClosedLoopLoad(client, clients, nodes)
                .run(() -> api.createNode(cluster.node(nodeIndex.getAndIncrement())), timeout);
        System.err.printf(
                "skiff.scheduler: %d nodes created in %.1f s (%d errors %s)%n",
                madeNodes.succeeded(),
                (System.nanoTime() - nodesStart) / 1e9,
                madeNodes.failed(),
                madeNodes.failures());

        String from = api.createNamespace(namespace);
        if (initPods > 0) {
            try (BindingWatch warmup = new BindingWatch(client, target.server, namespace, "init-", from, initPods)) {
                AtomicInteger initIndex = new AtomicInteger();
                new ClosedLoopLoad(client, clients, initPods)
                        .run(
                                () -> api.createPod(namespace, cluster.pod("init-", initIndex.getAndIncrement())),
                                timeout);
                boolean warmed = warmup.awaitAll(timeout);
                System.err.printf(
                        "skiff.scheduler: %d/%d initial pods bound%s%n",
                        warmup.bound(), initPods, warmed ? "" : " (timed out)");
                from = warmup.lastResourceVersion();
            }
        }
        JsonLines out = new JsonLines(System.out, "skiff.scheduler." + shape)
                .with("nodes", nodes)
                .with("pods", pods)
                .with("init_pods", initPods)
                .with("clients", clients);
        ServerProbe probe = target.probe(client);
        ServerProbe.Snapshot before = probe.snapshot();
        try (BindingWatch bindings = new BindingWatch(client, target.server, namespace, "pod-", from, pods)) {
            AtomicInteger podIndex = new AtomicInteger();
            long start = System.nanoTime();
            LoadResult madePods = new ClosedLoopLoad(client, clients, pods)
                    .run(() -> api.createPod(namespace, cluster.pod("pod-", podIndex.getAndIncrement())), timeout);
            double createSeconds = (System.nanoTime() - start) / 1e9;
            boolean all = bindings.awaitAll(timeout);
            double seconds = (bindings.lastBoundNanos() - start) / 1e9;
            double throughput = bindings.bound() / seconds;
            long[] perSecond = bindings.perSecond(start);
            long[] sorted = perSecond.clone();
            Arrays.sort(sorted);

            out.metric("throughput", throughput, "pods/s");
            out.metric("throughput_p50_per_second", sorted[sorted.length / 2], "pods/s");
            out.metric("create_throughput", madePods.succeeded() / createSeconds, "pods/s");
            out.metric("bound", bindings.bound(), "count");
            out.metric("create_errors", madePods.failed(), "count");
            System.err.printf(
                    "skiff.scheduler.%s: %d/%d pods bound in %.1f s = %.0f pods/s (created at %.0f/s; %d create errors %s)%s%n",
                    shape,
                    bindings.bound(),
                    pods,
                    seconds,
                    throughput,
                    madePods.succeeded() / createSeconds,
                    madePods.failed(),
                    madePods.failures(),
                    all ? "" : "; TIMED OUT before every pod was bound");
            System.err.println("skiff.scheduler: bindings per second: " + Arrays.toString(perSecond));
            ServerProbe.report(before, probe.snapshot(), out, System.err);
        } finally {
            if (!keep) {
                api.deleteAll(namespace, "/api/v1/nodes", cluster.runLabel());
            }
        }
        return 0;
    }
}
