package io.skiff.bench.pods;

import com.fasterxml.jackson.databind.JsonNode;
import io.skiff.bench.http.SkiffApi;
import io.skiff.model.json.KubeJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Watches a namespace's pods and notes when each is first seen in a state (Running and started,
 * Running and Ready, ...): the end point of startup and density measurements.
 */
public final class PodStateWatch implements AutoCloseable {

    /** Running with every container started: the end of Kubernetes' pod startup SLI. */
    public static final Predicate<JsonNode> RUNNING_AND_STARTED = pod -> {
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
    };

    /** Running with the Ready condition True. */
    public static final Predicate<JsonNode> RUNNING_AND_READY = pod -> {
        if (!pod.at("/status/phase").asText().equals("Running")) {
            return false;
        }
        for (JsonNode condition : pod.at("/status/conditions")) {
            if (condition.path("type").asText().equals("Ready")) {
                return condition.path("status").asText().equals("True");
            }
        }
        return false;
    };

    private final Predicate<JsonNode> state;
    private final Set<String> reachedUids = ConcurrentHashMap.newKeySet();
    private final Map<String, CompletableFuture<Long>> reachedByName = new ConcurrentHashMap<>();
    private final Stream<String> lines;
    private volatile long lastReachedNanos;
    private volatile String failure;

    /** Watches {@code namespace}'s pods from {@code fromResourceVersion} on. */
    public PodStateWatch(
            HttpClient client, URI server, String namespace, String fromResourceVersion, Predicate<JsonNode> state)
            throws IOException, InterruptedException {
        this.state = state;
        lines = new SkiffApi(client, server).watchPods(namespace, fromResourceVersion);
        Thread reader = new Thread(this::read, "pod-state-watch");
        reader.setDaemon(true);
        reader.start();
    }

    /** Pods (by UID) seen in the state so far. */
    public int count() {
        return reachedUids.size();
    }

    /** When the last pod reached the state (System.nanoTime), 0 before any. */
    public long lastReachedNanos() {
        return lastReachedNanos;
    }

    /**
     * The {@link System#nanoTime()} at which pod {@code name} was first seen in the state, waiting
     * at most {@code timeout}; -1 if it was not.
     */
    public long awaitPod(String name, Duration timeout) throws IOException, InterruptedException {
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

    private void read() {
        try {
            lines.forEach(this::onEvent);
        } catch (UncheckedIOException closed) {
            // close() ends the watch by closing the stream under the reader.
        }
        failure = "the pod watch ended";
    }

    private void onEvent(String line) {
        long seen = System.nanoTime();
        if (line.isBlank()) {
            return;
        }
        JsonNode pod;
        try {
            pod = KubeJson.mapper().readTree(line).path("object");
        } catch (IOException e) {
            failure = "unreadable watch event: " + line;
            return;
        }
        if (!state.test(pod)) {
            return;
        }
        if (reachedUids.add(pod.at("/metadata/uid").asText())) {
            lastReachedNanos = seen;
        }
        futureOf(pod.at("/metadata/name").asText()).complete(seen);
    }

    private CompletableFuture<Long> futureOf(String name) {
        return reachedByName.computeIfAbsent(name, key -> new CompletableFuture<>());
    }

    @Override
    public void close() {
        lines.close();
    }
}
