package io.skiff.apiserver.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.skiff.apiserver.testing.ApiServerInstance;
import io.skiff.apiserver.testing.KubeHttp;
import io.skiff.apiserver.testing.Kubectl;
import io.skiff.apiserver.testing.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real kubectl's everyday workflow with no flags beyond the kubeconfig: typed create commands
 * (sent as protobuf), create/apply from manifests (strict validation through OpenAPI, client-side
 * apply through strategic merge patch), server-printed tables, explain, scale and delete.
 */
class KubectlWorkflowEndToEndTest {

    private static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
              namespace: work
              labels: {app: web}
            spec:
              replicas: 2
              selector:
                matchLabels: {app: web}
              template:
                metadata:
                  labels: {app: web}
                spec:
                  containers:
                  - name: web
                    image: nginx:1.27
                    env:
                    - {name: MODE, value: fast}
                    - {name: DEBUG, value: "1"}
            """;

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
        assertThat(kubectl.run("create", "namespace", "work").exitCode()).isZero();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void typedCreateCommandsWork() {
        Kubectl.Result configMap = kubectl.run(
                "-n", "work", "create", "configmap", "settings", "--from-literal=mode=fast", "--from-literal=size=3");
        assertThat(configMap.exitCode()).as(configMap.stderr()).isZero();
        assertThat(configMap.out()).isEqualTo("configmap/settings created");
        assertThat(http.get("/api/v1/namespaces/work/configmaps/settings").text("/data/size"))
                .isEqualTo("3");

        Kubectl.Result secret =
                kubectl.run("-n", "work", "create", "secret", "generic", "creds", "--from-literal=password=s3cret");
        assertThat(secret.exitCode()).as(secret.stderr()).isZero();
        assertThat(http.get("/api/v1/namespaces/work/secrets/creds").text("/data/password"))
                .isEqualTo("czNjcmV0");

        Kubectl.Result deployment =
                kubectl.run("-n", "work", "create", "deployment", "api", "--image=busybox:1.36", "--replicas=3");
        assertThat(deployment.exitCode()).as(deployment.stderr()).isZero();
        KubeHttp.Reply api = http.get("/apis/apps/v1/namespaces/work/deployments/api");
        assertThat(api.body().at("/spec/replicas").asInt()).isEqualTo(3);
        assertThat(api.text("/spec/template/spec/containers/0/image")).isEqualTo("busybox:1.36");
        assertThat(api.text("/spec/strategy/type")).isEqualTo("RollingUpdate");
    }

    @Test
    void getPrintsTheColumnsKubernetesPrints() {
        Kubectl.Result namespaces = kubectl.run("get", "namespaces");
        assertThat(namespaces.stdout().lines().findFirst().orElse("")).matches("NAME\\s+STATUS\\s+AGE");
        assertThat(namespaces.stdout()).containsPattern("kube-system\\s+Active\\s+\\d+");
        http.post(
                "/api/v1/namespaces/work/configmaps",
                "{\"metadata\":{\"name\":\"two-keys\"},\"data\":{\"a\":\"1\",\"b\":\"2\"}}");
        Kubectl.Result configMaps = kubectl.run("-n", "work", "get", "configmap", "two-keys");
        assertThat(configMaps.stdout())
                .containsPattern("NAME\\s+DATA\\s+AGE")
                .containsPattern("two-keys\\s+2\\s+\\d+s");
    }

    @Test
    void createApplyAndReapplyAManifest() throws Exception {
        Path manifest = work.resolve("web.yaml");
        Files.writeString(manifest, DEPLOYMENT);
        Kubectl.Result applied = kubectl.run("apply", "-f", manifest.toString());
        assertThat(applied.exitCode()).as(applied.stderr()).isZero();
        assertThat(applied.out()).isEqualTo("deployment.apps/web created");
        KubeHttp.Reply created = http.get("/apis/apps/v1/namespaces/work/deployments/web");
        assertThat(created.body().at("/metadata/annotations").has("kubectl.kubernetes.io/last-applied-configuration"))
                .isTrue();

        // Re-apply with a changed image and one env var removed: a strategic merge patch.
        Files.writeString(
                manifest,
                DEPLOYMENT.replace("nginx:1.27", "nginx:1.28").replace("    - {name: DEBUG, value: \"1\"}\n", ""));
        Kubectl.Result reapplied = kubectl.run("apply", "-f", manifest.toString());
        assertThat(reapplied.exitCode()).as(reapplied.stderr()).isZero();
        assertThat(reapplied.out()).isEqualTo("deployment.apps/web configured");
        KubeHttp.Reply updated = http.get("/apis/apps/v1/namespaces/work/deployments/web");
        assertThat(updated.text("/spec/template/spec/containers/0/image")).isEqualTo("nginx:1.28");
        assertThat(updated.body().at("/spec/template/spec/containers/0/env").findValuesAsText("name"))
                .containsExactly("MODE");
        assertThat(updated.body().at("/metadata/generation").asInt()).isEqualTo(2);

        Kubectl.Result unchanged = kubectl.run("apply", "-f", manifest.toString());
        assertThat(unchanged.out()).isEqualTo("deployment.apps/web unchanged");

        Kubectl.Result scaled = kubectl.run("-n", "work", "scale", "deployment", "web", "--replicas=4");
        assertThat(scaled.exitCode()).as(scaled.stderr()).isZero();
        assertThat(http.get("/apis/apps/v1/namespaces/work/deployments/web")
                        .body()
                        .at("/spec/replicas")
                        .asInt())
                .isEqualTo(4);

        Kubectl.Result deleted = kubectl.run("delete", "-f", manifest.toString());
        assertThat(deleted.exitCode()).as(deleted.stderr()).isZero();
        assertThat(http.get("/apis/apps/v1/namespaces/work/deployments/web").code())
                .isEqualTo(404);
    }

    @Test
    void createFromAManifestRejectsUnknownFields() throws Exception {
        Path manifest = work.resolve("bad.yaml");
        Files.writeString(manifest, """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: typo
                  namespace: work
                dataa:
                  k: v
                """);
        Kubectl.Result created = kubectl.run("create", "-f", manifest.toString());
        assertThat(created.exitCode()).isNotZero();
        assertThat(created.stderr()).contains("unknown field \"dataa\"");
        assertThat(http.get("/api/v1/namespaces/work/configmaps/typo").code()).isEqualTo(404);
    }

    @Test
    void explainReadsTheOpenApiSchema() {
        Kubectl.Result explain = kubectl.run("explain", "deployment.spec.replicas");
        assertThat(explain.exitCode()).as(explain.stderr()).isZero();
        assertThat(explain.stdout())
                .contains("GROUP:      apps")
                .contains("KIND:       Deployment")
                .contains("replicas");
    }

    @Test
    void diffShowsWhatWouldChange() throws Exception {
        http.post(
                "/api/v1/namespaces/work/configmaps", "{\"metadata\":{\"name\":\"diffed\"},\"data\":{\"k\":\"old\"}}");
        Path manifest = work.resolve("diffed.yaml");
        Files.writeString(
                manifest,
                "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: diffed, namespace: work}\ndata: {k: new}\n");
        Kubectl.Result diff = kubectl.run("diff", "-f", manifest.toString());
        assertThat(diff.exitCode()).as(diff.stderr()).isEqualTo(1);
        assertThat(diff.stdout()).contains("-  k: old").contains("+  k: new");
        assertThat(http.get("/api/v1/namespaces/work/configmaps/diffed").text("/data/k"))
                .isEqualTo("old");
    }
}
