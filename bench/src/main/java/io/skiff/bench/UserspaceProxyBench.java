package io.skiff.bench;

import io.skiff.bench.http.HttpClients;
import io.skiff.bench.http.SkiffApi;
import io.skiff.bench.load.LoadResult;
import io.skiff.bench.probe.ServerProbe;
import io.skiff.bench.report.JsonLines;
import io.skiff.bench.tcp.BackendServer;
import io.skiff.bench.tcp.BulkDownload;
import io.skiff.bench.tcp.Dialer;
import io.skiff.bench.tcp.RoundTripLoad;
import io.skiff.component.netns.NetworkNamespace;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "userspace-proxy",
        mixinStandardHelpOptions = true,
        description = {
            "Added latency and throughput of the proxy's userspace mode against a direct connection, in one run.",
            "A backend TCP server runs in the pod namespace; a selector-less Service (--cluster-ip) with an",
            "EndpointSlice naming the backend is created through the API; once the proxy relays, the same",
            "client (in the node namespace) measures, directly to the backend and through the cluster IP in",
            "turn: round trips over persistent connections, round trips on new connections, one bulk download."
        })
final class UserspaceProxyBench implements Callable<Integer> {

    private static final String DIRECT = "direct";
    private static final String PROXIED = "proxied";
    private static final String PORT_NAME = "tcp";
    private static final long MAX_BULK_BYTES = 64L << 30;

    @Mixin
    TargetOptions target;

    @Option(
            names = "--node-netns",
            required = true,
            paramLabel = "PATH",
            description = "The node's network namespace (where the proxy listens), e.g. /run/netns/NAME;"
                    + " the client's sockets are opened there. Never this process's own namespace.")
    String nodeNetns;

    @Option(
            names = "--pod-netns",
            required = true,
            paramLabel = "PATH",
            description = "The backend's network namespace (a pod reachable from the node's).")
    String podNetns;

    @Option(
            names = "--pod-ip",
            defaultValue = "10.244.0.2",
            description = "The backend's address in --pod-netns (default: ${DEFAULT-VALUE}).")
    String podIp;

    @Option(
            names = "--backend-port",
            defaultValue = "8080",
            description = "The backend's port, the Service's targetPort (default: ${DEFAULT-VALUE}).")
    int backendPort;

    @Option(
            names = "--cluster-ip",
            defaultValue = "10.96.100.10",
            description = "The Service's cluster IP, inside the proxy's service-cidr (default: ${DEFAULT-VALUE}).")
    String clusterIp;

    @Option(
            names = "--service-port",
            defaultValue = "80",
            description = "The Service's port (default: ${DEFAULT-VALUE}).")
    int servicePort;

    @Option(
            names = "--clients",
            defaultValue = "1",
            description = "Concurrent closed-loop clients in the round-trip phases (default: ${DEFAULT-VALUE}).")
    int clients;

    @Option(
            names = "--message-size",
            defaultValue = "64",
            description = "Bytes each way in one round trip (default: ${DEFAULT-VALUE}).")
    int messageSize;

    @Option(
            names = "--duration",
            defaultValue = "10s",
            converter = DurationConverter.class,
            description = "Measured time of each phase, per path; also the bound of the bulk download"
                    + " (default: ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(
            names = "--warmup",
            defaultValue = "3s",
            converter = DurationConverter.class,
            description = "Unmeasured load of each phase and path first, for the JIT (default: ${DEFAULT-VALUE}).")
    Duration warmup;

    @Option(
            names = "--bulk-bytes",
            defaultValue = "1073741824",
            description = "Bytes the bulk download streams, if --duration allows (default: ${DEFAULT-VALUE}, 1 GiB).")
    long bulkBytes;

    @Option(
            names = "--max-round-trips",
            defaultValue = "5000000",
            description = "Upper bound on round trips per phase and path, whatever the duration"
                    + " (default: ${DEFAULT-VALUE}).")
    long maxRoundTrips;

