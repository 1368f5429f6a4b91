package io.skiff.bench.startup;

import com.fasterxml.jackson.databind.JsonNode;
import io.skiff.bench.http.SkiffApi;
import io.skiff.model.json.KubeJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * A watch on one namespace's pods that notes when each pod is first seen Running with every
 * container started: the end of Kubernetes' pod startup latency.
 */
public final class RunningPodWatch implements AutoCloseable {

    private final Map<String, CompletableFuture<Long>> running = new ConcurrentHashMap<>();
    private final CompletableFuture<HttpResponse<Stream<String>>> response;
    private volatile String failure;

    private RunningPodWatch(CompletableFuture<HttpResponse<Stream<String>>> response) {
        this.response = response;
    }

    /** Watches {@code namespace}'s pods from {@code fromResourceVersion} on. */
    public static RunningPodWatch start(HttpClient client, URI server, String namespace, String fromResourceVersion) {
        SkiffApi api = new SkiffApi(client, server);
        CompletableFuture<HttpResponse<Stream<String>>> response =
                client.sendAsync(api.watchPods(namespace, fromResourceVersion), HttpResponse.BodyHandlers.ofLines());
        RunningPodWatch watch = new RunningPodWatch(response);
        response.thenAccept(reply -> {
            Thread reader = new Thread(() -> watch.read(reply), "pod-startup-watch");
            reader.setDaemon(true);
            reader.start();
        });
        return watch;
    }

    private void read(HttpResponse<Stream<String>> reply) {
        if (reply.statusCode() != 200) {
            failure = "the pod watch answered " + reply.statusCode();
            return;
        }
        try (Stream<String> lines = reply.body()) {
            lines.forEach(this::accept);
        } catch (RuntimeException e) {
            failure = "the pod watch ended: " + e;
        }
    }

    private void accept(String line) {
        long seen = System.nanoTime();
        if (line.isBlank()) {
            return;
        }
        JsonNode event;
        try {
            event = KubeJson.mapper().readTree(line);
        } catch (IOException e) {
            failure = "unreadable watch event: " + line;
            return;
        }
        JsonNode pod = event.path("object");
        if (!event.path("type").asText().equals("MODIFIED") || !isRunning(pod)) {
            return;
        }
        futureOf(pod.at("/metadata/name").asText()).complete(seen);
    }

    /** Running, and every container reported started, as the startup SLI counts it. */
    static boolean isRunning(JsonNode pod) {
        if (!pod.at("/status/phase").asText().equals("Running")) {
            return false;
        }
        JsonNode statuses = pod.at("/status/containerStatuses");
        if (statuses.size() < pod.at("/spec/containers").size()) {
            return false;
        }
        for (JsonNode status : statuses) {
            if (status.at("/state/running").isMissingNode()) {
                return false;
            }
        }
        return true;
    }

    private CompletableFuture<Long> futureOf(String name) {
        return running.computeIfAbsent(name, key -> new CompletableFuture<>());
    }

    /**
     * The {@link System#nanoTime()} at which {@code name} was first seen running, waiting at most
     * {@code timeout}; -1 if it was not.
     */
    public long awaitRunning(String name, Duration timeout) throws IOException, InterruptedException {
        try {
            return futureOf(name).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            if (failure != null) {
                throw new IOException(failure);
            }
            return -1;
        } catch (ExecutionException e) {
            throw new IOException(e.getCause());
        }
    }

    @Override
    public void close() {
        response.thenAccept(reply -> reply.body().close());
        response.cancel(true);
    }
}
