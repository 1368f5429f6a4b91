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
 * The real kubectl's server-side apply: create, update, pruning of fields dropped from the
 * manifest, a conflict with kubectl scale's ownership of the replicas and forcing it.
 */
class KubectlServerSideApplyEndToEndTest {

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
        assertThat(kubectl.run("create", "namespace", "ssa").exitCode()).isZero();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static String deployment(String labels, int replicas, String image) {
        return """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: web
                  namespace: ssa
                  labels: %s
                spec:
                  replicas: %d
                  selector:
                    matchLabels: {app: web}
                  template:
                    metadata:
                      labels: {app: web}
                    spec:
                      containers:
                      - name: web
                        image: %s
                """.formatted(labels, replicas, image);
    }

    private static Kubectl.Result apply(Path manifest, String... flags) {
        String[] args = new String[3 + flags.length];
        args[0] = "apply";
        args[1] = "--server-side";
        args[2] = "-f=" + manifest;
        System.arraycopy(flags, 0, args, 3, flags.length);
        return kubectl.run(args);
    }

    @Test
    void applyUpdatePruneConflictAndForce() throws Exception {
        Path manifest = work.resolve("deployment.yaml");
        String path = "/apis/apps/v1/namespaces/ssa/deployments/web";

        Files.writeString(manifest, deployment("{app: web, tier: front}", 2, "nginx:1.27"));
        Kubectl.Result created = apply(manifest);
        assertThat(created.exitCode()).as(created.stderr()).isZero();
        assertThat(created.out()).isEqualTo("deployment.apps/web serverside-applied");
        assertThat(http.get(path).text("/spec/template/spec/containers/0/imagePullPolicy"))
                .as("created through the ordinary create path, with defaults")
                .isEqualTo("IfNotPresent");

        Files.writeString(manifest, deployment("{app: web}", 2, "nginx:1.28"));
        Kubectl.Result updated = apply(manifest);
        assertThat(updated.exitCode()).as(updated.stderr()).isZero();
        KubeHttp.Reply live = http.get(path);
        assertThat(live.text("/spec/template/spec/containers/0/image")).isEqualTo("nginx:1.28");
        assertThat(live.body().at("/metadata/labels").has("tier"))
                .as("a label dropped from the manifest is removed")
                .isFalse();

        Kubectl.Result scaled = kubectl.run("-n", "ssa", "scale", "deployment", "web", "--replicas=4");
        assertThat(scaled.exitCode()).as(scaled.stderr()).isZero();

        Files.writeString(manifest, deployment("{app: web}", 3, "nginx:1.28"));
        Kubectl.Result conflict = apply(manifest);
        assertThat(conflict.exitCode()).isNotZero();
        // kubectl scale names no fieldManager: it owns the replicas as its User-Agent, "kubectl", through /scale.
        assertThat(conflict.stderr())
                .contains("Apply failed with 1 conflict: conflict with \"kubectl\" with subresource \"scale\""
                        + " using apps/v1: .spec.replicas");
        assertThat(http.get(path).text("/spec/replicas")).isEqualTo("4");

        Kubectl.Result forced = apply(manifest, "--force-conflicts");
        assertThat(forced.exitCode()).as(forced.stderr()).isZero();
        assertThat(http.get(path).text("/spec/replicas")).isEqualTo("3");

        Kubectl.Result shown =
                kubectl.run("-n", "ssa", "get", "deployment", "web", "-o", "yaml", "--show-managed-fields");
        assertThat(shown.exitCode()).as(shown.stderr()).isZero();
        assertThat(shown.stdout())
                .contains("manager: kubectl\n", "operation: Apply", "f:replicas: {}", "k:{\"name\":\"web\"}:");
    }
}