    @Option(
            names = "--max-connections",
            defaultValue = "25000",
            description = "Upper bound on new connections per phase and path (default: ${DEFAULT-VALUE}).")
    long maxConnections;

    @Option(
            names = "--sync-timeout",
            defaultValue = "60s",
            converter = DurationConverter.class,
            description = "How long the proxy may take to relay the new Service (default: ${DEFAULT-VALUE}).")
    Duration syncTimeout;

    @Override
    public Integer call() throws Exception {
        validate();
        HttpClient http = HttpClients.loopbackHttp11();
        SkiffApi api = new SkiffApi(http, target.server);
        InetSocketAddress backend = new InetSocketAddress(InetAddress.getByName(podIp), backendPort);
        InetSocketAddress service = new InetSocketAddress(InetAddress.getByName(clusterIp), servicePort);
        Map<String, InetSocketAddress> paths = new LinkedHashMap<>();
        paths.put(DIRECT, backend);
        paths.put(PROXIED, service);

        try (NetworkNamespace node = NetworkNamespace.of(nodeNetns);
                NetworkNamespace pod = NetworkNamespace.of(podNetns)) {
            refuseOwnNamespace(node.path());
            refuseOwnNamespace(pod.path());
            return measure(api, http, node, pod, paths);
        }
    }

