package io.skiff.apiserver.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.skiff.apiserver.testing.ApiServerInstance;
import io.skiff.apiserver.testing.KubeHttp;
import io.skiff.apiserver.testing.Kubectl;
import io.skiff.apiserver.testing.TestPostgres;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real kubectl against a real Skiff API server: reading, selecting, labelling, patching,
 * watching and deleting, asserting on kubectl's output and on the objects that result.
 */
class KubectlBasicsEndToEndTest {

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
        http.createNamespace("shop");
        for (String name : List.of("alpha", "beta")) {
            http.post(
                    "/api/v1/namespaces/shop/configmaps",
                    "{\"metadata\":{\"name\":\"" + name + "\",\"labels\":{\"tier\":\""
                            + (name.equals("alpha") ? "web" : "db") + "\"}},\"data\":{\"k\":\"v\"}}");
        }
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void versionReportsTheServer() {
        Kubectl.Result version = kubectl.run("version");
        assertThat(version.exitCode()).as(version.stderr()).isZero();
        assertThat(version.stdout()).contains("Server Version: v1.32");
    }

    @Test
    void apiResourcesAndVersionsComeFromDiscovery() {
        Kubectl.Result resources = kubectl.run("api-resources");
        assertThat(resources.exitCode()).as(resources.stderr()).isZero();
        assertThat(resources.stdout()).containsPattern("deployments\\s+deploy\\s+apps/v1\\s+true\\s+Deployment");
        assertThat(resources.stdout()).containsPattern("namespaces\\s+ns\\s+v1\\s+false\\s+Namespace");
        Kubectl.Result versions = kubectl.run("api-versions");
        assertThat(versions.stdout().lines()).contains("v1", "apps/v1", "batch/v1", "rbac.authorization.k8s.io/v1");
    }

    @Test
    void authWhoamiWithoutCredentialsIsAnonymous() {
        Kubectl.Result whoami = kubectl.run("auth", "whoami", "-o", "jsonpath={.status.userInfo}");
        assertThat(whoami.exitCode()).as(whoami.stderr()).isZero();
        assertThat(whoami.out())
                .isEqualTo("{\"groups\":[\"system:unauthenticated\"],\"username\":\"system:anonymous\"}");
    }

    @Test
    void getListsWithSelectorsAndOutputFormats() {
        assertThat(kubectl.run("get", "namespaces", "-o", "name").stdout().lines())
                .contains("namespace/default", "namespace/kube-system", "namespace/shop");
        assertThat(kubectl.run("-n", "shop", "get", "configmaps", "-l", "tier=web", "-o", "name")
                        .out())
                .isEqualTo("configmap/alpha");
        assertThat(kubectl.run(
                                "get",
                                "configmaps",
                                "-A",
                                "--field-selector",
                                "metadata.name=beta",
                                "-o",
                                "jsonpath={.items[*].metadata.namespace}")
                        .out())
                .isEqualTo("shop");
        assertThat(kubectl.run("-n", "shop", "get", "configmap", "alpha", "-o", "jsonpath={.data.k}")
                        .out())
                .isEqualTo("v");
        Kubectl.Result yaml = kubectl.run("-n", "shop", "get", "configmap", "alpha", "-o", "yaml");
        assertThat(yaml.stdout()).contains("kind: ConfigMap", "name: alpha", "resourceVersion:", "uid:");
        Kubectl.Result table = kubectl.run("-n", "shop", "get", "configmaps", "--show-labels");
        assertThat(table.stdout()).containsPattern("alpha\\s+.*tier=web");
        Kubectl.Result columns = kubectl.run(
                "-n",
                "shop",
                "get",
                "configmaps",
                "-o",
                "custom-columns=NAME:.metadata.name,TIER:.metadata.labels.tier");
        assertThat(columns.stdout()).containsPattern("beta\\s+db");
    }

    @Test
    void labelAnnotateAndPatchChangeTheObject() {
        assertThat(kubectl.run("-n", "shop", "label", "configmap", "beta", "owner=ops")
                        .exitCode())
                .isZero();
        assertThat(kubectl.run("-n", "shop", "annotate", "configmap", "beta", "note=hello")
                        .exitCode())
                .isZero();
        assertThat(kubectl.run(
                                "-n",
                                "shop",
                                "patch",
                                "configmap",
                                "beta",
                                "--type",
                                "merge",
                                "-p",
                                "{\"data\":{\"extra\":\"1\"}}")
                        .exitCode())
                .isZero();
        assertThat(kubectl.run(
                                "-n",
                                "shop",
                                "patch",
                                "configmap",
                                "beta",
                                "--type",
                                "json",
                                "-p",
                                "[{\"op\":\"remove\",\"path\":\"/data/k\"}]")
                        .exitCode())
                .isZero();
        KubeHttp.Reply beta = http.get("/api/v1/namespaces/shop/configmaps/beta");
        assertThat(beta.text("/metadata/labels/owner")).isEqualTo("ops");
        assertThat(beta.text("/metadata/annotations/note")).isEqualTo("hello");
        assertThat(beta.body().path("data").has("k")).isFalse();
        assertThat(beta.text("/data/extra")).isEqualTo("1");
    }

    @Test
    void watchShowsChangesAsTheyHappen() throws Exception {
        Process watch = kubectl.start("-n", "shop", "get", "configmaps", "--watch-only", "-o", "name");
        try {
            BufferedReader lines =
                    new BufferedReader(new InputStreamReader(watch.getInputStream(), StandardCharsets.UTF_8));
            Thread.sleep(1500);
            http.post("/api/v1/namespaces/shop/configmaps", "{\"metadata\":{\"name\":\"watched\"}}");
            List<String> seen = new ArrayList<>();
            long deadline = System.currentTimeMillis() + 15_000;
            while (System.currentTimeMillis() < deadline && !seen.contains("configmap/watched")) {
                if (lines.ready()) {
                    seen.add(lines.readLine().strip());
                } else {
                    Thread.sleep(50);
                }
            }
            assertThat(seen).contains("configmap/watched");
        } finally {
            watch.destroy();
            watch.waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void deleteWaitsUntilTheObjectIsGone() {
        http.post("/api/v1/namespaces/shop/configmaps", "{\"metadata\":{\"name\":\"doomed\"}}");
        Kubectl.Result deleted = kubectl.run("-n", "shop", "delete", "configmap", "doomed");
        assertThat(deleted.exitCode()).as(deleted.stderr()).isZero();
        assertThat(deleted.out()).isEqualTo("configmap \"doomed\" deleted");
        assertThat(http.get("/api/v1/namespaces/shop/configmaps/doomed").code()).isEqualTo(404);
        Kubectl.Result missing = kubectl.run("-n", "shop", "get", "configmap", "doomed");
        assertThat(missing.exitCode()).isNotZero();
        assertThat(missing.stderr()).contains("Error from server (NotFound): configmaps \"doomed\" not found");
    }
}
