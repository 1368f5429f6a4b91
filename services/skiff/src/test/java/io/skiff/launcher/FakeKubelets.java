package io.skiff.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import io.skiff.apiserver.testing.KubeHttp;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Registers Node objects and plays their kubelets through the API, as a kubelet talks to it, with
 * no container run: each node renews its Lease in kube-node-lease, watches the pods bound to it
 * ({@code fieldSelector=spec.nodeName=...}), reports each new one Running and Ready with a pod IP
 * through pods/status, and finishes a graceful deletion with a delete of grace period 0.
 *
 * <p>bench's HollowKubelets does the same for one namespace, but lives in the benchmark jar (a
 * repackaged executable) that tests cannot depend on.
 */
final class FakeKubelets implements AutoCloseable {

    private static final long LEASE_RENEW_MILLIS = 2_000;

    private final KubeHttp http;
    private final List<String> nodes;
    private final List<Thread> podWatchers = new ArrayList<>();
    private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "fake-kubelet-lease");
        t.setDaemon(true);
        return t;
    });
    private final Set<String> started = ConcurrentHashMap.newKeySet();
    private final Set<String> finished = ConcurrentHashMap.newKeySet();
    private volatile boolean running = true;

    private FakeKubelets(KubeHttp http, List<String> nodes) {
        this.http = http;
        this.nodes = List.copyOf(nodes);
    }

    /** Registers {@code nodes} (Ready, 8 CPUs, 32Gi, 110 pods each) and starts their kubelets. */
    static FakeKubelets register(KubeHttp http, List<String> nodes) {
        FakeKubelets kubelets = new FakeKubelets(http, nodes);
        for (int index = 0; index < nodes.size(); index++) {
            String node = nodes.get(index);
            int subnet = index;
            kubelets.registerNode(node);
            Thread watcher = new Thread(() -> kubelets.runPods(node, subnet), "fake-kubelet-" + node);
            watcher.setDaemon(true);
            kubelets.podWatchers.add(watcher);
            watcher.start();
        }
        kubelets.heartbeats.scheduleWithFixedDelay(
                kubelets::renewLeases, LEASE_RENEW_MILLIS, LEASE_RENEW_MILLIS, TimeUnit.MILLISECONDS);
        return kubelets;
    }

    private void registerNode(String node) {
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        expect(http.post("/api/v1/nodes", """
                {"apiVersion": "v1", "kind": "Node", "metadata": {"name": "%s",
                  "labels": {"kubernetes.io/hostname": "%s", "kubernetes.io/os": "linux"}},
                 "status": {"capacity": {"cpu": "8", "memory": "32Gi", "pods": "110"},
                            "allocatable": {"cpu": "8", "memory": "32Gi", "pods": "110"},
                            "conditions": [{"type": "Ready", "status": "True", "reason": "KubeletReady",
                                            "message": "kubelet is posting ready status",
                                            "lastHeartbeatTime": "%s", "lastTransitionTime": "%s"}]}}
                """.formatted(node, node, now, now)));
        expect(http.post("/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases", """
                {"apiVersion": "coordination.k8s.io/v1", "kind": "Lease", "metadata": {"name": "%s"},
                 "spec": {"holderIdentity": "%s", "leaseDurationSeconds": 40, "renewTime": "%s"}}
                """.formatted(
                        node, node, microTime())));
    }

    private void renewLeases() {
        for (String node : nodes) {
            try {
                http.patch(
                        "/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/" + node,
                        "{\"spec\":{\"renewTime\":\"" + microTime() + "\"}}",
                        "application/merge-patch+json");
            } catch (RuntimeException e) {
                // The API server may be stopping: the next renewal tries again.
            }
        }
    }

    /** List, then watch from the list's resourceVersion; start over when the watch ends. */
    private void runPods(String node, int subnet) {
        String selector = "fieldSelector=" + URLEncoder.encode("spec.nodeName=" + node, StandardCharsets.UTF_8);
        AtomicInteger podIps = new AtomicInteger();
        while (running) {
            try {
                JsonNode list = http.get("/api/v1/pods?" + selector).body();
                for (JsonNode pod : list.path("items")) {
                    act(pod, subnet, podIps);
                }
                BlockingQueue<JsonNode> events = http.watch("/api/v1/pods?watch=true&" + selector + "&resourceVersion="
                        + list.at("/metadata/resourceVersion").asText());
                while (running) {
                    JsonNode event = events.poll(200, TimeUnit.MILLISECONDS);
                    if (event == null) {
                        continue;
                    }
                    if (event.isNull() || event.path("type").asText().equals("ERROR")) {
                        break;
                    }
                    if (!event.path("type").asText().equals("DELETED")) {
                        act(event.path("object"), subnet, podIps);
                    }
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // The API server may be starting or stopping: list and watch again.
            }
        }
    }

    private void act(JsonNode pod, int subnet, AtomicInteger podIps) {
        String name = pod.at("/metadata/name").asText();
        String namespace = pod.at("/metadata/namespace").asText();
        String uid = pod.at("/metadata/uid").asText();
        String path = "/api/v1/namespaces/" + namespace + "/pods/" + name;
        if (!pod.at("/metadata/deletionTimestamp").isMissingNode()
                && !pod.at("/metadata/deletionTimestamp").isNull()) {
            if (finished.add(uid)) {
                String options = """
                        {"kind": "DeleteOptions", "apiVersion": "v1", "gracePeriodSeconds": 0,
                         "preconditions": {"uid": "%s"}}""".formatted(uid);
                writeOrRetryLater(() -> http.delete(path, options), finished, uid);
            }
            return;
        }
        if (started.add(uid)) {
            String status = runningStatus(pod, "10.244." + subnet + "." + podIps.incrementAndGet());
            writeOrRetryLater(
                    () -> http.patch(path + "/status", status, "application/strategic-merge-patch+json"), started, uid);
        }
    }

    /**
     * Makes one kubelet write; when it fails, forgets the pod was handled, so that the next event or
     * relist about it tries again. 404 and 409 mean the pod is gone or replaced: nothing to retry.
     */
    private static void writeOrRetryLater(Supplier<KubeHttp.Reply> write, Set<String> handled, String uid) {
        int code;
        try {
            code = write.get().code();
        } catch (RuntimeException e) {
            code = -1;
        }
        if (code != 200 && code != 404 && code != 409) {
            handled.remove(uid);
        }
    }

    private String runningStatus(JsonNode pod, String ip) {
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        List<String> containers = new ArrayList<>();
        for (JsonNode container : pod.at("/spec/containers")) {
            containers.add("""
                    {"name": "%s", "image": "%s", "imageID": "%s", "ready": true, "started": true,
                     "restartCount": 0, "containerID": "fake://%s",
                     "state": {"running": {"startedAt": "%s"}}}""".formatted(
                            container.path("name").asText(),
                            container.path("image").asText(),
                            container.path("image").asText(),
                            pod.at("/metadata/uid").asText() + "-"
                                    + container.path("name").asText(),
                            now));
        }
        List<String> conditions = new ArrayList<>();
        for (String type : List.of("PodReadyToStartContainers", "Initialized", "ContainersReady", "Ready")) {
            conditions.add(
                    "{\"type\": \"%s\", \"status\": \"True\", \"lastTransitionTime\": \"%s\"}".formatted(type, now));
        }
        return """
                {"status": {"phase": "Running", "hostIP": "%s", "hostIPs": [{"ip": "%s"}],
                            "podIP": "%s", "podIPs": [{"ip": "%s"}], "startTime": "%s",
                            "conditions": [%s], "containerStatuses": [%s]}}""".formatted(
                hostIp(pod), hostIp(pod), ip, ip, now, String.join(",", conditions), String.join(",", containers));
    }

    private String hostIp(JsonNode pod) {
        return "192.168.0." + (nodes.indexOf(pod.at("/spec/nodeName").asText()) + 10);
    }

    private static String microTime() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS).toString();
    }

    private static void expect(KubeHttp.Reply reply) {
        if (reply.code() != 201) {
            throw new IllegalStateException("registering a node answered " + reply.code() + ": " + reply.body());
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        heartbeats.shutdownNow();
        for (Thread watcher : podWatchers) {
            watcher.join(5_000);
        }
    }
}
