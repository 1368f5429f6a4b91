package io.skiff.launcher.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequest;
import io.skiff.apiserver.pki.CertificateFiles;
import io.skiff.apiserver.pki.ClusterPki;
import io.skiff.apiserver.pki.PemFiles;
import io.skiff.apiserver.testing.ApiServerInstance;
import io.skiff.apiserver.testing.TestPostgres;
import io.skiff.component.client.ApiClientProperties;
import io.skiff.component.client.ApiClientProperties.TlsSettings;
import io.skiff.component.client.KubeClient;
import io.skiff.component.client.ListOptions;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The bootstrap with no human in the loop, over HTTPS: the agent's bootstrap identity is a client
 * certificate for {@code system:bootstrap:abcdef} in {@code system:bootstrappers:skiff:agents} (the
 * identity a join token gives, presented here as a certificate). The real csrapproving controller
 * approves the request after a SubjectAccessReview, the real csrsigning controller signs it, and the
 * agent then reaches the API server with its new certificate as {@code system:node:agent-1}.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class NodeClientCertificateAutoApprovalIntegrationTest {

    @TempDir
    static Path work;

    private static ClusterPki pki;
    private static ApiServerInstance apiServer;
    private static ConfigurableApplicationContext controllerManager;
    private static String httpsUrl;

    @BeforeAll
    static void start() {
        pki = ClusterPki.open(work.resolve("pki"), Clock.systemUTC());
        CertificateFiles controllers = pki.client("controller-manager", "system:kube-controller-manager", List.of());
        apiServer = ApiServerInstance.overTls(TestPostgres.newDatabase(), pki);
        httpsUrl = apiServer.httpsUrl();
        controllerManager = SigningControllerManager.start(
                pki,
                "--skiff.apiserver.urls=" + httpsUrl,
                "--skiff.apiserver.tls.certificate-authority=" + pki.caCertificate(),
                "--skiff.apiserver.tls.client-certificate=" + controllers.certificate(),
                "--skiff.apiserver.tls.client-key=" + controllers.privateKey());
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
    void anAgentInTheAgentsGroupIsApprovedAndSignedWithoutAnyone() throws Exception {
        CertificateFiles bootstrapIdentity = pki.client(
                "bootstrap",
                "system:bootstrap:abcdef",
                List.of("system:bootstrappers", "system:bootstrappers:skiff:agents"));
        ApiClientProperties bootstrap = ApiClientProperties.defaults()
                .withUrls(httpsUrl)
                .withTls(new TlsSettings(
                        pki.caCertificate(), bootstrapIdentity.certificate(), bootstrapIdentity.privateKey()));
        Path dir = work.resolve("agent-1/agent");

        ClientCertificateFiles files = NodeClientCertificate.obtain(bootstrap, "agent-1", dir, Duration.ofSeconds(60));

        X509Certificate certificate = PemFiles.readCertificate(files.certificate());
        certificate.verify(pki.authorityCertificate().getPublicKey());
        assertThat(certificate.getSubjectX500Principal().getName()).isEqualTo("CN=system:node:agent-1,O=system:nodes");

        ApiClientProperties asNode = ApiClientProperties.defaults()
                .withUrls(httpsUrl)
                .withTls(files.applyTo(new TlsSettings(pki.caCertificate(), null, null)));
        try (KubeClient client = KubeClient.create(asNode)) {
            List<CertificateSigningRequest> requests = client.resources(CertificateSigningRequest.class)
                    .list(null, ListOptions.all())
                    .block(Duration.ofSeconds(30))
                    .items();
            assertThat(requests).hasSize(1);
            CertificateSigningRequest csr = requests.get(0);
            assertThat(csr.getSpec().getUsername()).isEqualTo("system:bootstrap:abcdef");
            assertThat(csr.getSpec().getGroups()).contains("system:bootstrappers:skiff:agents", "system:authenticated");
            assertThat(csr.getStatus().getConditions().get(0).getReason()).isEqualTo("AutoApproved");
            assertThat(csr.getStatus().getConditions().get(0).getMessage())
                    .isEqualTo("Auto approving kubelet client certificate after SubjectAccessReview.");
            JsonNode whoami = io.skiff.model.json.KubeJson.mapper()
                    .valueToTree(client.resources(CertificateSigningRequest.class)
                            .get(null, csr.getMetadata().getName())
                            .block(Duration.ofSeconds(30)));
            assertThat(whoami.at("/status/certificate").asText()).isNotEmpty();
        }
    }
}
