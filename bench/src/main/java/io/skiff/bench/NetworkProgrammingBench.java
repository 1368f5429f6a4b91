package io.skiff.bench;

import io.skiff.bench.http.HttpClients;
import io.skiff.bench.http.LoopbackUri;
import io.skiff.bench.http.SkiffApi;
import io.skiff.bench.report.JsonLines;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "network-programming",
        mixinStandardHelpOptions = true,
        description = {
            "Network programming latency of a proxy: from an endpoint change to the rules applied.",
            "Creates N selector-less Services with an EndpointSlice of M endpoints each (as the EndpointSlice",
            "controller would), waits for the proxy to program them, then changes one endpoint of a random",
            "Service at a steady rate, stamping each change's endpoints.kubernetes.io/last-change-trigger-time.",
            "The latency is the proxy's own kubeproxy_network_programming_duration_seconds histogram over the",
            "changes (the proxy observes trigger time to rules applied); percentiles are interpolated within",
            "its buckets. The proxy must run on the same machine (one clock)."
        })
final class NetworkProgrammingBench implements Callable<Integer> {

    private static final String HISTOGRAM = "kubeproxy_network_programming_duration_seconds";
    private static final String LAST_SYNC = "kubeproxy_sync_proxy_rules_last_timestamp_seconds";
    private static final String SYNC_DURATION = "kubeproxy_sync_proxy_rules_duration_seconds";
    private static final String LAST_QUEUED = "kubeproxy_sync_proxy_rules_last_queued_timestamp_seconds";
    private static final Pattern BUCKET =
            Pattern.compile("^" + HISTOGRAM + "_bucket\\{[^}]*le=\"([^\"]+)\"[^}]*}\\s+(\\S+)");

    @Mixin
    TargetOptions target;

    @Option(
            names = "--proxy-metrics",
            required = true,
            paramLabel = "URL",
            converter = LoopbackUri.class,
            description = "The proxy's Prometheus endpoint, e.g. http://127.0.0.1:10256/actuator/prometheus.")
    URI proxyMetrics;

    @Option(names = "--services", defaultValue = "1000", description = "Services (default: ${DEFAULT-VALUE}).")
    int services;

    @Option(
            names = "--endpoints",
            defaultValue = "10",
            description = "Endpoints per Service (default: ${DEFAULT-VALUE}).")
    int endpoints;

    @Option(
            names = "--changes",
            defaultValue = "300",
            description = "Endpoint changes measured (default: ${DEFAULT-VALUE}).")
    int changes;

    @Option(names = "--rate", defaultValue = "5", description = "Changes per second (default: ${DEFAULT-VALUE}).")
    double rate;

    @Override
    public Integer call() throws Exception {
        if (services < 1 || services > 60_000 || endpoints < 1 || endpoints > 250) {
            throw new IllegalArgumentException("--services 1..60000 and --endpoints 1..250");
        }
        HttpClient client = HttpClients.loopbackHttp11();
        SkiffApi api = new SkiffApi(client, target.server);
        String namespace = SkiffApi.uniqueNamespace("bench-netprog");
        api.createNamespace(namespace);

        System.err.printf("network-programming: creating %d Services x %d endpoints%n", services, endpoints);
        for (int i = 0; i < services; i++) {
            send(client, "POST", "/api/v1/namespaces/" + namespace + "/services", service(i));
            send(
                    client,
                    "POST",
                    "/apis/discovery.k8s.io/v1/namespaces/" + namespace + "/endpointslices",
                    slice(i, endpointIps(i, 0)));
        }
        awaitSynced(client, Duration.ofMinutes(10));
        Map<Double, Double> before = buckets(client);
        String metricsBefore = metrics(client);

        System.err.printf("network-programming: %d changes at %.1f/s%n", changes, rate);
        Random random = new Random(7);
        long interval = (long) (1e9 / rate);
        long next = System.nanoTime();
        for (int change = 1; change <= changes; change++) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            next += interval;
            int service = random.nextInt(services);
            String patch = "{\"metadata\":{\"annotations\":{\"endpoints.kubernetes.io/last-change-trigger-time\":\""
                    + Instant.now() + "\"}},\"endpoints\":" + endpointsJson(endpointIps(service, change)) + "}";
            send(
                    client,
                    "PATCH",
                    "/apis/discovery.k8s.io/v1/namespaces/" + namespace + "/endpointslices/svc-" + service,
                    patch);
        }
        awaitSynced(client, Duration.ofMinutes(2));
        Map<Double, Double> after = buckets(client);
        String metricsAfter = metrics(client);
        double syncs = gauge(metricsAfter, SYNC_DURATION + "_count") - gauge(metricsBefore, SYNC_DURATION + "_count");
        double syncSeconds = gauge(metricsAfter, SYNC_DURATION + "_sum") - gauge(metricsBefore, SYNC_DURATION + "_sum");

