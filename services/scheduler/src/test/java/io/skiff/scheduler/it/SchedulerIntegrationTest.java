package io.skiff.scheduler.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.skiff.apiserver.testing.ApiServerInstance;
import io.skiff.apiserver.testing.KubeHttp;
import io.skiff.apiserver.testing.TestPostgres;
import io.skiff.model.json.KubeJson;
import io.skiff.scheduler.testing.NodeMaker;
import io.skiff.scheduler.testing.PodMaker;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The scheduler service against a real API server: Node objects (no kubelets), pods bound through
 * pods/binding, the Events and pod conditions kubectl describe shows.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SchedulerIntegrationTest {

    /** Each test's nodes and pods carry this label (as node selector), so tests sharing a cluster stay apart. */
    private static final String TEST = "skiff.io/test";

    private static ApiServerInstance apiServer;
    private static KubeHttp http;
    private static SchedulerProcess scheduler;

    @BeforeAll
    static void start() {
        apiServer = ApiServerInstance.onDatabase(TestPostgres.newDatabase());
        http = new KubeHttp(apiServer.baseUrl());
        scheduler = SchedulerProcess.start(apiServer.baseUrl());
    }

    @AfterAll
    static void stop() {
        if (scheduler != null) {
            scheduler.close();
        }
        if (apiServer != null) {
            apiServer.close();
        }
    }

    @Test
    void podsAreBoundToNodesWithRoomAndEachGetsAScheduledEvent() {
        http.createNamespace("basic");
        createNode(
                NodeMaker.node("small").label(TEST, "basic").allocatable("cpu", "1", "memory", "2Gi", "pods", "110"));
        createNode(
                NodeMaker.node("large").label(TEST, "basic").allocatable("cpu", "8", "memory", "32Gi", "pods", "110"));
        for (int i = 0; i < 6; i++) {
            createPod(PodMaker.pod("web-" + i)
                    .namespace("basic")
                    .nodeSelector(TEST, "basic")
                    .container("cpu", "500m", "memory", "256Mi"));
        }

        for (int i = 0; i < 6; i++) {
            String name = "web-" + i;
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> !nodeOf("basic", name).isEmpty());
        }
        long onSmall = java.util.stream.IntStream.range(0, 6)
                .filter(i -> nodeOf("basic", "web-" + i).equals("small"))
                .count();
        assertThat(onSmall).as("the 1-cpu node holds at most two 500m pods").isLessThanOrEqualTo(2);

        JsonNode events = await().atMost(Duration.ofSeconds(10))
                .until(() -> eventsAbout("basic", "web-0"), list -> list.size() >= 1);
        JsonNode scheduled = events.get(0);
        assertThat(scheduled.path("reason").asText()).isEqualTo("Scheduled");
        assertThat(scheduled.path("type").asText()).isEqualTo("Normal");
        assertThat(scheduled.path("message").asText())
                .isEqualTo("Successfully assigned basic/web-0 to " + nodeOf("basic", "web-0"));
        assertThat(scheduled.at("/source/component").asText()).isEqualTo("default-scheduler");
        assertThat(http.get("/api/v1/namespaces/basic/pods/web-0").body().at("/status/conditions"))
                .anySatisfy(condition -> {
                    assertThat(condition.path("type").asText()).isEqualTo("PodScheduled");
                    assertThat(condition.path("status").asText()).isEqualTo("True");
                });
    }

    @Test
    void anUnschedulablePodIsExplainedAndScheduledOnceANodeFits() {
        http.createNamespace("waiting");
        createNode(NodeMaker.node("tiny-1")
                .label(TEST, "waiting")
                .label(NodeMaker.HOSTNAME, "tiny-1")
                .allocatable("cpu", "500m", "memory", "1Gi", "pods", "110"));
        createNode(NodeMaker.node("tiny-2")
                .label(TEST, "waiting")
                .label(NodeMaker.HOSTNAME, "tiny-2")
                .allocatable("cpu", "500m", "memory", "1Gi", "pods", "110")
                .taint("dedicated", "gpu", "NoSchedule"));
        // Both nodes must be in the scheduler's cache before "big" is tried: a pod that failed on one
        // node is not retried when a node it could not fit on either arrives (queueing hints), as in
        // Kubernetes. A small pod that only tiny-2 (created last) can take proves the cache has both.
        createPod(PodMaker.pod("cache-probe")
                .namespace("waiting")
                .nodeSelector(NodeMaker.HOSTNAME, "tiny-2")
                .toleration("dedicated", "Equal", "gpu", "NoSchedule")
                .container("cpu", "10m"));
        await().atMost(Duration.ofSeconds(30)).until(() -> "tiny-2".equals(nodeOf("waiting", "cache-probe")));
        assertThat(http.delete("/api/v1/namespaces/waiting/pods/cache-probe", "{\"gracePeriodSeconds\":0}")
                        .code())
                .isEqualTo(200);
        createPod(PodMaker.pod("big")
                .namespace("waiting")
                .nodeSelector(TEST, "waiting")
                .container("cpu", "4"));

        JsonNode failed = await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> lastEventAbout("waiting", "big"),
                        event -> event != null && event.path("message").asText().contains("untolerated taint"));
        assertThat(failed.path("reason").asText()).isEqualTo("FailedScheduling");
        assertThat(failed.path("type").asText()).isEqualTo("Warning");
        assertThat(failed.path("message").asText())
                .startsWith("0/")
                .contains("nodes are available:")
                .contains("1 Insufficient cpu")
                .contains("1 node(s) had untolerated taint {dedicated: gpu}");
        JsonNode condition = await().atMost(Duration.ofSeconds(10))
                .until(() -> podScheduledCondition("waiting", "big"), c -> c != null && c.has("reason"));
        assertThat(condition.path("status").asText()).isEqualTo("False");
        assertThat(condition.path("reason").asText()).isEqualTo("Unschedulable");

        createNode(NodeMaker.node("roomy")
                .label(TEST, "waiting")
                .allocatable("cpu", "16", "memory", "64Gi", "pods", "110"));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> nodeOf("waiting", "big").equals("roomy"));
    }

    @Test
    void podsForAnotherSchedulerAreLeftAlone() throws Exception {
        http.createNamespace("others");
        createNode(NodeMaker.node("shared")
                .label(TEST, "others")
                .allocatable("cpu", "8", "memory", "16Gi", "pods", "110"));
        createPod(PodMaker.pod("theirs")
                .namespace("others")
                .nodeSelector(TEST, "others")
                .schedulerName("gpu-scheduler"));
        createPod(PodMaker.pod("ours").namespace("others").nodeSelector(TEST, "others"));

        await().atMost(Duration.ofSeconds(20))
                .until(() -> !nodeOf("others", "ours").isEmpty());
        Thread.sleep(1_000);
        assertThat(nodeOf("others", "theirs")).isEmpty();
        assertThat(eventsAbout("others", "theirs")).isEmpty();

        try (SchedulerProcess gpu = SchedulerProcess.start(
                apiServer.baseUrl(),
                "--skiff.scheduler.profiles[0].scheduler-name=gpu-scheduler",
                "--skiff.leader-election.lease-name=gpu-scheduler")) {
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> nodeOf("others", "theirs").equals("shared"));
            JsonNode event = await().atMost(Duration.ofSeconds(10))
                    .until(() -> eventsAbout("others", "theirs"), list -> list.size() >= 1)
                    .get(0);
            assertThat(event.at("/source/component").asText()).isEqualTo("gpu-scheduler");
        }
    }

    @Test
    void aHigherPriorityPodPreemptsALowerOneAndTakesItsPlace() {
        http.createNamespace("preempt");
        createNode(
                NodeMaker.node("only").label(TEST, "preempt").allocatable("cpu", "1", "memory", "4Gi", "pods", "110"));
        createPod(PodMaker.pod("low")
                .namespace("preempt")
                .nodeSelector(TEST, "preempt")
                .container("cpu", "800m"));
        await().atMost(Duration.ofSeconds(20))
                .until(() -> nodeOf("preempt", "low").equals("only"));

        // The API server's Priority admission sets spec.priority from the class.
        assertThat(http.post("/apis/scheduling.k8s.io/v1/priorityclasses", """
                        {"apiVersion":"scheduling.k8s.io/v1","kind":"PriorityClass","metadata":{"name":"preempting"},
                         "value":1000}
                        """).code())
                .isEqualTo(201);
        assertThat(http.get("/apis/scheduling.k8s.io/v1/priorityclasses").code())
                .isEqualTo(200);
        createPod(PodMaker.pod("high")
                .namespace("preempt")
                .nodeSelector(TEST, "preempt")
                .priorityClassName("preempting")
                .container("cpu", "800m"));

        await().atMost(Duration.ofSeconds(20))
                .until(() -> http.get("/api/v1/namespaces/preempt/pods/low")
                        .body()
                        .at("/metadata/deletionTimestamp")
                        .isTextual());
        JsonNode victim = http.get("/api/v1/namespaces/preempt/pods/low").body();
        assertThat(victim.at("/status/conditions")).anySatisfy(condition -> {
            assertThat(condition.path("type").asText()).isEqualTo("DisruptionTarget");
            assertThat(condition.path("reason").asText()).isEqualTo("PreemptionByScheduler");
        });
        await().atMost(Duration.ofSeconds(10))
                .until(
                        () -> http.get("/api/v1/namespaces/preempt/pods/high")
                                .body()
                                .at("/status/nominatedNodeName")
                                .asText(""),
                        "only"::equals);
        JsonNode preempted = await().atMost(Duration.ofSeconds(10))
                .until(
                        () -> lastEventAbout("preempt", "low"),
                        e -> e != null && "Preempted".equals(e.path("reason").asText()));
        assertThat(preempted.path("message").asText())
                .startsWith("Preempted by pod ")
                .endsWith(" on node only");

        // No kubelet here: finish the victim's graceful deletion as its kubelet would.
        assertThat(http.delete("/api/v1/namespaces/preempt/pods/low", "{\"gracePeriodSeconds\":0}")
                        .code())
                .isEqualTo(200);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> nodeOf("preempt", "high").equals("only"));
    }

    private static void createNode(NodeMaker node) {
        Node built = node.build();
        KubeHttp.Reply reply = http.post("/api/v1/nodes", write(built));
        assertThat(reply.code()).as(reply.body().toString()).isEqualTo(201);
    }

    private static void createPod(PodMaker pod) {
        Pod built = pod.uid(null).build();
        built.setStatus(null);
        KubeHttp.Reply reply =
                http.post("/api/v1/namespaces/" + built.getMetadata().getNamespace() + "/pods", write(built));
        assertThat(reply.code()).as(reply.body().toString()).isEqualTo(201);
    }

    private static String nodeOf(String namespace, String pod) {
        return http.get("/api/v1/namespaces/" + namespace + "/pods/" + pod)
                .body()
                .at("/spec/nodeName")
                .asText("");
    }

    private static JsonNode podScheduledCondition(String namespace, String pod) {
        for (JsonNode condition : http.get("/api/v1/namespaces/" + namespace + "/pods/" + pod)
                .body()
                .at("/status/conditions")) {
            if (condition.path("type").asText().equals("PodScheduled")) {
                return condition;
            }
        }
        return null;
    }

    private static JsonNode lastEventAbout(String namespace, String pod) {
        JsonNode events = eventsAbout(namespace, pod);
        JsonNode last = null;
        for (JsonNode event : events) {
            if (last == null
                    || event.path("lastTimestamp")
                                    .asText()
                                    .compareTo(last.path("lastTimestamp").asText())
                            >= 0) {
                last = event;
            }
        }
        return last;
    }

    /** The events kubectl describe shows for a pod, found by its field selectors. */
    private static JsonNode eventsAbout(String namespace, String pod) {
        String selector = URLEncoder.encode(
                "involvedObject.kind=Pod,involvedObject.name=" + pod + ",involvedObject.namespace=" + namespace,
                StandardCharsets.UTF_8);
        return http.get("/api/v1/namespaces/" + namespace + "/events?fieldSelector=" + selector)
                .body()
                .path("items");
    }

    private static String write(Object object) {
        try {
            return KubeJson.mapper().writeValueAsString(object);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
