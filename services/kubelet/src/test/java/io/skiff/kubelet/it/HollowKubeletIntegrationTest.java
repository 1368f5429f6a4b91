package io.skiff.kubelet.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.skiff.apiserver.testing.ApiServerInstance;
import io.skiff.apiserver.testing.KubeHttp;
import io.skiff.apiserver.testing.TestPostgres;
import io.skiff.kubelet.testing.KubeletInstance;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A kubelet in hollow mode on a real API server: 50 simulated nodes register Ready and renew their
 * Leases, and pods bound to them turn Running and Ready, exit when told to, and are deleted for good
 * once they are deleted gracefully. No process runs.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class HollowKubeletIntegrationTest {

    private static final int NODES = 50;
    private static final String PREFIX = "hollow-it";
    private static final String NAMESPACE = "hollow-it";
    private static final String LEASES = "/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases";

    @TempDir
    static Path root;

    private static ApiServerInstance apiServer;
    private static KubeletInstance kubelet;
    private static KubeHttp http;

    @BeforeAll
    static void start() {
        apiServer = ApiServerInstance.onDatabase(TestPostgres.newDatabase());
        http = new KubeHttp(apiServer.baseUrl());
        assertThat(http.createNamespace(NAMESPACE).code()).isEqualTo(201);
        kubelet = KubeletInstance.start(
                apiServer.baseUrl(),
                "unused",
                root,
                "--skiff.kubelet.runtime=hollow",
                "--skiff.kubelet.hollow.nodes=" + NODES,
                "--skiff.kubelet.hollow.name-prefix=" + PREFIX,
                "--skiff.kubelet.hollow.start-delay=500ms",
                "--skiff.kubelet.node-lease-duration=4s");
    }

    @AfterAll
    static void stop() {
        if (kubelet != null) {
            kubelet.close();
        }
        if (apiServer != null) {
            apiServer.close();
        }
    }

    @Test
    void everyHollowNodeRegistersReadyAndRenewsItsLease() {
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> readyNodes() == NODES);
        JsonNode node = http.get("/api/v1/nodes/" + PREFIX + "-7").body();
        assertThat(node.at("/metadata/labels/kubernetes.io~1hostname").asText()).isEqualTo(PREFIX + "-7");
        assertThat(node.at("/metadata/labels/hollow.skiff.io~1node").asText()).isEqualTo("true");
        assertThat(node.at("/metadata/labels/kubernetes.io~1os").asText()).isEqualTo("linux");
        assertThat(node.at("/status/capacity/cpu").asText()).isEqualTo("8");
        assertThat(node.at("/status/capacity/memory").asText()).isEqualTo("32Gi");
        assertThat(node.at("/status/capacity/pods").asText()).isEqualTo("110");
        assertThat(node.at("/status/nodeInfo/containerRuntimeVersion").asText()).startsWith("hollow://");
        assertThat(node.at("/status/nodeInfo/kubeletVersion").asText()).startsWith("v1.");
        assertThat(node.at("/status/addresses/0/address").asText()).isEqualTo("127.0.0.1");

        await().atMost(Duration.ofSeconds(20)).until(() -> leases().size() == NODES);
        Map<String, String> first = leases();
        // Every Lease is renewed within a quarter of its 4 s duration (plus slack for a busy machine).
        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    Map<String, String> now = leases();
                    return first.keySet().stream()
                            .allMatch(name -> !first.get(name).equals(now.get(name)));
                });
        JsonNode lease = http.get(LEASES + "/" + PREFIX + "-7").body();
        assertThat(lease.at("/spec/holderIdentity").asText()).isEqualTo(PREFIX + "-7");
        assertThat(lease.at("/metadata/ownerReferences/0/kind").asText()).isEqualTo("Node");
        Instant renewed = Instant.parse(lease.at("/spec/renewTime").asText());
        assertThat(Duration.between(renewed, Instant.now())).isLessThan(Duration.ofSeconds(4));
    }

    @Test
    void podsBoundToHollowNodesTurnRunningAndReady() {
        for (int i = 0; i < 100; i++) {
            createPod("web-" + i, PREFIX + "-" + (i % NODES), "Always", Map.of());
        }
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> runningReady("web-") == 100);
        JsonNode pod = pod("web-3");
        JsonNode container = pod.at("/status/containerStatuses/0");
        assertThat(container.at("/containerID").asText()).startsWith("hollow://");
        assertThat(container.at("/ready").asBoolean()).isTrue();
        assertThat(container.at("/started").asBoolean()).isTrue();
        assertThat(container.at("/state/running/startedAt").asText()).isNotEmpty();
        assertThat(pod.at("/status/podIP").asText()).startsWith("100.6");
        assertThat(pod.at("/status/hostIP").asText()).isEqualTo("127.0.0.1");
        assertThat(pod.at("/status/qosClass").asText()).isEqualTo("BestEffort");
        assertThat(pod.at("/status/startTime").asText()).isNotEmpty();
        // Two pods of one node never share an address.
        assertThat(pod("web-53").at("/status/podIP").asText())
                .isNotEqualTo(pod.at("/status/podIP").asText());
    }

    @Test
    void aPodToldToExitFinishesAsItsRestartPolicySays() {
        createPod("job-ok", PREFIX + "-1", "Never", Map.of("hollow.skiff.io/exit-after", "2s"));
        createPod(
                "job-fails",
                PREFIX + "-2",
                "Never",
                Map.of("hollow.skiff.io/exit-after", "2s", "hollow.skiff.io/exit-code", "2"));
        createPod(
                "restarter",
                PREFIX + "-3",
                "Always",
                Map.of("hollow.skiff.io/exit-after", "1s", "hollow.skiff.io/exit-code", "1"));
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> "Succeeded"
                                .equals(pod("job-ok").at("/status/phase").asText())
                        && "Failed".equals(pod("job-fails").at("/status/phase").asText()));
        assertThat(pod("job-fails")
                        .at("/status/containerStatuses/0/state/terminated/exitCode")
                        .asInt())
                .isEqualTo(2);
        assertThat(pod("job-ok")
                        .at("/status/containerStatuses/0/state/terminated/reason")
                        .asText())
                .isEqualTo("Completed");
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> pod("restarter")
                                .at("/status/containerStatuses/0/restartCount")
                                .asInt()
                        >= 2);
        JsonNode restarted = pod("restarter").at("/status/containerStatuses/0");
        assertThat(restarted.at("/lastState/terminated/exitCode").asInt()).isEqualTo(1);
        assertThat(pod("restarter").at("/status/phase").asText()).isEqualTo("Running");
    }

    @Test
    void aDeletedPodIsDeletedForGoodByTheKubelet() {
        createPod("doomed", PREFIX + "-4", "Always", Map.of());
        await().atMost(Duration.ofSeconds(30))
                .until(() -> "Running".equals(pod("doomed").at("/status/phase").asText()));
        String uid = pod("doomed").at("/metadata/uid").asText();
        assertThat(http.delete("/api/v1/namespaces/" + NAMESPACE + "/pods/doomed")
                        .code())
                .isEqualTo(200);
        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> http.get("/api/v1/namespaces/" + NAMESPACE + "/pods/doomed")
                                .code()
                        == 404);
        assertThat(uid).isNotEmpty();
    }

    private static void createPod(String name, String node, String restartPolicy, Map<String, String> annotations) {
        StringBuilder annotationJson = new StringBuilder();
        annotations.forEach((key, value) -> annotationJson
                .append(annotationJson.isEmpty() ? "" : ",")
                .append('"')
                .append(key)
                .append("\":\"")
                .append(value)
                .append('"'));
        KubeHttp.Reply created = http.post(
                "/api/v1/namespaces/" + NAMESPACE + "/pods", """
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"%s","annotations":{%s}},
                 "spec":{"nodeName":"%s","restartPolicy":"%s",
                  "containers":[{"name":"main","image":"busybox:1.36","command":["sleep","3600"]}]}}""".formatted(name, annotationJson, node, restartPolicy));
        assertThat(created.code()).as(created.body().toString()).isEqualTo(201);
    }

    private static JsonNode pod(String name) {
        return http.get("/api/v1/namespaces/" + NAMESPACE + "/pods/" + name).body();
    }

    private static long readyNodes() {
        long ready = 0;
        for (JsonNode node : http.get("/api/v1/nodes?labelSelector=hollow.skiff.io%2Fnode%3Dtrue")
                .body()
                .path("items")) {
            for (JsonNode condition : node.at("/status/conditions")) {
                if ("Ready".equals(condition.path("type").asText())
                        && "True".equals(condition.path("status").asText())) {
                    ready++;
                }
            }
        }
        return ready;
    }

    private static Map<String, String> leases() {
        Map<String, String> renewTimes = new HashMap<>();
        for (JsonNode lease : http.get(LEASES).body().path("items")) {
            String name = lease.at("/metadata/name").asText();
            if (name.startsWith(PREFIX + "-")) {
                renewTimes.put(name, lease.at("/spec/renewTime").asText());
            }
        }
        return renewTimes;
    }

    private static long runningReady(String prefix) {
        long count = 0;
        for (JsonNode pod :
                http.get("/api/v1/namespaces/" + NAMESPACE + "/pods").body().path("items")) {
            if (!pod.at("/metadata/name").asText().startsWith(prefix)
                    || !"Running".equals(pod.at("/status/phase").asText())) {
                continue;
            }
            for (JsonNode condition : pod.at("/status/conditions")) {
                if ("Ready".equals(condition.path("type").asText())
                        && "True".equals(condition.path("status").asText())) {
                    count++;
                }
            }
        }
        return count;
    }
}
