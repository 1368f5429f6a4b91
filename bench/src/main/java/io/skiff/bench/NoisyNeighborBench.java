package io.skiff.bench;

import io.skiff.bench.http.ClientIdentity;
import io.skiff.bench.http.ConfigMapBodies;
import io.skiff.bench.http.LoopbackUri;
import io.skiff.bench.http.SkiffApi;
import io.skiff.bench.report.JsonLines;
import io.skiff.bench.report.LatencyRecorder;
import io.skiff.bench.report.LatencySummary;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "noisy-neighbor",
        mixinStandardHelpOptions = true,
        description = {
            "Latency of a system component's requests while another user floods the API server.",
            "A quiet client (e.g. the scheduler's certificate) reads at a steady rate, open-loop, alone and then",
            "while a noisy client (its own certificate) lists a namespace of ConfigMaps on many connections",
            "as fast as it is answered. Reports the quiet client's latency in both phases and what the noisy",
            "client got (throughput, 429s). Over HTTPS with client certificates, so the server can tell the",
            "two apart."
        })
final class NoisyNeighborBench implements java.util.concurrent.Callable<Integer> {

    @Option(
            names = "--server",
            required = true,
            paramLabel = "URL",
            converter = LoopbackUri.class,
            description = "The API server, loopback only, e.g. https://127.0.0.1:18643.")
    URI server;

    @Option(names = "--ca-file", required = true, paramLabel = "FILE", description = "The cluster CA (PEM).")
    Path ca;

    @Option(
            names = "--quiet-cert",
            required = true,
            paramLabel = "FILE",
            description = "The quiet client's certificate.")
    Path quietCertificate;

    @Option(names = "--quiet-key", required = true, paramLabel = "FILE", description = "Its key (PKCS #8 PEM).")
    Path quietKey;

    @Option(
            names = "--noisy-cert",
            required = true,
            paramLabel = "FILE",
            description = "The noisy client's certificate.")
    Path noisyCertificate;

    @Option(names = "--noisy-key", required = true, paramLabel = "FILE", description = "Its key (PKCS #8 PEM).")
    Path noisyKey;

    @Option(
            names = "--noisy-connections",
            defaultValue = "200",
            description = "Requests the noisy client keeps in flight (default: ${DEFAULT-VALUE}).")
    int noisyConnections;

    @Option(
            names = "--objects",
            defaultValue = "200",
            description =
                    "ConfigMaps (1 KiB each) in the namespace the noisy client lists (default: ${DEFAULT-VALUE}).")
    int objects;

    @Option(
            names = "--quiet-rate",
            defaultValue = "20",
            description = "The quiet client's reads per second (default: ${DEFAULT-VALUE}).")
    double quietRate;

    @Option(
            names = "--duration",
            defaultValue = "30s",
            converter = DurationConverter.class,
            description = "Each phase's measured time (default: ${DEFAULT-VALUE}).")
    Duration duration;

    @Override
    public Integer call() throws Exception {
        HttpClient quiet = new ClientIdentity(ca, quietCertificate, quietKey).httpClient();
        HttpClient noisy = new ClientIdentity(ca, noisyCertificate, noisyKey).httpClient();
        SkiffApi noisyApi = new SkiffApi(noisy, server);
        String namespace = SkiffApi.uniqueNamespace("bench-noisy");
        noisyApi.createNamespace(namespace);
        ConfigMapBodies bodies = new ConfigMapBodies(1024);
        for (int i = 0; i < objects; i++) {
            noisyApi.createConfigMapNow(namespace, bodies.create("c" + i));
        }
        URI quietRead = server.resolve("/api/v1/namespaces/" + namespace + "/pods");
        URI noisyList = server.resolve("/api/v1/namespaces/" + namespace + "/configmaps");

        System.err.printf(
                "skiff.noisy: the quiet client alone for %d s at %.0f reads/s%n", duration.toSeconds(), quietRate);
        QuietResult alone = paced(quiet, quietRead);

        System.err.printf(
                "skiff.noisy: the noisy client on %d connections, listing %d ConfigMaps; the quiet client again%n",
                noisyConnections, objects);
        Flood flood = new Flood(noisy, noisyList, noisyConnections);
        flood.start();
        LockSupport.parkNanos(Duration.ofSeconds(2).toNanos()); // let the flood fill the queues
        long floodStart = System.nanoTime();
        long servedBefore = flood.served.get();
        QuietResult flooded = paced(quiet, quietRead);
        double floodSeconds = (System.nanoTime() - floodStart) / 1e9;
        long served = flood.served.get() - servedBefore;
        flood.stop();

        JsonLines out = new JsonLines(System.out, "skiff.noisy")
                .with("noisy_connections", noisyConnections)
                .with("objects", objects)
                .with("quiet_rate", quietRate)
                .with("duration_s", duration.toSeconds());
        out.latency("quiet_alone_latency", alone.latency());
        out.metric("quiet_alone_errors", alone.errors(), "count");
        out.latency("quiet_flooded_latency", flooded.latency());
        out.metric("quiet_flooded_errors", flooded.errors(), "count");
        out.metric("noisy_throughput", served / floodSeconds, "ops/s");
        out.metric("noisy_rejected", flood.rejected.get(), "count");
        out.metric("noisy_errors", flood.errors.get(), "count");
        System.err.printf(
                "skiff.noisy: quiet alone %s, %d errors; quiet while flooded %s, %d errors;"
                        + " noisy %.0f lists/s, %d answered 429, %d other errors%n",
                alone.latency(),
                alone.errors(),
                flooded.latency(),
                flooded.errors(),
                served / floodSeconds,
                flood.rejected.get(),
                flood.errors.get());
        if (!flooded.failures().isEmpty() || !flood.failures.snapshot().isEmpty()) {
            System.err.printf(
                    "skiff.noisy: quiet client's failures while flooded %s; noisy client's %s%n",
                    flooded.failures(), flood.failures.snapshot());
        }
        return 0;
    }

