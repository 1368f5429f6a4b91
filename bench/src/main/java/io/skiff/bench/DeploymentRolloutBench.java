package io.skiff.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.skiff.bench.http.HttpClients;
import io.skiff.bench.http.SkiffApi;
import io.skiff.bench.load.ClosedLoopLoad;
import io.skiff.bench.load.LoadResult;
import io.skiff.bench.probe.ServerProbe;
import io.skiff.bench.report.JsonLines;
import io.skiff.bench.rollout.DeploymentPoller;
import io.skiff.bench.rollout.HollowKubelets;
import io.skiff.bench.rollout.NodeLeases;
import io.skiff.bench.scheduling.ClusterShape;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The controller chain under load: N Node objects played by hollow kubelets (each node's Lease
 * renewed every 10 s, a bound pod reported Running and Ready at once, a deleted one finally
 * deleted), then one Deployment of R
 * replicas. Measures the time until every replica is available, then the time a rolling update to
 * a new image takes until `kubectl rollout status` would call it done. The server must run the
 * scheduler and the controller manager ({@code skiff server} does).
 */
@Command(
        name = "deployment-rollout",
        mixinStandardHelpOptions = true,
        description = "Seconds until a Deployment's replicas are all available, then until a rolling update is done.")
final class DeploymentRolloutBench implements Callable<Integer> {

    private static final String NAME = "web";

    @Mixin
    TargetOptions target;

    @Option(names = "--nodes", defaultValue = "500", description = "Node objects (default: ${DEFAULT-VALUE}).")
    int nodes;

    @Option(
            names = "--replicas",
            defaultValue = "3000",
            description = "Deployment replicas (default: ${DEFAULT-VALUE}).")
    int replicas;

    @Option(
            names = "--kubelet-workers",
            defaultValue = "16",
            description = "Concurrent status writes of the hollow kubelets (default: ${DEFAULT-VALUE}).")
    int kubeletWorkers;

