package io.skiff.bench;

import io.skiff.bench.http.ConfigMapBodies;
import io.skiff.bench.http.HttpClients;
import io.skiff.bench.http.SkiffApi;
import io.skiff.bench.load.ClosedLoopLoad;
import io.skiff.bench.load.LoadResult;
import io.skiff.bench.probe.ServerProbe;
import io.skiff.bench.report.JsonLines;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "create-throughput",
        mixinStandardHelpOptions = true,
        description = "ConfigMap creates through the Kubernetes API with a fixed number of concurrent clients.")
final class CreateThroughputBench implements Callable<Integer> {

    @Mixin
    TargetOptions target;

    @Option(names = "--clients", defaultValue = "64", description = "Concurrent clients (default: ${DEFAULT-VALUE}).")
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
            description = "Unmeasured load first, for the JIT and connection pools (default: ${DEFAULT-VALUE}).")
    Duration warmup;

    @Option(
            names = "--payload-bytes",
            defaultValue = "1024",
            description = "Size of each ConfigMap's JSON (default: ${DEFAULT-VALUE}).")
    int payloadBytes;

    @Option(
            names = "--max-requests",
            defaultValue = "2000000",
            description = "Upper bound on requests per phase, whatever the duration (default: ${DEFAULT-VALUE}).")
    long maxRequests;

    @Override
    public Integer call() throws Exception {
        HttpClient client = HttpClients.loopbackHttp11();
        SkiffApi api = new SkiffApi(client, target.server);
        String namespace = SkiffApi.uniqueNamespace("bench-create");
        api.createNamespace(namespace);
        ConfigMapBodies bodies = new ConfigMapBodies(payloadBytes);
        AtomicLong names = new AtomicLong();
        Supplier<HttpRequest> creates = () -> {
            String name = "c-" + names.incrementAndGet();
            return api.createConfigMap(namespace, bodies.create(name));
        };
        ClosedLoopLoad load = new ClosedLoopLoad(client, clients, maxRequests);
        ServerProbe probe = target.probe(client);

        System.err.printf("skiff.create: warming up for %d s with %d clients%n", warmup.toSeconds(), clients);
        LoadResult warm = load.run(creates, warmup);
        ServerProbe.Snapshot start = probe.snapshot();
        LoadResult result = load.run(creates, duration);
        ServerProbe.Snapshot end = probe.snapshot();

        JsonLines out = new JsonLines(System.out, "skiff.create")
                .with("clients", clients)
                .with("duration_s", duration.toSeconds())
                .with("payload_bytes", payloadBytes);
        out.metric("throughput", result.throughput(), "ops/s");
        out.latency("latency", result.latency());
        out.metric("errors", result.failed(), "count");
        System.err.printf(
                "skiff.create: %.0f creates/s over %.1f s (warm-up %.0f/s); latency %s; %d errors %s%n",
                result.throughput(),
                result.elapsedSeconds(),
                warm.throughput(),
                result.latency(),
                result.failed(),
                result.failures());
        ServerProbe.report(start, end, out, System.err);
        return 0;
    }
}
