package io.skiff.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import io.skiff.apiserver.testing.KubeHttp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Follows the pods of one namespace through a watch, event by event (so every state it sees is one
 * the API server held, in resourceVersion order), and checks a rolling update's bounds at each:
 * pods not being deleted at most {@code replicas + maxSurge}, available ones (Ready, not being
 * deleted; minReadySeconds 0) at least {@code replicas - maxUnavailable}.
 */
final class RolloutObserver implements AutoCloseable {

    private final int maxPods;
    private final int minAvailable;
    private final Map<String, JsonNode> pods = new TreeMap<>();
    private final List<String> violations = new ArrayList<>();
    private final Thread reader;
    private volatile boolean running = true;
    private int events;
    private int mostPods;
    private int fewestAvailable = Integer.MAX_VALUE;

    private RolloutObserver(KubeHttp http, String namespace, int replicas, int maxSurge, int maxUnavailable) {
        this.maxPods = replicas + maxSurge;
        this.minAvailable = replicas - maxUnavailable;
        JsonNode list = http.get("/api/v1/namespaces/" + namespace + "/pods").body();
        list.path("items").forEach(pod -> pods.put(pod.at("/metadata/name").asText(), pod));
        check();
        BlockingQueue<JsonNode> watch =
                http.watch("/api/v1/namespaces/" + namespace + "/pods?watch=true&resourceVersion="
                        + list.at("/metadata/resourceVersion").asText());
        reader = new Thread(() -> follow(watch), "rollout-observer");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts following from the namespace's pods as they are now. */
    static RolloutObserver start(KubeHttp http, String namespace, int replicas, int maxSurge, int maxUnavailable) {
        return new RolloutObserver(http, namespace, replicas, maxSurge, maxUnavailable);
    }

    private void follow(BlockingQueue<JsonNode> watch) {
        while (running) {
            JsonNode event;
            try {
                event = watch.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (event == null) {
                continue;
            }
            synchronized (this) {
                if (event.isNull() || event.path("type").asText().equals("ERROR")) {
                    violations.add("the pod watch ended early: " + event);
                    return;
                }
                JsonNode pod = event.path("object");
                String name = pod.at("/metadata/name").asText();
                if (event.path("type").asText().equals("DELETED")) {
                    pods.remove(name);
                } else {
                    pods.put(name, pod);
                }
                events++;
                check();
            }
        }
    }

    private void check() {
        int active = 0;
        int available = 0;
        for (JsonNode pod : pods.values()) {
            if (isTerminating(pod)) {
                continue;
            }
            active++;
            if (isReady(pod)) {
                available++;
            }
        }
        mostPods = Math.max(mostPods, active);
        fewestAvailable = Math.min(fewestAvailable, available);
        if (active > maxPods || available < minAvailable) {
            violations.add(
                    "after event " + events + ": " + active + " pods, " + available + " available: " + describe());
        }
    }

    private String describe() {
        List<String> states = new ArrayList<>();
        pods.forEach((name, pod) ->
                states.add(name + (isTerminating(pod) ? "(terminating)" : isReady(pod) ? "(ready)" : "(not ready)")));
        return String.join(" ", states);
    }

    /** Pod events seen since the start. */
    synchronized int events() {
        return events;
    }

    /** The most pods not being deleted at any one moment. */
    synchronized int mostPods() {
        return mostPods;
    }

    /** The fewest available pods at any one moment. */
    synchronized int fewestAvailable() {
        return fewestAvailable;
    }

    /** The states that broke a bound, described. */
    synchronized List<String> violations() {
        return List.copyOf(violations);
    }

    private static boolean isTerminating(JsonNode pod) {
        JsonNode deletion = pod.at("/metadata/deletionTimestamp");
        return !deletion.isMissingNode() && !deletion.isNull();
    }

    private static boolean isReady(JsonNode pod) {
        for (JsonNode condition : pod.at("/status/conditions")) {
            if (condition.path("type").asText().equals("Ready")) {
                return condition.path("status").asText().equals("True");
            }
        }
        return false;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        reader.join(5_000);
    }
}
