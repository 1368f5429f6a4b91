package io.skiff.launcher.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Secret;
import io.skiff.apiserver.pki.ClusterPki;
import io.skiff.apiserver.pki.PemFiles;
import io.skiff.apiserver.testing.ApiServerInstance;
import io.skiff.apiserver.testing.KubeHttp;
import io.skiff.apiserver.testing.TestPostgres;
import io.skiff.component.client.ApiClientProperties;
import io.skiff.launcher.join.BootstrapTokenSecret;
import io.skiff.launcher.join.JoinCheck;
import io.skiff.launcher.join.JoinToken;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The agent's kubelet TLS bootstrap end to end, over plain HTTP with bearer tokens: a real API
 * server authorizing with Node,RBAC and Kubernetes' default policy, the real controller manager
 * (as system:kube-controller-manager, through a static token) approving with SubjectAccessReviews
 * and signing with a cluster CA, and {@link NodeClientCertificate#obtain} with a join token whose
 * bootstrap token Secret puts it in system:bootstrappers:skiff:agents, as skiff server's does.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class NodeClientCertificateIntegrationTest {

    private static final String CSRS = "/apis/certificates.k8s.io/v1/certificatesigningrequests";
    private static final String ADMIN_TOKEN = "admin-token-for-the-test";
    private static final String CONTROLLER_MANAGER_TOKEN = "controller-manager-token-for-the-test";

    @TempDir
    static Path work;

    private static ClusterPki pki;
    private static ApiServerInstance apiServer;
    private static ConfigurableApplicationContext controllerManager;
    private static KubeHttp http;

    @BeforeAll
    static void start() throws Exception {
        pki = ClusterPki.open(work.resolve("pki"), Clock.systemUTC());
        Path tokens = Files.writeString(
                work.resolve("tokens.csv"),
                ADMIN_TOKEN + ",admin,1,system:masters\n" + CONTROLLER_MANAGER_TOKEN
                        + ",system:kube-controller-manager,2\n");
        apiServer = ApiServerInstance.onDatabase(
                TestPostgres.newDatabase(),
                "--skiff.apiserver.authorization.modes=Node,RBAC",
                "--skiff.apiserver.authentication.token-auth-file=" + tokens);
        http = new KubeHttp(apiServer.baseUrl()).withBearerToken(ADMIN_TOKEN);
        controllerManager = SigningControllerManager.start(
                pki,
                "--skiff.apiserver.urls=" + apiServer.baseUrl(),
                "--skiff.apiserver.bearer-token=" + CONTROLLER_MANAGER_TOKEN);
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

    /** A join token whose bootstrap token Secret exists, in the agents' group unless {@code agent} is false. */
    private static JoinToken joinToken(boolean agent) {
        JoinToken token = JoinToken.generate();
        Secret secret = BootstrapTokenSecret.forServerToken(token);
        if (!agent) {
            secret.getData().remove("auth-extra-groups");
        }
        assertThat(http.post(
                                "/api/v1/namespaces/kube-system/secrets",
                                io.skiff.model.json.KubeJson.mapper()
                                        .valueToTree(secret)
                                        .toString())
                        .code())
                .isEqualTo(201);
        return token;
    }

    @Test
    void anAgentGetsASignedNodeClientCertificateAndReusesIt() throws Exception {
        Path dir = work.resolve("agent-1/agent");
        JoinToken token = joinToken(true);
        ApiClientProperties bootstrap = JoinCheck.clientFor(apiServer.baseUrl(), token, null);

        ClientCertificateFiles files = NodeClientCertificate.obtain(bootstrap, "agent-1", dir, Duration.ofSeconds(90));

        JsonNode csr = onlyRequestFor("agent-1");
        assertThat(csr.at("/metadata/name").asText()).startsWith("node-csr-");
        assertThat(csr.at("/spec/signerName").asText()).isEqualTo("kubernetes.io/kube-apiserver-client-kubelet");
        assertThat(csr.at("/spec/usages").toString()).isEqualTo("[\"digital signature\",\"client auth\"]");
        assertThat(csr.at("/spec/username").asText()).isEqualTo("system:bootstrap:" + token.id());
        assertThat(csr.at("/status/conditions/0/type").asText()).isEqualTo("Approved");
        assertThat(csr.at("/status/conditions/0/reason").asText()).isEqualTo("AutoApproved");
        assertThat(files.certificate()).isEqualTo(dir.resolve("client-kubelet.crt"));
        assertThat(files.key()).isEqualTo(dir.resolve("client-kubelet.key"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(files.key())))
                .isEqualTo("rw-------");
        X509Certificate certificate = PemFiles.readCertificate(files.certificate());
        certificate.verify(pki.authorityCertificate().getPublicKey());
        assertThat(certificate.getSubjectX500Principal().getName()).isEqualTo("CN=system:node:agent-1,O=system:nodes");
        assertThat(certificate.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");
        assertThat(StoredCertificate.matches(certificate.getPublicKey(), PemFiles.readPrivateKey(files.key())))
                .isTrue();
        // One year (the default cluster-signing duration), backdated five minutes.
        assertThat(Duration.between(
                        certificate.getNotBefore().toInstant(),
                        certificate.getNotAfter().toInstant()))
                .isEqualTo(Duration.ofHours(8760));

        int requests = http.get(CSRS).body().path("items").size();
        ClientCertificateFiles again = NodeClientCertificate.obtain(bootstrap, "agent-1", dir, Duration.ofSeconds(5));
        assertThat(again).isEqualTo(files);
        assertThat(PemFiles.readCertificate(again.certificate())).isEqualTo(certificate);
        assertThat(http.get(CSRS).body().path("items").size()).isEqualTo(requests);
    }

    @Test
    void aBootstrapTokenOutsideTheAgentsGroupMayNotAskForANodeCertificate() {
        ApiClientProperties bootstrap = JoinCheck.clientFor(apiServer.baseUrl(), joinToken(false), null);

        assertThatThrownBy(() -> NodeClientCertificate.obtain(
                        bootstrap, "agent-2", work.resolve("agent-2/agent"), Duration.ofSeconds(10)))
                .isInstanceOf(NodeClientCertificate.BootstrapException.class)
                .hasMessageStartingWith("could not create certificate signing request node-csr-")
                .hasMessageContaining("is forbidden: User \"system:bootstrap:");
        assertThat(Files.exists(work.resolve("agent-2/agent/client-kubelet.crt")))
                .isFalse();
    }

    private static JsonNode onlyRequestFor(String node) {
        java.util.List<JsonNode> found = new java.util.ArrayList<>();
        for (JsonNode item : http.get(CSRS).body().path("items")) {
            if (isFor(item, node)) {
                found.add(item);
            }
        }
        assertThat(found).hasSize(1);
        return found.get(0);
    }

    /** Whether the request's PKCS#10 subject names {@code node}. */
    private static boolean isFor(JsonNode csr, String node) {
        String pem = new String(
                java.util.Base64.getDecoder().decode(csr.at("/spec/request").asText()));
        try (org.bouncycastle.util.io.pem.PemReader reader =
                new org.bouncycastle.util.io.pem.PemReader(new java.io.StringReader(pem))) {
            return new org.bouncycastle.pkcs.PKCS10CertificationRequest(
                            reader.readPemObject().getContent())
                    .getSubject()
                    .toString()
                    .contains("CN=system:node:" + node);
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
