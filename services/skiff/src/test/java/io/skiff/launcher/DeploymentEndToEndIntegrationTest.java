package io.skiff.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.skiff.apiserver.testing.KubeHttp;
import io.skiff.apiserver.testing.Kubectl;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The seeds' chain end to end, driven by the real kubectl against {@code skiff server} (API server,
 * scheduler and controller manager): a Deployment applied with kubectl gets a ReplicaSet, whose
 * pods the scheduler binds to the server's hollow nodes (its kubelet with --runtime hollow: the pods
 * turn Running and Ready without running anything); then a rolling
 * update that stays within maxSurge and maxUnavailable at every moment, and an undo.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class DeploymentEndToEndIntegrationTest {

    private static final String NAMESPACE = "e2e";
    private static final List<String> NODES = List.of("node-0", "node-1", "node-2");
    private static final int REPLICAS = 6;
    private static final int MAX_SURGE = 1;
    private static final int MAX_UNAVAILABLE = 1;
    private static final String FIRST_IMAGE = "registry.example/web:1.0";
    private static final String SECOND_IMAGE = "registry.example/web:2.0";

    private static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
              namespace: e2e
              annotations:
                kubernetes.io/change-cause: initial
            spec:
              replicas: %d
              selector:
                matchLabels: {app: web}
              strategy:
                type: RollingUpdate
                rollingUpdate: {maxSurge: %d, maxUnavailable: %d}
              template:
                metadata:
                  labels: {app: web}
                spec:
                  containers:
                  - name: web
                    image: %s
                    resources:
                      requests: {cpu: 100m, memory: 64Mi}
            """.formatted(REPLICAS, MAX_SURGE, MAX_UNAVAILABLE, FIRST_IMAGE);

    @TempDir
    Path dataDir;

    @TempDir
    Path kubectlDir;

    @Test
    void kubectlRollsADeploymentOutUpdatesItWithinItsBoundsAndUndoesIt() throws Exception {
        int port = freePort();
        try (RunningServer ignored = startServer(port)) {
            KubeHttp http = AdminClients.http(dataDir, port);
            Kubectl kubectl = Kubectl.withKubeconfig(dataDir.resolve("kubeconfig.yaml"), kubectlDir);
            succeeds(kubectl.run("create", "namespace", NAMESPACE));

            Kubectl.Result applied = succeeds(kubectl.runWithInput(DEPLOYMENT, "apply", "-f", "-"));
            assertThat(applied.out()).isEqualTo("deployment.apps/web created");
            String firstSet = await().atMost(Duration.ofSeconds(20))
                    .until(() -> replicaSetNames(http), names -> names.size() == 1)
                    .get(0);
            assertThat(succeeds(rolloutStatus(kubectl)).out()).endsWith("deployment \"web\" successfully rolled out");

            List<JsonNode> pods = activePods(http);
            assertThat(pods).hasSize(REPLICAS).allSatisfy(pod -> {
                assertThat(NODES).contains(pod.at("/spec/nodeName").asText());
                assertThat(pod.at("/status/phase").asText()).isEqualTo("Running");
                assertThat(pod.at("/status/podIP").asText()).startsWith("10.244.");
                assertThat(pod.at("/metadata/ownerReferences/0/name").asText()).isEqualTo(firstSet);
            });
            assertThat(succeeds(kubectl.run("-n", NAMESPACE, "get", "pods")).out())
                    .containsPattern("(?m)^NAME\\s+READY\\s+STATUS\\s+RESTARTS\\s+AGE$")
                    .containsPattern("(?m)^" + firstSet + "-[a-z0-9]{5}\\s+1/1\\s+Running\\s+0\\s+");
            String events = await().atMost(Duration.ofSeconds(20))
                    .until(
                            () -> succeeds(kubectl.run("-n", NAMESPACE, "get", "events"))
                                    .out(),
                            out -> out.contains("ScalingReplicaSet")
                                    && out.contains("SuccessfulCreate")
                                    && out.contains("Scheduled"));
            assertThat(events)
                    .containsPattern("Normal\\s+ScalingReplicaSet\\s+deployment/web\\s+Scaled up replica set "
                            + firstSet + " from 0 to " + REPLICAS)
                    .containsPattern("Normal\\s+SuccessfulCreate\\s+replicaset/" + firstSet + "\\s+Created pod: "
                            + firstSet + "-[a-z0-9]{5}")
                    .containsPattern("Normal\\s+Scheduled\\s+pod/" + firstSet + "-[a-z0-9]{5}\\s+Successfully"
                            + " assigned e2e/" + firstSet + "-[a-z0-9]{5} to node-[012]");

            String secondSet;
            try (RolloutObserver observer =
                    RolloutObserver.start(http, NAMESPACE, REPLICAS, MAX_SURGE, MAX_UNAVAILABLE)) {
                succeeds(kubectl.run("-n", NAMESPACE, "set", "image", "deployment/web", "web=" + SECOND_IMAGE));
                assertThat(succeeds(rolloutStatus(kubectl)).out())
                        .endsWith("deployment \"web\" successfully rolled out");
                secondSet = onlyReplicaSetWithReplicas(http, REPLICAS);
                assertThat(secondSet).isNotEqualTo(firstSet);
                awaitActivePodsRun(http, SECOND_IMAGE);

                Kubectl.Result undo = succeeds(kubectl.run("-n", NAMESPACE, "rollout", "undo", "deployment/web"));
                assertThat(undo.out()).isEqualTo("deployment.apps/web rolled back");
                succeeds(rolloutStatus(kubectl));
                awaitActivePodsRun(http, FIRST_IMAGE);

                System.out.printf(
                        "rolling update and undo: %d pod events, at most %d pods, at least %d available%n",
                        observer.events(), observer.mostPods(), observer.fewestAvailable());
                System.out.printf("ReplicaSets asked for at most %d replicas together%n", observer.mostReplicas());
                assertThat(observer.violations()).isEmpty();
                assertThat(observer.events())
                        .as("both rollouts replaced every pod, each seen created, bound, started and deleted")
                        .isGreaterThanOrEqualTo(4 * 2 * REPLICAS);
            }

            assertThat(onlyReplicaSetWithReplicas(http, REPLICAS))
                    .as("the undo scales the first ReplicaSet back up")
                    .isEqualTo(firstSet);
            JsonNode restored = http.get("/apis/apps/v1/namespaces/e2e/replicasets/" + firstSet)
                    .body();
            assertThat(restored.at("/spec/template/spec/containers/0/image").asText())
                    .isEqualTo(FIRST_IMAGE);
            assertThat(restored.at("/metadata/annotations/deployment.kubernetes.io~1revision")
                            .asText())
                    .isEqualTo("3");
            assertThat(restored.at("/metadata/annotations/deployment.kubernetes.io~1revision-history")
                            .asText())
                    .isEqualTo("1");
            JsonNode deployment =
                    http.get("/apis/apps/v1/namespaces/e2e/deployments/web").body();
            assertThat(deployment.at("/spec/template/spec/containers/0/image").asText())
                    .isEqualTo(FIRST_IMAGE);
            assertThat(deployment
                            .at("/metadata/annotations/deployment.kubernetes.io~1revision")
                            .asText())
                    .isEqualTo("3");
            assertThat(http.get("/apis/apps/v1/namespaces/e2e/replicasets/" + secondSet)
                            .body()
                            .at("/spec/replicas")
                            .asInt())
                    .isZero();

            Kubectl.Result history = succeeds(kubectl.run("-n", NAMESPACE, "rollout", "history", "deployment/web"));
            assertThat(history.out())
                    .startsWith("deployment.apps/web")
                    .containsPattern("(?m)^REVISION\\s+CHANGE-CAUSE$")
                    .containsPattern("(?m)^2\\s+initial$")
                    .containsPattern("(?m)^3\\s+initial$")
                    .doesNotContainPattern("(?m)^1\\s");
            assertThat(succeeds(kubectl.run("-n", NAMESPACE, "rollout", "history", "deployment/web", "--revision=2"))
                            .out())
                    .contains("Image:\t" + SECOND_IMAGE);
        }
    }

    private RunningServer startServer(int port) throws Exception {
        CommandLine.ParseResult parsed = new CommandLine(new SkiffMain())
                .parseArgs(
                        "server",
                        "--data-dir",
                        dataDir.toString(),
                        "--port",
                        Integer.toString(port),
                        "--management-port",
                        Integer.toString(freePort()),
                        "--scheduler-port",
                        "0",
                        "--controller-manager-port",
                        "0",
                        "--dns-port",
                        "0",
                        "--dns-metrics-port",
                        "0",
                        "--runtime",
                        "hollow",
                        "--hollow-nodes",
                        Integer.toString(NODES.size()),
                        "--node-name",
                        "node",
                        "--kubelet-port",
                        "0",
                        "--ingress-http-port",
                        "0",
                        "--ingress-https-port",
                        "0",
                        "--ingress-controller-port",
                        "0");
        return ((ServerCommand) parsed.subcommand().commandSpec().userObject()).start();
    }

    private static Kubectl.Result rolloutStatus(Kubectl kubectl) {
        return kubectl.run("-n", NAMESPACE, "rollout", "status", "deployment/web", "--timeout=45s");
    }

    private static Kubectl.Result succeeds(Kubectl.Result result) {
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        return result;
    }

    private static List<String> replicaSetNames(KubeHttp http) {
        List<String> names = new ArrayList<>();
        http.get("/apis/apps/v1/namespaces/" + NAMESPACE + "/replicasets")
                .body()
                .path("items")
                .forEach(rs -> names.add(rs.at("/metadata/name").asText()));
        return names;
    }

    private static String onlyReplicaSetWithReplicas(KubeHttp http, int replicas) {
        List<String> scaledUp = new ArrayList<>();
        for (JsonNode rs : http.get("/apis/apps/v1/namespaces/" + NAMESPACE + "/replicasets")
                .body()
                .path("items")) {
            if (rs.at("/spec/replicas").asInt() > 0) {
                assertThat(rs.at("/spec/replicas").asInt()).isEqualTo(replicas);
                scaledUp.add(rs.at("/metadata/name").asText());
            }
        }
        assertThat(scaledUp).hasSize(1);
        return scaledUp.get(0);
    }

    /** Pods not being deleted. */
    private static List<JsonNode> activePods(KubeHttp http) {
        List<JsonNode> pods = new ArrayList<>();
        for (JsonNode pod :
                http.get("/api/v1/namespaces/" + NAMESPACE + "/pods").body().path("items")) {
            JsonNode deletion = pod.at("/metadata/deletionTimestamp");
            if (deletion.isMissingNode() || deletion.isNull()) {
                pods.add(pod);
            }
        }
        return pods;
    }

    /**
     * Waits until exactly the replicas run {@code image}: kubectl rollout status returns once the new
     * pods are available, and the last old one may not have been deleted yet.
     */
    private static void awaitActivePodsRun(KubeHttp http, String image) {
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            List<String> images = activePods(http).stream()
                    .map(pod -> pod.at("/spec/containers/0/image").asText())
                    .toList();
            return images.size() == REPLICAS && images.stream().allMatch(image::equals);
        });
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
