package io.skiff.bench.rollout;

import com.fasterxml.jackson.databind.JsonNode;
import io.skiff.bench.http.SkiffApi;
import io.skiff.model.json.KubeJson;
import io.skiff.model.time.KubeTimes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Plays the kubelets of Node objects that have none, as kubemark's hollow nodes do, for one
 * namespace: a pod the scheduler bound is reported Running and Ready at once (through pods/status,
 * as a kubelet writes it), and a pod being deleted gracefully is deleted for good (the kubelet's
 * final delete). No container runs; this measures the control plane.
 */
public final class HollowKubelets implements AutoCloseable {

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final int MAX_ATTEMPTS = 20;

    private final HttpClient client;
    private final URI server;
    private final String namespace;
    private final ExecutorService workers;
    private final Set<String> readied = ConcurrentHashMap.newKeySet();
    private final Set<String> finalized = ConcurrentHashMap.newKeySet();
    private final AtomicInteger podIps = new AtomicInteger();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong throttled = new AtomicLong();
    private final Thread reader;
    private volatile Stream<String> lines;

    public HollowKubelets(HttpClient client, URI server, String namespace, String fromResourceVersion, int workers)
            throws IOException, InterruptedException {
        this.client = client;
        this.server = server;
        this.namespace = namespace;
        this.workers = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "hollow-kubelet");
            t.setDaemon(true);
            return t;
        });
        lines = new SkiffApi(client, server).watchPods(namespace, fromResourceVersion);
        reader = new Thread(this::read, "hollow-kubelet-watch");
        reader.setDaemon(true);
        reader.start();
    }

    /** Status writes and final deletes that failed (other than the pod being gone already). */
    public long failures() {
        return failures.get();
    }

    /** Writes the server answered with 429 and that were sent again. */
    public long throttled() {
        return throttled.get();
    }

    private void read() {
        try {
            lines.forEach(this::onEvent);
        } catch (UncheckedIOException closed) {
            // close() ends the watch by closing the stream under the reader.
        }
    }

    private void onEvent(String line) {
        JsonNode event;
        try {
            event = KubeJson.mapper().readTree(line);
        } catch (IOException e) {
            throw new IllegalStateException("unreadable watch event: " + line, e);
        }
        if ("DELETED".equals(event.path("type").asText())) {
            return;
        }
        JsonNode pod = event.path("object");
        String name = pod.at("/metadata/name").asText();
        String uid = pod.at("/metadata/uid").asText();
        if (pod.at("/spec/nodeName").asText("").isEmpty()) {
            return;
        }
        if (!pod.at("/metadata/deletionTimestamp").isMissingNode()
                && !pod.at("/metadata/deletionTimestamp").isNull()) {
            if (finalized.add(uid)) {
                workers.execute(() -> finalDelete(name, uid));
            }
            return;
        }
        if (readied.add(uid) || markedNotReady(pod)) {
            workers.execute(() -> reportRunning(name));
        }
    }

    /**
     * Ready=False on a pod this kubelet reported ready: the node lifecycle controller marked it
     * (MarkPodsNotReady) while the node's Lease was late. A kubelet owns that condition and puts
     * it back at its next status sync.
     */
    private static boolean markedNotReady(JsonNode pod) {
        for (JsonNode condition : pod.at("/status/conditions")) {
            if ("Ready".equals(condition.path("type").asText())) {
                return !"True".equals(condition.path("status").asText());
            }
        }
        return false;
    }

    private void reportRunning(String name) {
        int ip = podIps.incrementAndGet();
        String now = KubeTimes.time(Instant.now());
        String podIp = "10.244." + ((ip >> 8) & 0xff) + "." + (ip & 0xff);
        String conditions = String.join(
                ",",
                condition("PodScheduled", now),
                condition("Initialized", now),
                condition("ContainersReady", now),
                condition("Ready", now));
        String patch = """
                {"status":{"phase":"Running","podIP":"%s","podIPs":[{"ip":"%s"}],"startTime":"%s",
                "conditions":[%s]}}""".formatted(podIp, podIp, now, conditions);
        send(HttpRequest.newBuilder(path("/api/v1/namespaces/" + namespace + "/pods/" + name + "/status"))
                .method("PATCH", HttpRequest.BodyPublishers.ofString(patch))
                .header("Content-Type", "application/strategic-merge-patch+json"));
    }

    private void finalDelete(String name, String uid) {
        String options = "{\"kind\":\"DeleteOptions\",\"apiVersion\":\"v1\",\"gracePeriodSeconds\":0,"
                + "\"preconditions\":{\"uid\":\"" + uid + "\"}}";
        send(HttpRequest.newBuilder(path("/api/v1/namespaces/" + namespace + "/pods/" + name))
                .method("DELETE", HttpRequest.BodyPublishers.ofString(options))
                .header("Content-Type", "application/json"));
    }

    /**
     * Sends one kubelet write. A 429 (the server's in-flight limit) is retried after its
     * Retry-After, as client-go does, at most {@link #MAX_ATTEMPTS} times; anything else that is
     * not success, 404 (pod gone) or 409 (pod replaced) counts as a failure.
     */
    private void send(HttpRequest.Builder request) {
        HttpRequest built = request.timeout(REQUEST_TIMEOUT).build();
        try {
            for (int attempt = 1; ; attempt++) {
                HttpResponse<byte[]> response = client.send(built, HttpResponse.BodyHandlers.ofByteArray());
                int code = response.statusCode();
                if (code == 429 && attempt < MAX_ATTEMPTS) {
                    throttled.incrementAndGet();
                    Thread.sleep(retryAfterMillis(response));
                    continue;
                }
                if (code >= 300 && code != 404 && code != 409) {
                    failures.incrementAndGet();
                    System.err.println(
                            "hollow kubelet: " + code + " " + new String(response.body(), StandardCharsets.UTF_8));
                }
                return;
            }
        } catch (IOException e) {
            failures.incrementAndGet();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static long retryAfterMillis(HttpResponse<?> response) {
        long seconds = response.headers()
                .firstValue("Retry-After")
                .map(value -> {
                    try {
                        return Long.parseLong(value.trim());
                    } catch (NumberFormatException e) {
                        return 1L;
                    }
                })
                .orElse(1L);
        return Math.max(1, Math.min(seconds, 10)) * 1000;
    }

    private URI path(String path) {
        return server.resolve(path);
    }

    private static String condition(String type, String now) {
        return "{\"type\":\"%s\",\"status\":\"True\",\"lastTransitionTime\":\"%s\"}".formatted(type, now);
    }

    @Override
    public void close() throws InterruptedException {
        Stream<String> open = lines;
        if (open != null) {
            open.close();
        }
        reader.interrupt();
        workers.shutdownNow();
        workers.awaitTermination(5, TimeUnit.SECONDS);
    }
}