    private record QuietResult(LatencySummary latency, long errors, Map<String, Long> failures) {}

    /** What went wrong, counted by kind: "HTTP 429", or the exception's class and message. */
    private static final class Failures {
        private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();

        void add(String kind) {
            counts.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
        }

        void add(Throwable failure) {
            Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                    ? failure.getCause()
                    : failure;
            add(cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage()));
        }

        Map<String, Long> snapshot() {
            Map<String, Long> out = new TreeMap<>();
            counts.forEach((kind, count) -> out.put(kind, count.get()));
            return out;
        }
    }

    /** Open-loop reads at --quiet-rate for --duration; latency from when each was due. */
    private QuietResult paced(HttpClient client, URI uri) throws Exception {
        LatencyRecorder latency = new LatencyRecorder();
        AtomicLong errors = new AtomicLong();
        Failures failures = new Failures();
        List<CompletableFuture<Void>> pending = new ArrayList<>();
        long interval = (long) (1e9 / quietRate);
        long start = System.nanoTime();
        long count = (long) (duration.toSeconds() * quietRate);
        for (long i = 0; i < count; i++) {
            long due = start + i * interval;
            LockSupport.parkNanos(due - System.nanoTime());
            pending.add(client.sendAsync(
                            HttpRequest.newBuilder(uri)
                                    .timeout(Duration.ofSeconds(30))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .handle((response, failure) -> {
                        latency.recordNanos(System.nanoTime() - due);
                        if (failure != null) {
                            errors.incrementAndGet();
                            failures.add(failure);
                        } else if (response.statusCode() != 200) {
                            errors.incrementAndGet();
                            failures.add("HTTP " + response.statusCode());
                        }
                        return null;
                    }));
        }
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        return new QuietResult(latency.summary(), errors.get(), failures.snapshot());
    }

    /** The noisy client: closed-loop lists on so many threads, each its own connection. */
    private static final class Flood {
        private final HttpClient client;
        private final URI uri;
        private final ExecutorService threads;
        private final int connections;
        private final AtomicBoolean running = new AtomicBoolean(true);
        final AtomicLong served = new AtomicLong();
        final AtomicLong rejected = new AtomicLong();
        final AtomicLong errors = new AtomicLong();
        final Failures failures = new Failures();

        Flood(HttpClient client, URI uri, int connections) {
            this.client = client;
            this.uri = uri;
            this.connections = connections;
            this.threads = Executors.newFixedThreadPool(connections);
        }

        void start() {
            for (int i = 0; i < connections; i++) {
                threads.execute(this::loop);
            }
        }

        private void loop() {
            HttpRequest list =
                    HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).build();
            while (running.get()) {
                try {
                    int code = client.send(list, HttpResponse.BodyHandlers.discarding())
                            .statusCode();
                    if (code == 200) {
                        served.incrementAndGet();
                    } else if (code == 429) {
                        rejected.incrementAndGet();
                        LockSupport.parkNanos(Duration.ofMillis(100).toNanos()); // a client's back-off, shortened
                    } else {
                        errors.incrementAndGet();
                        failures.add("HTTP " + code);
                    }
                } catch (java.io.IOException e) {
                    errors.incrementAndGet();
                    failures.add(e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }

        void stop() throws InterruptedException {
            running.set(false);
            threads.shutdown();
            if (!threads.awaitTermination(60, TimeUnit.SECONDS)) {
                threads.shutdownNow();
            }
        }
    }
}
