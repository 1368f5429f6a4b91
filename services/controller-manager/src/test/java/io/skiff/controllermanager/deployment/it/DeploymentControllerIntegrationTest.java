package io.skiff.controllermanager.deployment.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.skiff.apiserver.testing.ApiServerInstance;
import io.skiff.apiserver.testing.KubeHttp;
import io.skiff.apiserver.testing.Kubectl;
import io.skiff.apiserver.testing.TestPostgres;
import io.skiff.controllermanager.testing.ControllerManagerProcess;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The controller manager rolling a Deployment out on a real API server, driven and watched by the
 * real kubectl. There is no kubelet: a thread of this test plays one, marking every new pod Running
 * and Ready through pods/status, so that ReplicaSets report available pods and rollouts complete.
 */
class DeploymentControllerIntegrationTest {

    private static final String NAMESPACE = "deploy-it";
    private static final Duration KUBELET_PERIOD = Duration.ofMillis(200);
    private static final Duration KUBELET_LIFETIME = Duration.ofSeconds(120);

    private static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
              namespace: deploy-it
              annotations:
                kubernetes.io/change-cause: first
            spec:
              replicas: 3
              selector:
                matchLabels: {app: web}
              strategy:
                rollingUpdate: {maxSurge: 1, maxUnavailable: 0}
              template:
                metadata:
                  labels: {app: web}
                spec:
                  containers:
                  - name: web
                    image: registry.example/web:a
            """;

    @TempDir
    static Path work;

    private static ApiServerInstance apiServer;
    private static KubeHttp http;
    private static ControllerManagerProcess controllerManager;
    private static Kubectl kubectl;
    private static Thread kubelet;

    @BeforeAll
    static void start() {
        apiServer = ApiServerInstance.onDatabase(TestPostgres.newDatabase());
        http = new KubeHttp(apiServer.baseUrl());
        kubectl = Kubectl.against(apiServer.baseUrl(), work);
        controllerManager = ControllerManagerProcess.start(apiServer.baseUrl());
        kubelet = new Thread(DeploymentControllerIntegrationTest::playKubelet, "fake-kubelet");
        kubelet.setDaemon(true);
        kubelet.start();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (kubelet != null) {
            kubelet.interrupt();
            kubelet.join(Duration.ofSeconds(5).toMillis());
        }
        if (controllerManager != null) {
            controllerManager.close();
        }
        if (apiServer != null) {
            apiServer.close();
        }
    }

    @Test
    void rolloutsCompleteUnderKubectlRolloutStatusThroughUpdateUndoPauseAndRestart() {
        assertThat(http.createNamespace(NAMESPACE).code()).isEqualTo(201);
        Kubectl.Result applied = kubectl.runWithInput(DEPLOYMENT, "apply", "-f", "-");
        assertThat(applied.exitCode()).as(applied.stderr()).isZero();

        Kubectl.Result firstRollout = rolloutStatus();
        assertThat(firstRollout.exitCode()).as(firstRollout.stderr()).isZero();
        assertThat(firstRollout.out()).endsWith("deployment \"web\" successfully rolled out");
        String firstSet = onlyReplicaSetWithReplicas(3);
        JsonNode first = replicaSet(firstSet);
        String firstHash = first.at("/metadata/labels/pod-template-hash").asText();
        assertThat(firstSet).isEqualTo("web-" + firstHash);
        assertThat(first.at("/spec/selector/matchLabels/pod-template-hash").asText())
                .isEqualTo(firstHash);
        assertThat(first.at("/metadata/annotations/deployment.kubernetes.io~1revision")
                        .asText())
                .isEqualTo("1");
        assertThat(first.at("/metadata/annotations").has("kubectl.kubernetes.io/last-applied-configuration"))
                .isFalse();

        Kubectl.Result setImage =
                kubectl.run("-n", NAMESPACE, "set", "image", "deployment/web", "web=registry.example/web:b");
        assertThat(setImage.exitCode()).as(setImage.stderr()).isZero();
        Kubectl.Result secondRollout = rolloutStatus();
        assertThat(secondRollout.exitCode()).as(secondRollout.stderr()).isZero();
        assertThat(secondRollout.out()).endsWith("deployment \"web\" successfully rolled out");
        String secondSet = onlyReplicaSetWithReplicas(3);
        assertThat(secondSet).isNotEqualTo(firstSet);
        assertThat(replicaSet(secondSet)
                        .at("/spec/template/spec/containers/0/image")
                        .asText())
                .isEqualTo("registry.example/web:b");
        assertThat(replicaSet(secondSet)
                        .at("/metadata/annotations/deployment.kubernetes.io~1revision")
                        .asText())
                .isEqualTo("2");
        assertThat(replicaSet(firstSet).at("/spec/replicas").asInt()).isZero();

        Kubectl.Result undo = kubectl.run("-n", NAMESPACE, "rollout", "undo", "deployment/web");
        assertThat(undo.exitCode()).as(undo.stderr()).isZero();
        assertThat(undo.out()).isEqualTo("deployment.apps/web rolled back");
        Kubectl.Result thirdRollout = rolloutStatus();
        assertThat(thirdRollout.exitCode()).as(thirdRollout.stderr()).isZero();
        assertThat(onlyReplicaSetWithReplicas(3)).as("the first set is back").isEqualTo(firstSet);
        JsonNode restored = replicaSet(firstSet);
        assertThat(restored.at("/metadata/annotations/deployment.kubernetes.io~1revision")
                        .asText())
                .isEqualTo("3");
        assertThat(restored.at("/metadata/annotations/deployment.kubernetes.io~1revision-history")
                        .asText())
                .isEqualTo("1");
        JsonNode deployment = deployment();
        assertThat(deployment.at("/spec/template/spec/containers/0/image").asText())
                .isEqualTo("registry.example/web:a");
        assertThat(deployment
                        .at("/metadata/annotations/deployment.kubernetes.io~1revision")
                        .asText())
                .isEqualTo("3");
        assertThat(deployment.at("/status/updatedReplicas").asInt()).isEqualTo(3);
        assertThat(deployment.at("/status/availableReplicas").asInt()).isEqualTo(3);
        assertThat(conditions(deployment))
                .containsEntry("Available", "True/MinimumReplicasAvailable")
                .containsEntry("Progressing", "True/NewReplicaSetAvailable");

        Kubectl.Result history = kubectl.run("-n", NAMESPACE, "rollout", "history", "deployment/web");
        assertThat(history.exitCode()).as(history.stderr()).isZero();
        assertThat(history.out()).containsPattern("(?m)^2\\s").containsPattern("(?m)^3\\s+first$");

        Kubectl.Result pause = kubectl.run("-n", NAMESPACE, "rollout", "pause", "deployment/web");
        assertThat(pause.exitCode()).as(pause.stderr()).isZero();
        Kubectl.Result scale = kubectl.run("-n", NAMESPACE, "scale", "deployment/web", "--replicas=4");
        assertThat(scale.exitCode()).as(scale.stderr()).isZero();
        await().atMost(Duration.ofSeconds(20))
                .until(() -> replicaSet(firstSet).at("/spec/replicas").asInt() == 4
                        && conditions(deployment()).get("Progressing").equals("Unknown/DeploymentPaused"));
        assertThat(replicaSetNames()).as("no rollout while paused").hasSize(2);

        Kubectl.Result resume = kubectl.run("-n", NAMESPACE, "rollout", "resume", "deployment/web");
        assertThat(resume.exitCode()).as(resume.stderr()).isZero();
        Kubectl.Result restart = kubectl.run("-n", NAMESPACE, "rollout", "restart", "deployment/web");
        assertThat(restart.exitCode()).as(restart.stderr()).isZero();
        Kubectl.Result restarted = rolloutStatus();
        assertThat(restarted.exitCode()).as(restarted.stderr()).isZero();
        String restartedSet = onlyReplicaSetWithReplicas(4);
        assertThat(replicaSetNames()).hasSize(3);
        JsonNode afterRestart = replicaSet(restartedSet);
        assertThat(afterRestart.at("/spec/template/metadata/annotations").has("kubectl.kubernetes.io/restartedAt"))
                .isTrue();
        assertThat(afterRestart
                        .at("/metadata/annotations/deployment.kubernetes.io~1revision")
                        .asText())
                .isEqualTo("4");

        List<String> messages = await().atMost(Duration.ofSeconds(15))
                .until(DeploymentControllerIntegrationTest::scalingEvents, list -> list.size() >= 2);
        assertThat(messages)
                .contains("Scaled up replica set " + firstSet + " from 0 to 3")
                .contains("Scaled up replica set " + secondSet + " from 0 to 1")
                .allSatisfy(message -> assertThat(message)
                        .matches("(\\(combined from similar events\\): )?"
                                + "Scaled (up|down) replica set web-[a-z0-9]+ from \\d+ to \\d+"));
    }

    private static Kubectl.Result rolloutStatus() {
        return kubectl.run("-n", NAMESPACE, "rollout", "status", "deployment/web", "--timeout=60s");
    }

    private static String onlyReplicaSetWithReplicas(int replicas) {
        List<String> withReplicas = new ArrayList<>();
        for (JsonNode rs : http.get("/apis/apps/v1/namespaces/" + NAMESPACE + "/replicasets")
                .body()
                .path("items")) {
            if (rs.at("/spec/replicas").asInt() > 0) {
                assertThat(rs.at("/spec/replicas").asInt()).isEqualTo(replicas);
                withReplicas.add(rs.at("/metadata/name").asText());
            }
        }
        assertThat(withReplicas).hasSize(1);
        return withReplicas.get(0);
    }

    private static List<String> replicaSetNames() {
        List<String> names = new ArrayList<>();
        for (JsonNode rs : http.get("/apis/apps/v1/namespaces/" + NAMESPACE + "/replicasets")
                .body()
                .path("items")) {
            names.add(rs.at("/metadata/name").asText());
        }
        return names;
    }

    private static JsonNode replicaSet(String name) {
        return http.get("/apis/apps/v1/namespaces/" + NAMESPACE + "/replicasets/" + name)
                .body();
    }

    private static JsonNode deployment() {
        return http.get("/apis/apps/v1/namespaces/" + NAMESPACE + "/deployments/web")
                .body();
    }

    /** Each condition as "status/reason" by type. */
    private static Map<String, String> conditions(JsonNode object) {
        Map<String, String> conditions = new TreeMap<>();
        for (JsonNode condition : object.at("/status/conditions")) {
            conditions.put(
                    condition.path("type").asText(),
                    condition.path("status").asText() + "/"
                            + condition.path("reason").asText());
        }
        return conditions;
    }

    private static List<String> scalingEvents() {
        String selector = URLEncoder.encode(
                "involvedObject.kind=Deployment,involvedObject.name=web,reason=ScalingReplicaSet",
                StandardCharsets.UTF_8);
        List<String> messages = new ArrayList<>();
        for (JsonNode event : http.get("/api/v1/namespaces/" + NAMESPACE + "/events?fieldSelector=" + selector)
                .body()
                .path("items")) {
            assertThat(event.at("/source/component").asText()).isEqualTo("deployment-controller");
            messages.add(event.path("message").asText());
        }
        return messages;
    }

    /**
     * What the kubelets would do for these pods: report each new one Running and Ready. Bounded in
     * time; stops when interrupted.
     */
    private static void playKubelet() {
        Instant end = Instant.now().plus(KUBELET_LIFETIME);
        while (Instant.now().isBefore(end) && !Thread.currentThread().isInterrupted()) {
            try {
                for (JsonNode pod : http.get("/api/v1/namespaces/" + NAMESPACE + "/pods")
                        .body()
                        .path("items")) {
                    if (pod.at("/status/phase").asText().equals("Running")
                            || !pod.at("/metadata/deletionTimestamp").isMissingNode()) {
                        continue;
                    }
                    String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
                    http.patch(
                            "/api/v1/namespaces/" + NAMESPACE + "/pods/"
                                    + pod.at("/metadata/name").asText() + "/status",
                            """
                            {"status": {"phase": "Running",
                                        "conditions": [{"type": "Ready", "status": "True",
                                                        "lastTransitionTime": "%s"}]}}
                            """.formatted(now),
                            "application/merge-patch+json");
                }
                Thread.sleep(KUBELET_PERIOD.toMillis());
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // The API server may be starting or stopping: try again on the next round.
            }
        }
    }
}
