package io.skiff.apiserver.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.skiff.apiserver.testing.ApiServerInstance;
import io.skiff.apiserver.testing.KubeHttp;
import io.skiff.apiserver.testing.Kubectl;
import io.skiff.apiserver.testing.TestPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kubectl commands that watch or select on the server's answers: {@code wait} for a condition, a
 * JSONPath value and deletion; {@code apply --prune} by label; {@code get events --sort-by}.
 */
class KubectlWaitPruneAndEventsEndToEndTest {

    @TempDir
    static Path work;

    private static ApiServerInstance server;
    private static KubeHttp http;
    private static Kubectl kubectl;

    @BeforeAll
    static void start() {
        server = ApiServerInstance.onDatabase(TestPostgres.newDatabase());
        http = new KubeHttp(server.baseUrl());
        kubectl = Kubectl.against(server.baseUrl(), work);
        assertThat(kubectl.run("create", "namespace", "ops").exitCode()).isZero();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void waitReturnsOnceTheConditionIsMet() throws Exception {
        createPod("ready-later");
        Process wait = kubectl.start("-n", "ops", "wait", "--for=condition=Ready", "pod/ready-later", "--timeout=30s");
        Thread.sleep(1_000);
        assertThat(wait.isAlive())
                .as("kubectl wait returned before the condition was met")
                .isTrue();

        KubeHttp.Reply patched = http.patch(
                "/api/v1/namespaces/ops/pods/ready-later/status", """
                {"status":{"conditions":[{"type":"Ready","status":"True","lastTransitionTime":"2026-01-01T00:00:00Z"}]}}""", "application/strategic-merge-patch+json");
        assertThat(patched.code()).isEqualTo(200);

        assertThat(finish(wait)).isEqualTo("pod/ready-later condition met");
        assertThat(wait.exitValue()).isZero();
    }

    @Test
    void waitForAJsonPathValue() throws Exception {
        createPod("phase-watch");
        Process wait = kubectl.start(
                "-n", "ops", "wait", "--for=jsonpath={.status.phase}=Running", "pod/phase-watch", "--timeout=30s");
        Thread.sleep(1_000);
        KubeHttp.Reply patched = http.patch(
                "/api/v1/namespaces/ops/pods/phase-watch/status",
                "{\"status\":{\"phase\":\"Running\"}}",
                "application/merge-patch+json");
        assertThat(patched.code()).as(patched.body().toString()).isEqualTo(200);
        assertThat(patched.text("/status/phase")).isEqualTo("Running");

        assertThat(finish(wait)).isEqualTo("pod/phase-watch condition met");
        assertThat(wait.exitValue()).isZero();
    }

    @Test
    void waitForDeletion() throws Exception {
        assertThat(kubectl.run("-n", "ops", "create", "configmap", "doomed").exitCode())
                .isZero();
        Process wait = kubectl.start("-n", "ops", "wait", "--for=delete", "configmap/doomed", "--timeout=30s");
        Thread.sleep(1_000);
        assertThat(http.delete("/api/v1/namespaces/ops/configmaps/doomed").code())
                .isEqualTo(200);

        assertThat(finish(wait)).isEqualTo("configmap/doomed condition met");
        assertThat(wait.exitValue()).isZero();
    }

    @Test
    void waitTimesOutWhenTheConditionNeverComes() {
        createPod("never-ready");
        Kubectl.Result wait =
                kubectl.run("-n", "ops", "wait", "--for=condition=Ready", "pod/never-ready", "--timeout=2s");
        assertThat(wait.exitCode()).isNotZero();
        assertThat(wait.stderr()).contains("timed out waiting for the condition on pods/never-ready");
    }

    @Test
    void applyPruneDeletesWhatLeftTheManifests() throws Exception {
        Path dir = Files.createDirectories(work.resolve("prune"));
        Files.writeString(dir.resolve("a.yaml"), labelledConfigMap("keep-a"));
        Files.writeString(dir.resolve("b.yaml"), labelledConfigMap("drop-b"));
        Kubectl.Result first = kubectl.run("-n", "ops", "apply", "-f", dir.toString(), "-l", "pruned=yes", "--prune");
        assertThat(first.exitCode()).as(first.stderr()).isZero();
        assertThat(first.out()).contains("configmap/keep-a created", "configmap/drop-b created");
        // An object with the label that was never in the manifests is pruned too; one without it is not.
        assertThat(kubectl.run("-n", "ops", "create", "configmap", "unlabelled").exitCode())
                .isZero();

        Files.delete(dir.resolve("b.yaml"));
        Kubectl.Result second = kubectl.run("-n", "ops", "apply", "-f", dir.toString(), "-l", "pruned=yes", "--prune");
        assertThat(second.exitCode()).as(second.stderr()).isZero();
        assertThat(second.out()).contains("configmap/keep-a unchanged", "configmap/drop-b pruned");

        assertThat(http.get("/api/v1/namespaces/ops/configmaps/drop-b").code()).isEqualTo(404);
        assertThat(http.get("/api/v1/namespaces/ops/configmaps/keep-a").code()).isEqualTo(200);
        assertThat(http.get("/api/v1/namespaces/ops/configmaps/unlabelled").code())
                .isEqualTo(200);
    }

    @Test
    void getEventsSortedByLastTimestamp() {
        // Created newest first, so the sorted order differs from the order of creation and of names.
        postEvent("c-newest", "Pulled", "2026-03-03T10:00:00Z");
        postEvent("a-oldest", "Scheduled", "2026-03-01T10:00:00Z");
        postEvent("b-middle", "Pulling", "2026-03-02T10:00:00Z");

        Kubectl.Result sorted = kubectl.run("-n", "ops", "get", "events", "--sort-by=.lastTimestamp");
        assertThat(sorted.exitCode()).as(sorted.stderr()).isZero();
        List<String> lines = sorted.out().lines().toList();
        assertThat(lines.get(0)).startsWith("LAST SEEN").contains("TYPE", "REASON", "OBJECT", "MESSAGE");
        assertThat(lines.subList(1, lines.size()))
                .extracting(line -> line.split("\\s+")[2])
                .containsExactly("Scheduled", "Pulling", "Pulled");

        Kubectl.Result byName = kubectl.run(
                "-n", "ops", "get", "events", "--sort-by=.metadata.name", "-o", "custom-columns=NAME:.metadata.name");
        assertThat(byName.out().lines().toList()).containsExactly("NAME", "a-oldest", "b-middle", "c-newest");
    }

    private static void createPod(String name) {
        KubeHttp.Reply created = http.post("/api/v1/namespaces/ops/pods", """
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"%s"},
                 "spec":{"containers":[{"name":"main","image":"busybox:1.36"}]}}""".formatted(name));
        assertThat(created.code()).isEqualTo(201);
    }

    private static void postEvent(String name, String reason, String lastTimestamp) {
        KubeHttp.Reply created = http.post(
                "/api/v1/namespaces/ops/events", """
                {"apiVersion":"v1","kind":"Event","metadata":{"name":"%s"},
                 "involvedObject":{"kind":"Pod","namespace":"ops","name":"web-1","apiVersion":"v1"},
                 "reason":"%s","message":"%s web-1","type":"Normal","count":1,
                 "source":{"component":"kubelet"},
                 "firstTimestamp":"%s","lastTimestamp":"%s"}""".formatted(name, reason, reason, lastTimestamp, lastTimestamp));
        assertThat(created.code()).as(created.body().toString()).isEqualTo(201);
    }

    private static String labelledConfigMap(String name) {
        return """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: %s
                  labels: {pruned: "yes"}
                data: {k: v}
                """.formatted(name);
    }

    /** Waits (bounded) for a started kubectl to exit and returns its output, trimmed. */
    private static String finish(Process process) throws InterruptedException, IOException {
        if (!process.waitFor(40, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("kubectl did not exit within 40 s; it said: "
                    + new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        }
        return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    }
}