        TreeMap<Double, Double> delta = new TreeMap<>();
        after.forEach((le, count) -> delta.put(le, count - before.getOrDefault(le, 0.0)));
        double total = delta.getOrDefault(Double.POSITIVE_INFINITY, 0.0);
        JsonLines out = new JsonLines(System.out, "proxy.network_programming")
                .with("services", services)
                .with("endpoints", endpoints)
                .with("rate", rate);
        out.metric("samples", total, "count");
        out.metric("latency_p50", percentile(delta, 0.50) * 1000, "ms");
        out.metric("latency_p99", percentile(delta, 0.99) * 1000, "ms");
        // The syncs during the changes: how often the proxy synced and what a (partial) sync cost.
        out.metric("syncs", syncs, "count");
        out.metric("sync_duration_mean", syncs == 0 ? Double.NaN : syncSeconds / syncs * 1000, "ms");
        System.err.printf(
                "network-programming: %.0f samples, p50 %.0f ms, p99 %.0f ms; %.0f syncs, %.0f ms each on average%n",
                total,
                percentile(delta, 0.50) * 1000,
                percentile(delta, 0.99) * 1000,
                syncs,
                syncs == 0 ? Double.NaN : syncSeconds / syncs * 1000);
        api.deleteNamespace(namespace);
        return 0;
    }

    /** Linear interpolation inside the bucket holding the quantile, as PromQL's histogram_quantile. */
    static double percentile(TreeMap<Double, Double> cumulative, double quantile) {
        double total = cumulative.getOrDefault(Double.POSITIVE_INFINITY, 0.0);
        if (total == 0) {
            return Double.NaN;
        }
        double rank = quantile * total;
        double lowerBound = 0;
        double lowerCount = 0;
        for (Map.Entry<Double, Double> bucket : cumulative.entrySet()) {
            if (bucket.getValue() >= rank) {
                if (bucket.getKey().isInfinite()) {
                    return lowerBound;
                }
                double inBucket = bucket.getValue() - lowerCount;
                return inBucket == 0
                        ? bucket.getKey()
                        : lowerBound + (bucket.getKey() - lowerBound) * (rank - lowerCount) / inBucket;
            }
            lowerBound = bucket.getKey();
            lowerCount = bucket.getValue();
        }
        return lowerBound;
    }

    private void awaitSynced(HttpClient client, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Thread.sleep(2000);
        while (System.nanoTime() < deadline) {
            String metrics = metrics(client);
            double lastSync = gauge(metrics, LAST_SYNC);
            double lastQueued = gauge(metrics, LAST_QUEUED);
            if (lastSync > 0 && lastSync >= lastQueued) {
                return;
            }
            Thread.sleep(500);
        }
        throw new IOException("the proxy did not catch up within " + timeout);
    }

    private Map<Double, Double> buckets(HttpClient client) throws IOException, InterruptedException {
        Map<Double, Double> buckets = new TreeMap<>();
        for (String line : metrics(client).split("\n")) {
            Matcher matcher = BUCKET.matcher(line);
            if (matcher.find()) {
                double le = matcher.group(1).equals("+Inf")
                        ? Double.POSITIVE_INFINITY
                        : Double.parseDouble(matcher.group(1));
                buckets.merge(le, Double.parseDouble(matcher.group(2)), Double::sum);
            }
        }
        return buckets;
    }

    private static double gauge(String metrics, String name) {
        for (String line : metrics.split("\n")) {
            if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }

    private String metrics(HttpClient client) throws IOException, InterruptedException {
        HttpResponse<String> response = client.send(
                HttpRequest.newBuilder(proxyMetrics)
                        .timeout(Duration.ofSeconds(30))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return response.body();
    }

    private void send(HttpClient client, String method, String path, String body)
            throws IOException, InterruptedException {
        String contentType = method.equals("PATCH") ? "application/merge-patch+json" : "application/json";
        HttpResponse<String> response = client.send(
                HttpRequest.newBuilder(target.server.resolve(path))
                        .timeout(Duration.ofSeconds(30))
                        .header("Content-Type", contentType)
                        .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IOException(method + " " + path + " answered " + response.statusCode() + ": " + response.body());
        }
    }

    /** Service i at 10.100.0.0 + i: inside the default service range, clear of the low addresses. */
    private static String service(int i) {
        String ip = "10." + (100 + i / 65536) + "." + (i / 256 % 256) + "." + (i % 256);
        return "{\"apiVersion\":\"v1\",\"kind\":\"Service\",\"metadata\":{\"name\":\"svc-" + i + "\"},"
                + "\"spec\":{\"type\":\"ClusterIP\",\"clusterIP\":\"" + ip + "\",\"clusterIPs\":[\"" + ip + "\"],"
                + "\"ports\":[{\"name\":\"http\",\"port\":80,\"protocol\":\"TCP\",\"targetPort\":8080}]}}";
    }

    private String slice(int i, List<String> ips) {
        return "{\"apiVersion\":\"discovery.k8s.io/v1\",\"kind\":\"EndpointSlice\",\"metadata\":{\"name\":\"svc-" + i
                + "\",\"labels\":{\"kubernetes.io/service-name\":\"svc-" + i
                + "\",\"endpointslice.kubernetes.io/managed-by\":\"bench.skiff.io\"}},\"addressType\":\"IPv4\","
                + "\"ports\":[{\"name\":\"http\",\"port\":8080,\"protocol\":\"TCP\"}],\"endpoints\":"
                + endpointsJson(ips) + "}";
    }

    /** Service i's endpoints in generation g: distinct pod addresses in 10.128.0.0/9, never routed. */
    private List<String> endpointIps(int service, int generation) {
        List<String> ips = new ArrayList<>();
        for (int e = 0; e < endpoints; e++) {
            long offset = ((long) service * endpoints + e + (long) generation * 7919) % (1L << 23);
            ips.add("10." + (128 + (offset >> 16)) + "." + ((offset >> 8) & 0xFF) + "." + (offset & 0xFF));
        }
        return ips;
    }

    private static String endpointsJson(List<String> ips) {
        StringBuilder json = new StringBuilder("[");
        for (int i = 0; i < ips.size(); i++) {
            json.append(i == 0 ? "" : ",")
                    .append("{\"addresses\":[\"")
                    .append(ips.get(i))
                    .append("\"],\"conditions\":{\"ready\":true}}");
        }
        return json.append(']').toString();
    }
}