    private int measure(
            SkiffApi api,
            HttpClient http,
            NetworkNamespace node,
            NetworkNamespace pod,
            Map<String, InetSocketAddress> paths)
            throws Exception {
        InetSocketAddress backend = paths.get(DIRECT);
        InetSocketAddress service = paths.get(PROXIED);
        try (BackendServer server = BackendServer.start(pod, backend, 2 * clients + 16);
                Dialer dialer = new Dialer(node, Duration.ofSeconds(2))) {
            RoundTripLoad roundTrips = new RoundTripLoad(dialer, clients, messageSize, maxRoundTrips);
            RoundTripLoad connections = new RoundTripLoad(dialer, clients, messageSize, maxConnections);
            BulkDownload bulk = new BulkDownload(dialer);
            awaitExchange(connections, DIRECT, backend, Duration.ofSeconds(10));

            String namespace = SkiffApi.uniqueNamespace("bench-userspace");
            api.createNamespace(namespace);
            createService(api, namespace);
            long syncStart = System.nanoTime();
            awaitExchange(connections, PROXIED, service, syncTimeout);
            double syncMs = (System.nanoTime() - syncStart) / 1e6;

            System.err.printf(
                    "userspace-proxy: warming up %d s per phase and path (direct %s, proxied %s)%n",
                    warmup.toSeconds(), backend, service);
            for (InetSocketAddress address : paths.values()) {
                roundTrips.persistent(address, warmup);
                connections.newConnections(address, warmup);
                bulk.run(address, Math.min(bulkBytes, 256L << 20), warmup);
            }

            ServerProbe probe = target.probe(http);
            Map<String, LoadResult> persistent = new LinkedHashMap<>();
            Map<String, LoadResult> fresh = new LinkedHashMap<>();
            Map<String, BulkDownload.Result> downloads = new LinkedHashMap<>();
            for (Map.Entry<String, InetSocketAddress> path : paths.entrySet()) {
                ServerProbe.Snapshot start = probe.snapshot();
                LoadResult result = roundTrips.persistent(path.getValue(), duration);
                report(start, probe, path.getKey(), "round_trip");
                persistent.put(path.getKey(), result);
                System.err.printf(
                        "  %-8s persistent connections: %.0f round trips/s, %s, %d errors%n",
                        path.getKey(), result.throughput(), result.latency(), result.failed());
            }
            for (Map.Entry<String, InetSocketAddress> path : paths.entrySet()) {
                ServerProbe.Snapshot start = probe.snapshot();
                LoadResult result = connections.newConnections(path.getValue(), duration);
                report(start, probe, path.getKey(), "new_connection");
                fresh.put(path.getKey(), result);
                System.err.printf(
                        "  %-8s new connections: %.0f connections/s, %s, %d errors %s%n",
                        path.getKey(), result.throughput(), result.latency(), result.failed(), result.failures());
            }
            for (Map.Entry<String, InetSocketAddress> path : paths.entrySet()) {
                ServerProbe.Snapshot start = probe.snapshot();
                BulkDownload.Result result = bulk.run(path.getValue(), bulkBytes, duration);
                report(start, probe, path.getKey(), "bulk");
                downloads.put(path.getKey(), result);
                System.err.printf(
                        "  %-8s bulk: %.0f MB/s (%d of %d bytes in %.2f s)%n",
                        path.getKey(),
                        result.megabytesPerSecond(),
                        result.received(),
                        result.requested(),
                        result.seconds());
            }

            for (String path : paths.keySet()) {
                JsonLines out = lines().with("path", path);
                out.latency("round_trip", persistent.get(path).latency());
                out.metric("round_trips", persistent.get(path).throughput(), "1/s");
                out.metric("round_trip_errors", persistent.get(path).failed(), "count");
                out.latency("new_connection", fresh.get(path).latency());
                out.metric("new_connections", fresh.get(path).throughput(), "1/s");
                out.metric("new_connection_errors", fresh.get(path).failed(), "count");
                out.metric("bulk_throughput", downloads.get(path).megabytesPerSecond(), "MB/s");
                out.metric("bulk_received", downloads.get(path).received(), "bytes");
            }
            JsonLines added = lines().with("path", "proxied_vs_direct");
            added.metric("added_round_trip_p50", p50(persistent, PROXIED) - p50(persistent, DIRECT), "ms");
            added.metric("added_round_trip_p99", p99(persistent, PROXIED) - p99(persistent, DIRECT), "ms");
            added.metric("added_new_connection_p50", p50(fresh, PROXIED) - p50(fresh, DIRECT), "ms");
            added.metric("added_new_connection_p99", p99(fresh, PROXIED) - p99(fresh, DIRECT), "ms");
            added.metric(
                    "round_trips_ratio",
                    persistent.get(PROXIED).throughput()
                            / persistent.get(DIRECT).throughput(),
                    "ratio");
            added.metric(
                    "bulk_throughput_ratio",
                    downloads.get(PROXIED).megabytesPerSecond()
                            / downloads.get(DIRECT).megabytesPerSecond(),
                    "ratio");
            added.metric("service_relayed_after_create", syncMs, "ms");
            System.err.printf(
                    "userspace-proxy: the proxy adds %.3f ms at p50 and %.3f ms at p99 to a round trip,"
                            + " %.3f ms at p50 to a new connection; bulk %.0f%% of direct%n",
                    p50(persistent, PROXIED) - p50(persistent, DIRECT),
                    p99(persistent, PROXIED) - p99(persistent, DIRECT),
                    p50(fresh, PROXIED) - p50(fresh, DIRECT),
                    100
                            * downloads.get(PROXIED).megabytesPerSecond()
                            / downloads.get(DIRECT).megabytesPerSecond());
            api.deleteNamespace(namespace);
            boolean clean = persistent.values().stream().allMatch(r -> r.succeeded() > 0)
                    && fresh.values().stream().allMatch(r -> r.succeeded() > 0)
                    && downloads.values().stream().allMatch(r -> r.received() > 0);
            return clean ? 0 : 1;
        }
    }

    private void validate() {
        if (clients < 1 || clients > 256) {
            throw new IllegalArgumentException("--clients must be in [1, 256]");
        }
        if (bulkBytes < 1 || bulkBytes > MAX_BULK_BYTES) {
            throw new IllegalArgumentException("--bulk-bytes must be in [1, " + MAX_BULK_BYTES + "]");
        }
        if (maxRoundTrips < 1 || maxConnections < 1) {
            throw new IllegalArgumentException("--max-round-trips and --max-connections must be positive");
        }
        if (duration.isNegative() || duration.isZero() || warmup.isNegative()) {
            throw new IllegalArgumentException("--duration must be positive and --warmup not negative");
        }
    }

