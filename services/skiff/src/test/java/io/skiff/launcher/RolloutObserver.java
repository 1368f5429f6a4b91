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
 * Follows the pods and ReplicaSets of one namespace through watches, event by event (so every
 * state it sees is one the API server held, in resourceVersion order), and checks a rolling
 * update's bounds at each: available pods (Ready, not being deleted; minReadySeconds 0) at least
 * {@code replicas - maxUnavailable}, and the ReplicaSets' spec.replicas together at most {@code
 * replicas + maxSurge}. The surge bound holds for the ReplicaSets' sizes, as the Deployment
 * controller computes it (NewRSNewReplicas sums spec.replicas); live pods may exceed it for a
 * moment while an old ReplicaSet's controller has not yet deleted the pod its scale-down asked
 * for, in Kubernetes as here, so pods are only counted for the record.
 */
final class RolloutObserver implements AutoCloseable {

    private final int maxPods;
    private final int minAvailable;
    private final Map<String, JsonNode> pods = new TreeMap<>();
    private final Map<String, Integer> replicaSetSizes = new TreeMap<>();
    private final List<String> violations = new ArrayList<>();
    private final Thread reader;
    private final Thread replicaSetReader;
    private volatile boolean running = true;
    private int events;
    private int mostPods;
    private int mostReplicas;
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
        JsonNode sets = http.get("/apis/apps/v1/namespaces/" + namespace + "/replicasets")
                .body();
        sets.path("items").forEach(this::recordSize);
        BlockingQueue<JsonNode> setWatch =
                http.watch("/apis/apps/v1/namespaces/" + namespace + "/replicasets?watch=true&resourceVersion="
                        + sets.at("/metadata/resourceVersion").asText());
        replicaSetReader = new Thread(() -> followReplicaSets(setWatch), "rollout-observer-replicasets");
        replicaSetReader.setDaemon(true);
        replicaSetReader.start();
    }

    private void followReplicaSets(BlockingQueue<JsonNode> watch) {
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
                    violations.add("the ReplicaSet watch ended early: " + event);
                    return;
                }
                if (event.path("type").asText().equals("DELETED")) {
                    replicaSetSizes.remove(event.at("/object/metadata/name").asText());
                } else {
                    recordSize(event.path("object"));
                }
                int total = replicaSetSizes.values().stream()
                        .mapToInt(Integer::intValue)
                        .sum();
                mostReplicas = Math.max(mostReplicas, total);
                if (total > maxPods) {
                    violations.add("ReplicaSets sized " + replicaSetSizes + ": " + total + " replicas");
                }
            }
        }
    }

    private synchronized void recordSize(JsonNode replicaSet) {
        replicaSetSizes.put(
                replicaSet.at("/metadata/name").asText(),
                replicaSet.at("/spec/replicas").asInt());
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
        if (available < minAvailable) {
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

    /** The most replicas the ReplicaSets asked for together at any one moment. */
    synchronized int mostReplicas() {
        return mostReplicas;
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
        replicaSetReader.join(5_000);
    }
}
