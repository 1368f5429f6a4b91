package io.skiff.bench;

import io.skiff.bench.http.HttpClients;
import io.skiff.bench.load.ClosedLoopLoad;
import io.skiff.bench.load.LoadResult;
import io.skiff.bench.probe.ServerProbe;
import io.skiff.bench.report.JsonLines;
import java.io.File;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "etcd-put",
        mixinStandardHelpOptions = true,
        description = {
            "Reference figure: raw etcd put throughput.",
            "Same concurrency and client stack as create-throughput, through etcd's HTTP/JSON gateway",
            "(/v3/kv/put). Prints a 'skipped' line when no etcd binary is on PATH."
        })
final class EtcdPutBench implements Callable<Integer> {

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
            description = "Unmeasured load first (default: ${DEFAULT-VALUE}).")
    Duration warmup;

    @Option(
            names = "--value-bytes",
            defaultValue = "1024",
            description = "Size of each value (default: ${DEFAULT-VALUE}).")
    int valueBytes;

    @Option(
            names = "--max-requests",
            defaultValue = "2000000",
            description = "Upper bound on requests per phase, whatever the duration (default: ${DEFAULT-VALUE}).")
    long maxRequests;

    @Override
    public Integer call() throws Exception {
        JsonLines out = new JsonLines(System.out, "etcd.put")
                .with("clients", clients)
                .with("duration_s", duration.toSeconds())
                .with("value_bytes", valueBytes);
        if (!etcdInstalled()) {
            out.metric("skipped", 1, "flag", Map.of("reason", "no etcd binary on PATH"));
            System.err.println("etcd.put: skipped, no etcd binary on PATH (Debian: apt-get install etcd-server)");
            return 0;
        }

        HttpClient client = HttpClients.loopbackHttp11();
        requireHealthy(client);
        byte[] value = new byte[valueBytes];
        new Random(valueBytes).nextBytes(value);
        String encodedValue = Base64.getEncoder().encodeToString(value);
        String keyPrefix = "bench/" + Long.toString(System.currentTimeMillis(), 36) + "/";
        AtomicLong keys = new AtomicLong();
        Supplier<HttpRequest> puts = () -> {
            String key = Base64.getEncoder()
                    .encodeToString((keyPrefix + keys.incrementAndGet()).getBytes(StandardCharsets.UTF_8));
            String body = "{\"key\":\"" + key + "\",\"value\":\"" + encodedValue + "\"}";
            return HttpRequest.newBuilder(target.server.resolve("/v3/kv/put"))
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build();
        };
        ClosedLoopLoad load = new ClosedLoopLoad(client, clients, maxRequests);
        ServerProbe probe = target.probe(client);

        System.err.printf("etcd.put: warming up for %d s with %d clients%n", warmup.toSeconds(), clients);
        LoadResult warm = load.run(puts, warmup);
        ServerProbe.Snapshot start = probe.snapshot();
        LoadResult result = load.run(puts, duration);
        ServerProbe.Snapshot end = probe.snapshot();

        out.metric("throughput", result.throughput(), "ops/s");
        out.latency("latency", result.latency());
        out.metric("errors", result.failed(), "count");
        System.err.printf(
                "etcd.put: %.0f puts/s over %.1f s (warm-up %.0f/s); latency %s; %d errors %s%n",
                result.throughput(),
                result.elapsedSeconds(),
                warm.throughput(),
                result.latency(),
                result.failed(),
                result.failures());
        ServerProbe.report(start, end, out, System.err);
        return 0;
    }

    /** Fails at once when etcd is not serving, instead of counting a run's worth of refused connections. */
    private void requireHealthy(HttpClient client) throws IOException, InterruptedException {
        HttpRequest health = HttpRequest.newBuilder(target.server.resolve("/health"))
                .timeout(Duration.ofSeconds(10))
                .GET()
                .build();
        int status = client.send(health, HttpResponse.BodyHandlers.discarding()).statusCode();
        if (status != 200) {
            throw new IOException("etcd at " + target.server + " is not healthy: /health answered " + status);
        }
    }

    private static boolean etcdInstalled() {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String directory : path.split(File.pathSeparator)) {
            if (!directory.isEmpty() && new File(directory, "etcd").canExecute()) {
                return true;
            }
        }
        return false;
    }
}
