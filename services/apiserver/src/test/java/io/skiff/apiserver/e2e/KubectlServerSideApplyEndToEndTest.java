package io.skiff.apiserver.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.skiff.apiserver.testing.ApiServerInstance;
import io.skiff.apiserver.testing.KubeHttp;
import io.skiff.apiserver.testing.Kubectl;
import io.skiff.apiserver.testing.TestPostgres;
import io.skiff.model.json.KubeJson;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real kubectl's server-side apply: create, update, pruning of fields dropped from the
 * manifest, a conflict with kubectl scale's ownership of the replicas and forcing it; apply through
 * /status and /scale; and moving an object from client-side apply to server-side apply and back.
 */
class KubectlServerSideApplyEndToEndTest {

    private static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

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
        return deployment("web", labels, replicas, image);
    }

    private static String deployment(String name, String labels, int replicas, String image) {
        return """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: %s
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
                """.formatted(name, labels, replicas, image);
    }

    /** The managedFields entry of one manager (and subresource, or none), or a missing node. */
    private static JsonNode entry(JsonNode object, String manager, String subresource) {
        for (JsonNode entry : object.at("/metadata/managedFields")) {
            if (entry.path("manager").asText().equals(manager)
                    && entry.path("subresource").asText("").equals(subresource == null ? "" : subresource)) {
                return entry;
            }
        }
        return MissingNode.getInstance();
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

    @Test
    void applyThroughStatusOwnsTheStatusOnly() throws Exception {
        String path = "/apis/apps/v1/namespaces/ssa/deployments/status-web";
        Path manifest = work.resolve("status-web.yaml");
        Files.writeString(manifest, deployment("status-web", "{app: web}", 2, "nginx:1.27"));
        assertThat(apply(manifest).exitCode()).isZero();

        Path status = work.resolve("status.yaml");
        // The spec in it is not the status subresource's to change, as in Kubernetes.
        Files.writeString(status, """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: status-web
                  namespace: ssa
                spec:
                  replicas: 9
                status:
                  replicas: 2
                  conditions:
                  - type: Available
                    status: "True"
                    reason: MinimumReplicasAvailable
                """);
        Kubectl.Result applied = apply(status, "--subresource=status", "--field-manager=ctl");
        assertThat(applied.exitCode()).as(applied.stderr()).isZero();
        assertThat(applied.out()).isEqualTo("deployment.apps/status-web serverside-applied");

        JsonNode live = http.get(path).body();
        assertThat(live.at("/status/replicas").asInt()).isEqualTo(2);
        assertThat(live.at("/status/conditions/0/type").asText()).isEqualTo("Available");
        assertThat(live.at("/spec/replicas").asInt()).as("spec untouched").isEqualTo(2);
        JsonNode ctl = entry(live, "ctl", "status");
        assertThat(ctl.path("operation").asText()).isEqualTo("Apply");
        assertThat(ctl.path("fieldsV1").fieldNames()).toIterable().containsExactly("f:status");
        assertThat(ctl.at("/fieldsV1/f:status/f:conditions").has("k:{\"type\":\"Available\"}"))
                .isTrue();
        assertThat(entry(live, "kubectl", null).path("fieldsV1").has("f:status"))
                .isFalse();

        Files.writeString(status, Files.readString(status).replace("replicas: 2", "replicas: 3"));
        Kubectl.Result conflict = apply(status, "--subresource=status", "--field-manager=other");
        assertThat(conflict.exitCode()).isNotZero();
        assertThat(conflict.stderr())
                .contains("Apply failed with 1 conflict: conflict with \"ctl\" with subresource \"status\":"
                        + " .status.replicas");
        assertThat(http.get(path).text("/status/replicas")).isEqualTo("2");
    }

    @Test
    void applyThroughScaleOwnsTheReplicasOfTheWorkload() throws Exception {
        String path = "/apis/apps/v1/namespaces/ssa/deployments/scaled";
        Path manifest = work.resolve("scaled.yaml");
        Files.writeString(manifest, deployment("scaled", "{app: web}", 2, "nginx:1.27"));
        assertThat(apply(manifest).exitCode()).isZero();
        String scale = """
                apiVersion: autoscaling/v1
                kind: Scale
                metadata:
                  name: scaled
                  namespace: ssa
                spec:
                  replicas: %s
                """;

        // kubectl validates a Scale against the protobuf /openapi/v2 (no OpenAPI v3 document has a
        // patch of it), then finds no resource of kind Scale to map it to, as against kube-apiserver.
        Path scaleManifest = work.resolve("scale.yaml");
        Files.writeString(scaleManifest, scale.formatted("5\n  bogus: 1"));
        Kubectl.Result invalid = apply(scaleManifest, "--subresource=scale");
        assertThat(invalid.exitCode()).isNotZero();
        assertThat(invalid.stderr()).contains("unknown field \"bogus\" in io.k8s.api.autoscaling.v1.ScaleSpec");
        Files.writeString(scaleManifest, scale.formatted("5"));
        Kubectl.Result unmapped = apply(scaleManifest, "--subresource=scale");
        assertThat(unmapped.exitCode()).isNotZero();
        assertThat(unmapped.stderr())
                .doesNotContain("error validating")
                .contains("no matches for kind \"Scale\" in version \"autoscaling/v1\"");
        // A workload's manifest does map, but is not a Scale.
        Kubectl.Result notAScale = apply(manifest, "--subresource=scale");
        assertThat(notAScale.exitCode()).isNotZero();
        assertThat(notAScale.stderr())
                .contains("Incorrect version specified in apply patch. Specified patch version: apps/v1, expected:"
                        + " autoscaling/v1");

        // What client-go's ApplyScale sends.
        String applyScale = path + "/scale?fieldManager=hpa&fieldValidation=Strict";
        KubeHttp.Reply conflict = http.patch(applyScale, scale.formatted("5"), "application/apply-patch+yaml");
        assertThat(conflict.code()).isEqualTo(409);
        assertThat(conflict.text("/message"))
                .isEqualTo("Apply failed with 1 conflict: conflict with \"kubectl\": .spec.replicas");
        KubeHttp.Reply forced =
                http.patch(applyScale + "&force=true", scale.formatted("5"), "application/apply-patch+yaml");
        assertThat(forced.code()).as(forced.body().toString()).isEqualTo(200);
        assertThat(forced.text("/kind")).isEqualTo("Scale");
        assertThat(forced.text("/spec/replicas")).isEqualTo("5");

        JsonNode live = http.get(path).body();
        assertThat(live.at("/spec/replicas").asInt()).isEqualTo(5);
        JsonNode hpa = entry(live, "hpa", "scale");
        assertThat(hpa.path("operation").asText()).isEqualTo("Apply");
        assertThat(hpa.path("apiVersion").asText()).isEqualTo("apps/v1");
        assertThat(hpa.path("fieldsV1")).isEqualTo(KubeJson.mapper().readTree("{\"f:spec\":{\"f:replicas\":{}}}"));
        assertThat(entry(live, "kubectl", null).at("/fieldsV1/f:spec").has("f:replicas"))
                .as("taken from kubectl")
                .isFalse();

        Kubectl.Result reapplied = apply(manifest);
        assertThat(reapplied.exitCode()).isNotZero();
        assertThat(reapplied.stderr())
                .contains("Apply failed with 1 conflict: conflict with \"hpa\" with subresource \"scale\":"
                        + " .spec.replicas");
    }

    @Test
    void clientSideApplyToServerSideApplyAndBack() throws Exception {
        String path = "/apis/apps/v1/namespaces/ssa/deployments/moved";
        Path manifest = work.resolve("moved.yaml");
        Files.writeString(manifest, deployment("moved", "{app: web, tier: front}", 2, "nginx:1.27"));
        Kubectl.Result created = kubectl.run("apply", "-f=" + manifest);
        assertThat(created.exitCode()).as(created.stderr()).isZero();
        assertThat(created.out()).isEqualTo("deployment.apps/moved created");
        assertThat(entry(http.get(path).body(), "kubectl-client-side-apply", null)
                        .path("operation")
                        .asText())
                .isEqualTo("Update");

        // A changed image and a dropped label: no conflict with kubectl's own client-side apply, and
        // after kubectl hands client-side apply's fields to its apply, the label is gone.
        Files.writeString(manifest, deployment("moved", "{app: web, extra: x}", 2, "nginx:1.28"));
        Kubectl.Result serverSide = apply(manifest);
        assertThat(serverSide.exitCode()).as(serverSide.stderr()).isZero();
        assertThat(serverSide.out()).isEqualTo("deployment.apps/moved serverside-applied");
        assertThat(serverSide.stderr()).doesNotContain("Warning");
        JsonNode live = http.get(path).body();
        assertThat(live.at("/spec/template/spec/containers/0/image").asText()).isEqualTo("nginx:1.28");
        assertThat(live.at("/metadata/labels"))
                .isEqualTo(KubeJson.mapper().readTree("{\"app\":\"web\",\"extra\":\"x\"}"));
        assertThat(live.at("/metadata/managedFields").findValuesAsText("manager"))
                .containsExactlyInAnyOrder("kubectl", "kubectl-last-applied");
        assertThat(entry(live, "kubectl", null).path("operation").asText()).isEqualTo("Apply");
        String lastApplied = live.at("/metadata/annotations").path(LAST_APPLIED).asText();
        assertThat(KubeJson.mapper()
                        .readTree(lastApplied)
                        .at("/spec/template/spec/containers/0/image")
                        .asText())
                .as("kept up to date by server-side apply")
                .isEqualTo("nginx:1.28");

        // Back to client-side apply: its three-way merge sees the server-side manifest as last applied,
        // so a label dropped from the manifest is removed.
        Files.writeString(manifest, deployment("moved", "{app: web, team: a}", 3, "nginx:1.28"));
        Kubectl.Result clientSide = kubectl.run("apply", "-f=" + manifest);
        assertThat(clientSide.exitCode()).as(clientSide.stderr()).isZero();
        assertThat(clientSide.out()).isEqualTo("deployment.apps/moved configured");
        live = http.get(path).body();
        assertThat(live.at("/metadata/labels"))
                .isEqualTo(KubeJson.mapper().readTree("{\"app\":\"web\",\"team\":\"a\"}"));
        assertThat(live.at("/spec/replicas").asInt()).isEqualTo(3);
        assertThat(entry(live, "kubectl-client-side-apply", null)
                        .path("operation")
                        .asText())
                .isEqualTo("Update");
    }
}
