package io.skiff.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import io.skiff.apiserver.testing.ApiServerInstance;
import io.skiff.apiserver.testing.Kubectl;
import io.skiff.apiserver.testing.TestPostgres;
import io.skiff.apiserver.testing.TlsClientContext;
import io.skiff.launcher.SkiffMain;
import io.skiff.launcher.bootstrap.SigningControllerManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The credentials helm/skiff makes, used for real: a real API server runs with the chart's own
 * settings for it (HTTPS with the chart's serving certificate, its token file, its ServiceAccount
 * key, Node and RBAC), and the real controller manager signs with the chart's CA. Each identity the
 * chart hands out is then who the API server says it is (kubectl auth whoami), and a kubelet's init
 * container command (skiff node-certificate with the chart's bootstrap token) gets its node's
 * certificate. Helm's keys are PKCS#1 RSA, which every reader here must take.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class HelmChartCredentialsIntegrationTest {

    @TempDir
    static Path work;

    private static Path pki;
    private static Map<String, String> tokens;
    private static ApiServerInstance apiServer;
    private static ConfigurableApplicationContext controllerManager;
    private static String httpsUrl;

    @BeforeAll
    static void start() throws Exception {
        RenderedChart chart = HelmChartTest.template(UnaryOperator.identity());
        pki = Files.createDirectories(work.resolve("pki"));
        for (var item : HelmChartSecurityTest.secretData(chart, "skiff-pki").entrySet()) {
            Files.writeString(pki.resolve(item.getKey()), item.getValue());
        }
        tokens = HelmChartSecurityTest.secretData(chart, "skiff-tokens");
        Path tokenDir = Files.createDirectories(work.resolve("tokens"));
        Files.writeString(tokenDir.resolve("tokens.csv"), tokens.get("tokens.csv"));
        Files.writeString(tokenDir.resolve("bootstrap-token"), tokens.get("bootstrap-token"));

        List<String> settings = flatten("", HelmChartTest.springConfig(chart, "apiserver")).entrySet().stream()
                .filter(e -> !e.getKey().endsWith(".port") && !e.getKey().contains("advertise-"))
                .map(e -> "--" + e.getKey() + "="
                        + e.getValue()
                                .replace("/etc/skiff-pki", pki.toString())
                                .replace("/etc/skiff-tokens", tokenDir.toString()))
                .toList();
        assertThat(settings).anySatisfy(s -> assertThat(s).startsWith("--server.ssl.certificate="));
        apiServer = ApiServerInstance.onDatabase(TestPostgres.newDatabase(), settings.toArray(String[]::new));
        httpsUrl = apiServer.baseUrl().replace("http://", "https://");

        Map<String, Object> managerConfig = HelmChartTest.springConfig(chart, "controller-manager");
        assertThat(SourceTree.path(managerConfig, "skiff", "controllers", "cluster-signing", "key-file"))
                .isEqualTo("/etc/skiff-pki/ca.key");
        controllerManager = SigningControllerManager.start(
                pki.resolve("ca.crt"),
                pki.resolve("ca.key"),
                "--skiff.apiserver.urls=" + httpsUrl,
                "--skiff.apiserver.tls.certificate-authority=" + pki.resolve("ca.crt"),
                "--skiff.apiserver.tls.client-certificate=" + pki.resolve("controller-manager.crt"),
                "--skiff.apiserver.tls.client-key=" + pki.resolve("controller-manager.key"));
    }

    @AfterAll
    static void stop() {
        if (controllerManager != null) {
            controllerManager.close();
        }
        if (apiServer != null) {
            apiServer.close();
        }
    }

    @Test
    void eachComponentsCertificateIsItsRbacUserAndMayDoOnlyWhatThatUserMay() throws Exception {
        for (var component : Map.of(
                        "scheduler", "system:kube-scheduler",
                        "dns", "system:skiff:cluster-dns",
                        "proxy", "system:kube-proxy",
                        "ingress-controller", "system:skiff:ingress-controller",
                        "apiserver-kubelet-client", "kube-apiserver-kubelet-client")
                .entrySet()) {
            Kubectl kubectl = asCertificate(
                    component.getKey(),
                    pki.resolve(component.getKey() + ".crt"),
                    pki.resolve(component.getKey() + ".key"));
            assertThat(kubectl.run("auth", "whoami", "-o", "jsonpath={.status.userInfo.username}")
                            .out())
                    .as(component.getKey())
                    .isEqualTo(component.getValue());
            assertThat(kubectl.run("auth", "can-i", "create", "clusterrolebindings")
                            .stdout()
                            .strip())
                    .as(component.getKey() + " may not grant itself more")
                    .isEqualTo("no");
        }
        assertThat(asCertificate("scheduler", pki.resolve("scheduler.crt"), pki.resolve("scheduler.key"))
                        .run("auth", "can-i", "create", "pods", "--subresource=binding")
                        .stdout()
                        .strip())
                .isEqualTo("yes");
        assertThat(asCertificate(
                                "apiserver-kubelet-client",
                                pki.resolve("apiserver-kubelet-client.crt"),
                                pki.resolve("apiserver-kubelet-client.key"))
                        .run("auth", "can-i", "create", "nodes", "--subresource=proxy")
                        .stdout()
                        .strip())
                .as("the API servers reach kubelets' exec and logs")
                .isEqualTo("yes");
    }

    @Test
    void theAdminTokenIsAClusterAdministratorAndNoCredentialsAreUnauthorized() throws Exception {
        Kubectl admin = withUser("admin", "    token: " + tokens.get("admin-token"));
        assertThat(admin.run("auth", "whoami", "-o", "jsonpath={.status.userInfo.username} {.status.userInfo.groups}")
                        .out())
                .startsWith("system:admin ")
                .contains("system:masters");
        assertThat(admin.run("auth", "can-i", "*", "*").stdout().strip()).isEqualTo("yes");

        // kubectl without credentials asks for a user name on a 401; ask plainly instead.
        HttpClient anonymous = HttpClient.newBuilder()
                .sslContext(TlsClientContext.of(pki.resolve("ca.crt"), null))
                .build();
        HttpResponse<String> namespaces = anonymous.send(
                HttpRequest.newBuilder(URI.create(httpsUrl + "/api/v1/namespaces"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(namespaces.statusCode()).isEqualTo(401);
        assertThat(namespaces.body()).contains("\"reason\":\"Unauthorized\"");
        HttpResponse<String> ready = anonymous.send(
                HttpRequest.newBuilder(URI.create(httpsUrl + "/readyz")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(ready.statusCode()).as("health stays public").isEqualTo(200);
    }

    @Test
    void aKubeletsInitContainerGetsItsNodesCertificateWithTheBootstrapToken() throws Exception {
        Path dir = work.resolve("node-1/pki");
        int exit = SkiffMain.commandLine()
                .execute(
                        "node-certificate",
                        "--server=" + httpsUrl,
                        "--certificate-authority=" + pki.resolve("ca.crt"),
                        "--token-file=" + work.resolve("tokens/bootstrap-token"),
                        "--node-name=node-1",
                        "--dir=" + dir,
                        "--timeout=PT90S");

        assertThat(exit).isZero();
        Kubectl kubelet = asCertificate("node-1", dir.resolve("client-kubelet.crt"), dir.resolve("client-kubelet.key"));
        assertThat(kubelet.run("auth", "whoami", "-o", "jsonpath={.status.userInfo.username} {.status.userInfo.groups}")
                        .out())
                .isEqualTo("system:node:node-1 [\"system:nodes\",\"system:authenticated\"]");
        Kubectl bootstrap = withUser("bootstrap", "    token: " + tokens.get("bootstrap-token"));
        assertThat(bootstrap.run("auth", "can-i", "list", "pods", "-A").stdout().strip())
                .as("the bootstrap token may ask for certificates, nothing more")
                .isEqualTo("no");
        assertThat(bootstrap
                        .run("auth", "can-i", "create", "certificatesigningrequests")
                        .stdout()
                        .strip())
                .isEqualTo("yes");
    }

    private static Kubectl asCertificate(String name, Path certificate, Path key) throws Exception {
        return withUser(name, "    client-certificate: " + certificate + "\n    client-key: " + key);
    }

    /** kubectl with a kubeconfig for the chart's CA, this test's API server and one user. */
    private static Kubectl withUser(String name, String user) throws Exception {
        Path kubeconfig = work.resolve("kubeconfig-" + name + ".yaml");
        Files.writeString(kubeconfig, """
                apiVersion: v1
                kind: Config
                clusters:
                - name: skiff
                  cluster:
                    server: %s
                    certificate-authority: %s
                users:
                - name: %s
                  user:
                %s
                contexts:
                - name: skiff
                  context: {cluster: skiff, user: %s}
                current-context: skiff
                """.formatted(httpsUrl, pki.resolve("ca.crt"), name, user, name));
        return Kubectl.withKubeconfig(kubeconfig, work);
    }

    /** Nested YAML maps as Spring's dotted property names; lists joined with commas. */
    @SuppressWarnings("unchecked")
    private static Map<String, String> flatten(String prefix, Map<String, Object> map) {
        Map<String, String> flat = new java.util.LinkedHashMap<>();
        map.forEach((key, value) -> {
            String name = prefix.isEmpty() ? key : prefix + "." + key;
            if (value instanceof Map<?, ?> nested) {
                flat.putAll(flatten(name, (Map<String, Object>) nested));
            } else if (value instanceof List<?> list) {
                flat.put(name, list.stream().map(String::valueOf).collect(Collectors.joining(",")));
            } else {
                flat.put(name, String.valueOf(value));
            }
        });
        return flat;
    }
}