    /**
     * The benchmark's 10.x addresses must only ever be used inside namespaces made for it
     * (DESIGN.md §5): refuse a namespace that is this process's own.
     */
    private static void refuseOwnNamespace(Path namespace) throws IOException {
        if (Files.isSameFile(Path.of("/proc/self/ns/net"), namespace)) {
            throw new IllegalArgumentException(namespace + " is this process's own network namespace;"
                    + " give namespaces made for the benchmark (bench/userspace-proxy.sh makes them)");
        }
    }

    private JsonLines lines() {
        return new JsonLines(System.out, "proxy.userspace")
                .with("clients", clients)
                .with("message_bytes", messageSize)
                .with("duration_s", duration.toSeconds())
                .with("bulk_bytes", bulkBytes);
    }

    /** CPU of the probed processes (the proxy) and of the machine over one phase of one path. */
    private void report(ServerProbe.Snapshot start, ServerProbe probe, String path, String phase)
            throws IOException, InterruptedException {
        ServerProbe.Snapshot end = probe.snapshot();
        System.err.printf("  %-8s %s", path, phase);
        ServerProbe.report(start, end, lines().with("path", path).with("phase", phase), System.err);
    }

    private static double p50(Map<String, LoadResult> results, String path) {
        return results.get(path).latency().p50Ms();
    }

    private static double p99(Map<String, LoadResult> results, String path) {
        return results.get(path).latency().p99Ms();
    }

    /** One exchange on a new connection succeeds, tried every 200 ms until {@code timeout}. */
    private static void awaitExchange(RoundTripLoad load, String what, InetSocketAddress address, Duration timeout)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        IOException last = null;
        while (System.nanoTime() < deadline) {
            try {
                load.single(address);
                return;
            } catch (IOException e) {
                last = e;
            }
            Thread.sleep(200);
        }
        throw new IOException(what + " path to " + address + " does not answer within " + timeout
                + (last == null ? "" : ": " + last));
    }

    /** A selector-less Service on --cluster-ip and the EndpointSlice naming the backend, as its controller would. */
    private void createService(SkiffApi api, String namespace) throws IOException, InterruptedException {
        String name = "echo";
        String serviceJson = "{\"apiVersion\":\"v1\",\"kind\":\"Service\",\"metadata\":{\"name\":\"" + name + "\"},"
                + "\"spec\":{\"type\":\"ClusterIP\",\"clusterIP\":\"" + clusterIp + "\",\"ports\":[{\"name\":\""
                + PORT_NAME + "\",\"protocol\":\"TCP\",\"port\":" + servicePort + ",\"targetPort\":" + backendPort
                + "}]}}";
        api.createNow(
                api.createService(namespace, serviceJson.getBytes(StandardCharsets.UTF_8)),
                "Service " + namespace + "/" + name);
        String sliceJson = "{\"apiVersion\":\"discovery.k8s.io/v1\",\"kind\":\"EndpointSlice\",\"metadata\":{"
                + "\"name\":\"" + name + "-1\",\"labels\":{\"kubernetes.io/service-name\":\"" + name + "\","
                + "\"endpointslice.kubernetes.io/managed-by\":\"bench.skiff.io\"}},\"addressType\":\"IPv4\","
                + "\"ports\":[{\"name\":\"" + PORT_NAME + "\",\"protocol\":\"TCP\",\"port\":" + backendPort + "}],"
                + "\"endpoints\":[{\"addresses\":[\"" + podIp + "\"],\"conditions\":{\"ready\":true}}]}";
        api.createNow(
                api.createEndpointSlice(namespace, sliceJson.getBytes(StandardCharsets.UTF_8)),
                "EndpointSlice " + namespace + "/" + name + "-1");
        System.err.printf(
                "userspace-proxy: Service %s/%s %s:%d -> %s:%d%n",
                namespace, name, clusterIp, servicePort, podIp, backendPort);
    }
}