    @Option(
            names = "--timeout",
            defaultValue = "300",
            description = "Seconds to wait for each phase (default: ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    @Option(names = "--keep", description = "Leave the nodes and the Deployment in place afterwards.")
    boolean keep;

    @Override
    public Integer call() throws Exception {
        HttpClient client = HttpClients.loopbackHttp11();
        SkiffApi api = new SkiffApi(client, target.server);
        String namespace = SkiffApi.uniqueNamespace("bench-deploy");
        ClusterShape cluster = new ClusterShape(namespace.substring("bench-deploy-".length()), false);
        Duration timeout = Duration.ofSeconds(timeoutSeconds);

        if (!api.awaitNamespacesGone("bench-deploy-", Duration.ofMinutes(3))) {
            System.err.println("skiff.deployment: an earlier run's namespace is still terminating; measuring anyway");
        }
        AtomicInteger nodeIndex = new AtomicInteger();
        LoadResult madeNodes = new ClosedLoopLoad(client, 32, nodes)
                .run(() -> api.createNode(cluster.node(nodeIndex.getAndIncrement())), timeout);
        System.err.printf(
                "skiff.deployment: %d nodes created (%d errors %s)%n",
                madeNodes.succeeded(), madeNodes.failed(), madeNodes.failures());
        String from = api.createNamespace(namespace);

        JsonLines out = new JsonLines(System.out, "skiff.deployment.rollout")
                .with("nodes", nodes)
                .with("replicas", replicas);
        ServerProbe probe = target.probe(client);
        ServerProbe.Snapshot before = probe.snapshot();
        DeploymentPoller deployment = new DeploymentPoller(client, target.server, namespace, NAME);
        List<String> nodeNames =
                IntStream.range(0, nodes).mapToObj(cluster::nodeName).toList();
        try (NodeLeases leases = new NodeLeases(client, target.server, nodeNames, cluster.runLabel());
                HollowKubelets kubelets = new HollowKubelets(client, target.server, namespace, from, kubeletWorkers)) {
            long start = System.nanoTime();
            expect(
                    201,
                    client.send(
                            api.createDeployment(namespace, deployment("nginx:1.27")),
                            HttpResponse.BodyHandlers.ofString()));
            long available = deployment.awaitStatus(d -> DeploymentPoller.rolledOut(d, replicas), timeout);
            report(out, "available_seconds", start, available, "all replicas available");
            ServerProbe.Snapshot afterAvailable = probe.snapshot();
            reportRequests(out, "available", before, afterAvailable);

            long rollStart = System.nanoTime();
            String patch =
                    "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"web\",\"image\":\"nginx:1.28\"}]}}}}";
            expect(
                    200,
                    client.send(
                            api.patchDeployment(namespace, NAME, patch.getBytes(StandardCharsets.UTF_8)),
                            HttpResponse.BodyHandlers.ofString()));
            long rolled = deployment.awaitStatus(d -> DeploymentPoller.rolledOut(d, replicas), timeout);
            report(out, "rolling_update_seconds", rollStart, rolled, "rolling update done");
            ServerProbe.Snapshot afterRollout = probe.snapshot();
            reportRequests(out, "rolling_update", afterAvailable, afterRollout);
            out.metric("hollow_kubelet_failures", kubelets.failures(), "count");
            out.metric("hollow_kubelet_throttled", kubelets.throttled(), "count");
            out.metric("node_lease_failures", leases.failures(), "count");
            JsonNode status = deployment.read().path("status");
            System.err.println("skiff.deployment: final status " + status);
            ServerProbe.report(before, afterRollout, out, System.err);
        } finally {
            if (!keep) {
                api.deleteAll(namespace, "/api/v1/nodes", cluster.runLabel());
                api.deleteLabelled(
                        "/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases", cluster.runLabel());
            }
        }
        return 0;
    }

    private void report(JsonLines out, String metric, long startNanos, long doneNanos, String what) {
        if (doneNanos < 0) {
            out.metric(metric + "_timed_out", timeoutSeconds, "s");
            System.err.printf("skiff.deployment: %s: TIMED OUT after %d s%n", what, timeoutSeconds);
            return;
        }
        double seconds = (doneNanos - startNanos) / 1e9;
        out.metric(metric, seconds, "s");
        System.err.printf("skiff.deployment: %d replicas on %d nodes: %s in %.1f s%n", replicas, nodes, what, seconds);
    }

    /** API requests of one phase, all clients together (controllers, scheduler, hollow kubelets, this poller). */
    private static void reportRequests(
            JsonLines out, String phase, ServerProbe.Snapshot from, ServerProbe.Snapshot to) {
        java.util.Map<String, Long> byVerb = ServerProbe.apiRequestsByVerb(from, to);
        if (byVerb.isEmpty()) {
            return;
        }
        long total = byVerb.values().stream().mapToLong(Long::longValue).sum();
        out.metric("api_requests", total, "count", java.util.Map.of("phase", phase));
        byVerb.forEach((verb, count) ->
                out.metric("api_requests", count, "count", java.util.Map.of("phase", phase, "verb", verb)));
        System.err.printf("skiff.deployment: %s: %d API requests %s%n", phase, total, byVerb);
    }

    private byte[] deployment(String image) {
        String json = """
                {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"%s"},
                "spec":{"replicas":%d,"selector":{"matchLabels":{"app":"%s"}},
                "template":{"metadata":{"labels":{"app":"%s"}},
                "spec":{"containers":[{"name":"web","image":"%s",
                "resources":{"requests":{"cpu":"10m","memory":"16Mi"}}}]}}}}""".formatted(NAME, replicas, NAME, NAME, image);
        return json.getBytes(StandardCharsets.UTF_8);
    }

    private static void expect(int code, HttpResponse<String> response) throws IOException {
        if (response.statusCode() != code) {
            throw new IOException("expected " + code + ", got " + response.statusCode() + ": " + response.body());
        }
    }
}
