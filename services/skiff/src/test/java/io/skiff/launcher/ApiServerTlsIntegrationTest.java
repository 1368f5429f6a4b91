package io.skiff.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Namespace;
import io.skiff.apiserver.pki.CertificateFiles;
import io.skiff.apiserver.pki.ClusterPki;
import io.skiff.apiserver.testing.ApiServerInstance;
import io.skiff.apiserver.testing.Kubectl;
import io.skiff.apiserver.testing.TestPostgres;
import io.skiff.component.client.ApiClientProperties;
import io.skiff.component.client.ApiClientProperties.RetrySettings;
import io.skiff.component.client.ApiClientProperties.TlsSettings;
import io.skiff.component.client.KubeClient;
import io.skiff.component.client.ListOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API server serving HTTPS with the cluster's certificates, reached by the components' client
 * and by the real kubectl through a kubeconfig carrying the CA and the admin's client certificate.
 */
class ApiServerTlsIntegrationTest {

    @TempDir
    static Path work;

    private static ClusterPki pki;
    private static CertificateFiles admin;
    private static ApiServerInstance apiServer;
    private static String httpsUrl;

    @BeforeAll
    static void start() {
        pki = ClusterPki.open(work.resolve("tls"), Clock.systemUTC());
        admin = pki.client("admin", "system:admin", List.of("system:masters"));
        apiServer = ApiServerInstance.overTls(TestPostgres.newDatabase(), pki);
        httpsUrl = apiServer.httpsUrl();
    }

    @AfterAll
    static void stop() {
        if (apiServer != null) {
            apiServer.close();
        }
    }

    @Test
    void componentsClientTrustsTheClusterAuthority() {
        ApiClientProperties properties = ApiClientProperties.defaults()
                .withUrls(httpsUrl)
                .withTls(new TlsSettings(pki.caCertificate(), admin.certificate(), admin.privateKey()));

        try (KubeClient client = KubeClient.create(properties)) {
            List<String> names =
                    client.namespaces().list(null, ListOptions.all()).block(Duration.ofSeconds(30)).items().stream()
                            .map(Namespace::getMetadata)
                            .map(m -> m.getName())
                            .toList();
            assertThat(names).contains("default", "kube-system");
        }
    }

    @Test
    void componentsClientRefusesAServerItCannotVerify() {
        ApiClientProperties properties = ApiClientProperties.defaults()
                .withUrls(httpsUrl)
                .withRetry(new RetrySettings(1, Duration.ofMillis(10), Duration.ofMillis(10)));

        try (KubeClient client = KubeClient.create(properties)) {
            assertThatThrownBy(() ->
                            client.namespaces().list(null, ListOptions.all()).block(Duration.ofSeconds(30)))
                    .hasStackTraceContaining("PKIX");
        }
    }

    @Test
    void kubectlUsesTheKubeconfigsAuthorityAndClientCertificate() throws Exception {
        Path dir = Files.createDirectories(work.resolve("kubectl"));
        Path kubeconfig = Kubeconfig.write(dir, httpsUrl, new Kubeconfig.Credentials(pki.caCertificate(), admin));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(kubeconfig)))
                .isEqualTo("rw-------");

        Kubectl.Result result = Kubectl.withKubeconfig(kubeconfig, dir).run("get", "namespaces", "-o", "name");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.out()).contains("namespace/default", "namespace/kube-system");
    }

    @Test
    void kubectlAuthWhoamiNamesTheCertificatesUserAndGroups() throws Exception {
        Path dir = Files.createDirectories(work.resolve("kubectl-whoami"));
        Path kubeconfig = Kubeconfig.write(dir, httpsUrl, new Kubeconfig.Credentials(pki.caCertificate(), admin));

        Kubectl.Result result = Kubectl.withKubeconfig(kubeconfig, dir).run("auth", "whoami");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.out().lines().map(String::strip))
                .containsExactly(
                        "ATTRIBUTE   VALUE",
                        "Username    system:admin",
                        "Groups      [system:masters system:authenticated]");
    }

    @Test
    void kubectlTrustingAnotherClustersAuthorityRefusesTheServer() throws Exception {
        Path dir = Files.createDirectories(work.resolve("kubectl-other-cluster"));
        ClusterPki other = ClusterPki.open(work.resolve("other-tls"), Clock.systemUTC());
        Path kubeconfig = Kubeconfig.write(dir, httpsUrl, new Kubeconfig.Credentials(other.caCertificate(), admin));

        Kubectl.Result result = Kubectl.withKubeconfig(kubeconfig, dir).run("get", "namespaces", "-o", "name");

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stderr()).contains("certificate signed by unknown authority");
    }
}
