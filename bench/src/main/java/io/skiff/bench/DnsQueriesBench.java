package io.skiff.bench;

import io.skiff.bench.dns.DnsQuery;
import io.skiff.bench.dns.LoopbackDnsServer;
import io.skiff.bench.dns.UdpQueryLoad;
import io.skiff.bench.http.HttpClients;
import io.skiff.bench.http.SkiffApi;
import io.skiff.bench.probe.ServerProbe;
import io.skiff.bench.report.JsonLines;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "dns-queries",
        mixinStandardHelpOptions = true,
        description = {
            "Queries per second and latency of the cluster DNS for Service names: creates the Services through",
            "the API, waits until the DNS server answers for the last one, then closed-loop A queries over UDP."
        })
final class DnsQueriesBench implements Callable<Integer> {

    /** Explicit cluster IPs from 10.100.0.0/16 (inside the default service CIDR), never contacted. */
    private static final long FIRST_CLUSTER_IP = (10L << 24) | (100L << 16);

    private static final int MAX_SERVICES = 60_000;

    @Mixin
    TargetOptions target;

    @Option(
            names = "--dns",
            required = true,
            paramLabel = "ADDRESS:PORT",
            converter = LoopbackDnsServer.class,
            description = "The DNS server, on loopback, e.g. 127.0.0.1:1053 (skiff server's --dns-port).")
    InetSocketAddress dns;

    @Option(
            names = "--services",
            defaultValue = "1000",
            description = "Services to create (default: ${DEFAULT-VALUE}).")
    int services;

    @Option(
            names = "--clients",
            defaultValue = "16",
            description = "Concurrent DNS clients (default: ${DEFAULT-VALUE}).")
    int clients;

    @Option(
            names = "--duration",
            defaultValue = "20s",
            converter = DurationConverter.class,
            description = "Measured time (default: ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(
            names = "--warmup",
            defaultValue = "5s",
            converter = DurationConverter.class,
            description = "Unmeasured queries first, for the JIT (default: ${DEFAULT-VALUE}).")
    Duration warmup;

    @Option(
            names = "--max-queries",
            defaultValue = "5000000",
            description = "Upper bound on queries per phase, whatever the duration (default: ${DEFAULT-VALUE}).")
    long maxQueries;

    @Option(
            names = "--sync-timeout",
            defaultValue = "120s",
            converter = DurationConverter.class,
            description = "How long the DNS server may take to know every Service (default: ${DEFAULT-VALUE}).")
    Duration syncTimeout;

    @Override
    public Integer call() throws Exception {
        if (services < 1 || services > MAX_SERVICES) {
            throw new IllegalArgumentException("--services must be in [1, " + MAX_SERVICES + "]");
        }
        HttpClient client = HttpClients.loopbackHttp11();
        SkiffApi api = new SkiffApi(client, target.server);
        String namespace = SkiffApi.uniqueNamespace("bench-dns");
        api.createNamespace(namespace);
        System.err.printf("skiff.dns: creating %d Services in %s%n", services, namespace);
        List<String> names = new ArrayList<>(services);
        for (int i = 0; i < services; i++) {
            String name = "svc-" + i;
            createService(api, namespace, name, clusterIp(i));
            names.add(name + "." + namespace + ".svc.cluster.local");
        }
        long syncStart = System.nanoTime();
        awaitAnswer(names.get(names.size() - 1));
        double syncSeconds = (System.nanoTime() - syncStart) / 1e9;

        UdpQueryLoad load = new UdpQueryLoad(dns, names, clients, maxQueries);
        ServerProbe probe = target.probe(client);
        System.err.printf("skiff.dns: warming up for %d s with %d clients%n", warmup.toSeconds(), clients);
        UdpQueryLoad.Result warm = load.run(warmup);
        ServerProbe.Snapshot start = probe.snapshot();
        UdpQueryLoad.Result result = load.run(duration);
        ServerProbe.Snapshot end = probe.snapshot();

        JsonLines out = new JsonLines(System.out, "skiff.dns")
                .with("services", services)
                .with("clients", clients)
                .with("duration_s", duration.toSeconds());
        out.metric("throughput", result.throughput(), "queries/s");
        out.latency("latency", result.latency());
        out.metric("errors", result.failed(), "count");
        out.metric("last_service_visible_after_create", syncSeconds * 1000, "ms");
        System.err.printf(
                "skiff.dns: %.0f queries/s over %.1f s (warm-up %.0f/s); latency %s; %d errors%n",
                result.throughput(), result.elapsedSeconds(), warm.throughput(), result.latency(), result.failed());
        ServerProbe.report(start, end, out, System.err);
        api.deleteNamespace(namespace);
        return result.answered() > 0 ? 0 : 1;
    }

    private static String clusterIp(int index) {
        long ip = FIRST_CLUSTER_IP + index + 1;
        return (ip >> 24 & 0xff) + "." + (ip >> 16 & 0xff) + "." + (ip >> 8 & 0xff) + "." + (ip & 0xff);
    }

    private static void createService(SkiffApi api, String namespace, String name, String clusterIp)
            throws IOException, InterruptedException {
        String body = "{\"apiVersion\":\"v1\",\"kind\":\"Service\",\"metadata\":{\"name\":\"" + name + "\"},"
                + "\"spec\":{\"clusterIP\":\"" + clusterIp + "\",\"selector\":{\"app\":\"" + name + "\"},"
                + "\"ports\":[{\"name\":\"http\",\"protocol\":\"TCP\",\"port\":80,\"targetPort\":8080}]}}";
        HttpResponse<String> response = api.client()
                .send(
                        api.createService(namespace, body.getBytes(StandardCharsets.UTF_8)),
                        HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201) {
            throw new IOException("creating Service " + namespace + "/" + name + " answered " + response.statusCode()
                    + ": " + response.body());
        }
    }

    /** Asks for {@code name} every 100 ms until the DNS server answers it; bounded by --sync-timeout. */
    private void awaitAnswer(String name) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + syncTimeout.toNanos();
        byte[] buffer = new byte[4096];
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.connect(dns);
            socket.setSoTimeout(500);
            for (int id = 1; System.nanoTime() < deadline; id++) {
                byte[] query = DnsQuery.a(id & 0xffff, name);
                socket.send(new DatagramPacket(query, query.length));
                try {
                    DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                    socket.receive(packet);
                    if (packet.getLength() >= 12
                            && DnsQuery.header(buffer, packet.getLength()).answered()) {
                        return;
                    }
                } catch (SocketTimeoutException e) {
                    // not answering yet
                }
                Thread.sleep(100);
            }
        }
        throw new IOException("the DNS server at " + dns + " did not answer for " + name + " within " + syncTimeout);
    }
}
