package io.skiff.kubelet.staticpods.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.skiff.apiserver.testing.ApiServerInstance;
import io.skiff.apiserver.testing.KubeHttp;
import io.skiff.apiserver.testing.Kubectl;
import io.skiff.apiserver.testing.TestPostgres;
import io.skiff.kubelet.testing.KubeletInstance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Static pods on a kubelet with the process runtime and a real API server: a manifest in the static
 * pod path runs without the API server asking, shows in the API as a mirror pod carrying its status,
 * survives the mirror's deletion, restarts when its manifest changes and stops when it goes.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class StaticPodsIntegrationTest {

    private static final String NODE = "static-pods-it-node";
    private static final String NAMESPACE = "static-it";
    private static final String MIRROR = "web-" + NODE;
    private static final String MIRROR_PATH = "/api/v1/namespaces/" + NAMESPACE + "/pods/" + MIRROR;

    @TempDir
    static Path root;

    private static Path manifests;
    private static ApiServerInstance apiServer;
    private static KubeletInstance kubelet;
    private static KubeHttp http;

    @BeforeAll
    static void start() throws Exception {
        apiServer = ApiServerInstance.onDatabase(TestPostgres.newDatabase());
        http = new KubeHttp(apiServer.baseUrl());
        assertThat(http.createNamespace(NAMESPACE).code()).isEqualTo(201);
        manifests = Files.createDirectories(root.resolve("manifests"));
        kubelet = KubeletInstance.start(
                apiServer.baseUrl(),
                NODE,
                root.resolve("kubelet"),
                "--skiff.kubelet.node-lease-duration=4s",
                "--skiff.kubelet.static-pod-path=" + manifests,
                "--skiff.kubelet.file-check-frequency=1s");
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
    void aStaticPodRunsFromItsManifestAndItsMirrorPodFollowsIt() throws Exception {
        write("broken.yaml", "apiVersion: v1\nkind: Pod\nspec: [not, a, pod\n");
        write(".hidden.yaml", manifest("hidden", "sleep 3601"));
        write("notes.txt", manifest("notes", "sleep 3602"));
        write("web.yaml", manifest("web", "echo v1; exec sleep 3603"));

        // The pod runs, and its mirror pod shows it with the kubelet's annotations and status.
        JsonNode mirror = awaitMirror(pod -> "True".equals(condition(pod, "Ready")));
        JsonNode annotations = mirror.at("/metadata/annotations");
        String hash = annotations.path("kubernetes.io/config.hash").asText();
        assertThat(hash).matches("[0-9a-f]{32}");
        assertThat(annotations.path("kubernetes.io/config.mirror").asText()).isEqualTo(hash);
        assertThat(annotations.path("kubernetes.io/config.source").asText()).isEqualTo("file");
        assertThat(annotations.path("kubernetes.io/config.seen").asText())
                .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z");
        assertThat(mirror.at("/metadata/uid").asText()).isNotEqualTo(hash);
        assertThat(mirror.at("/metadata/labels/app").asText()).isEqualTo("web");
        JsonNode owner = mirror.at("/metadata/ownerReferences/0");
        assertThat(owner.path("kind").asText()).isEqualTo("Node");
        assertThat(owner.path("name").asText()).isEqualTo(NODE);
        assertThat(owner.path("uid").asText())
                .isEqualTo(node().at("/metadata/uid").asText());
        assertThat(owner.path("controller").asBoolean()).isTrue();
        assertThat(mirror.at("/spec/nodeName").asText()).isEqualTo(NODE);
        assertThat(mirror.at("/spec/tolerations").toString())
                .contains("{\"effect\":\"NoExecute\",\"operator\":\"Exists\"}");
        assertThat(mirror.at("/status/phase").asText()).isEqualTo("Running");
        assertThat(mirror.at("/status/containerStatuses/0/containerID").asText())
                .startsWith("process://");
        long pid = pidOf("sleep 3603");
        assertThat(ProcessHandle.current().descendants().filter(p -> commandLineContains(p, "sleep 3603")))
                .as("the mirror pod is not run as a pod of its own")
                .hasSize(1);

        // Hidden files, other extensions and broken manifests give no pods, and break nothing.
        assertThat(http.get("/api/v1/namespaces/" + NAMESPACE + "/pods/hidden-" + NODE)
                        .code())
                .isEqualTo(404);
        assertThat(http.get("/api/v1/namespaces/" + NAMESPACE + "/pods/notes-" + NODE)
                        .code())
                .isEqualTo(404);
        assertThat(processWith("sleep 3601")).isEmpty();

        // kubectl lists it like any pod.
        Kubectl kubectl = Kubectl.against(apiServer.baseUrl(), Files.createDirectories(root.resolve("kubectl")));
        Kubectl.Result listed = kubectl.run("get", "pods", "-n", NAMESPACE);
        assertThat(listed.exitCode()).as(listed.stderr()).isZero();
        assertThat(listed.stdout()).containsPattern(MIRROR + "\\s+1/1\\s+Running\\s+0");
        Kubectl.Result logs = kubectl.run("logs", "-n", NAMESPACE, MIRROR);
        assertThat(logs.exitCode()).as(logs.stderr()).isZero();
        assertThat(logs.stdout()).isEqualTo("v1\n");

        // Deleting the mirror pod through the API only makes the kubelet create it again.
        String containerId =
                mirror.at("/status/containerStatuses/0/containerID").asText();
        String firstMirrorUid = mirror.at("/metadata/uid").asText();
        assertThat(http.delete(MIRROR_PATH).code()).isEqualTo(200);
        JsonNode recreated = awaitMirror(pod ->
                !firstMirrorUid.equals(pod.at("/metadata/uid").asText()) && "True".equals(condition(pod, "Ready")));
        assertThat(recreated
                        .at("/metadata/annotations/kubernetes.io~1config.mirror")
                        .asText())
                .isEqualTo(hash);
        assertThat(recreated.at("/status/containerStatuses/0/containerID").asText())
                .isEqualTo(containerId);
        assertThat(recreated.at("/status/containerStatuses/0/restartCount").asInt())
                .isZero();
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).contains(true);

        // A changed manifest is a new pod: the old one stops, the new one runs, the mirror follows.
        write("web.yaml", manifest("web", "echo v2; exec sleep 3604"));
        JsonNode edited = awaitMirror(pod -> !hash.equals(pod.at("/metadata/annotations/kubernetes.io~1config.mirror")
                        .asText())
                && "True".equals(condition(pod, "Ready")));
        assertThat(edited.at("/spec/containers/0/command/2").asText()).isEqualTo("echo v2; exec sleep 3604");
        assertThat(edited.at("/status/containerStatuses/0/containerID").asText())
                .isNotEqualTo(containerId);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
        long editedPid = pidOf("sleep 3604");

        // A removed manifest stops the pod, and its mirror goes.
        Files.delete(manifests.resolve("web.yaml"));
        await().atMost(Duration.ofSeconds(30)).until(() -> http.get(MIRROR_PATH).code() == 404);
        await().atMost(Duration.ofSeconds(20))
                .until(() ->
                        !ProcessHandle.of(editedPid).map(ProcessHandle::isAlive).orElse(false));
    }

    private static String manifest(String name, String script) {
        return """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: %s
                  namespace: %s
                  labels:
                    app: %s
                spec:
                  terminationGracePeriodSeconds: 2
                  containers:
                  - name: main
                    image: busybox:1.36
                    command: ["sh", "-c", "%s"]
                """.formatted(name, NAMESPACE, name, script);
    }

    /** Writes a manifest as editors and config tools do: a temporary file renamed into place. */
    private static void write(String name, String content) throws Exception {
        Path temporary = Files.writeString(manifests.resolve(".tmp-" + name), content);
        Files.move(temporary, manifests.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    private static JsonNode awaitMirror(Predicate<JsonNode> condition) {
        JsonNode[] found = new JsonNode[1];
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    KubeHttp.Reply reply = http.get(MIRROR_PATH);
                    if (reply.code() != 200 || !condition.test(reply.body())) {
                        return false;
                    }
                    found[0] = reply.body();
                    return true;
                });
        return found[0];
    }

    private static JsonNode node() {
        return http.get("/api/v1/nodes/" + NODE).body();
    }

    private static String condition(JsonNode pod, String type) {
        for (JsonNode condition : pod.at("/status/conditions")) {
            if (type.equals(condition.path("type").asText())) {
                return condition.path("status").asText();
            }
        }
        return "";
    }

    private static long pidOf(String commandLine) {
        await().atMost(Duration.ofSeconds(20))
                .until(() -> processWith(commandLine).isPresent());
        return processWith(commandLine).orElseThrow();
    }

    private static Optional<Long> processWith(String commandLine) {
        return ProcessHandle.current()
                .descendants()
                .filter(p -> commandLineContains(p, commandLine))
                .map(ProcessHandle::pid)
                .findFirst();
    }

    private static boolean commandLineContains(ProcessHandle process, String text) {
        return process.info().commandLine().map(c -> c.contains(text)).orElse(false);
    }
}
