package io.skiff.launcher.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.skiff.apiserver.pki.ClusterPki;
import io.skiff.apiserver.pki.PemFiles;
import io.skiff.apiserver.testing.ApiServerInstance;
import io.skiff.apiserver.testing.KubeHttp;
import io.skiff.apiserver.testing.Kubectl;
import io.skiff.apiserver.testing.TestPostgres;
import io.skiff.component.boot.ComponentApplication;
import io.skiff.component.client.ApiClientProperties;
import io.skiff.controllermanager.ControllerManagerApplication;
import io.skiff.launcher.join.JoinCheck;
import io.skiff.launcher.join.JoinToken;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The agent's kubelet TLS bootstrap end to end, over plain HTTP: a real API server, the real
 * controller manager signing with a cluster CA, and {@link NodeClientCertificate#obtain} with a
 * join token as bearer.
 *
 * <p>What this proves and what it does not: on this branch the API server does not authenticate
 * bearer tokens yet, so the request's spec.username is system:anonymous, and the csrapproving
 * controller (no SubjectAccessReviews served, so it falls back to the requester's groups) rightly
 * leaves an anonymous request pending. The test approves it with the real {@code kubectl
 * certificate approve}, as an administrator would; the csrsigning controller then signs it and the
 * agent writes its key and certificate. The auto-approval for system:bootstrappers:skiff:agents is
 * proven by CsrApprovingSyncTest; end to end it needs the bootstrap-token authenticator.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class NodeClientCertificateIntegrationTest {

    private static final String CSRS = "/apis/certificates.k8s.io/v1/certificatesigningrequests";

    @TempDir
    static Path work;

    private static ClusterPki pki;
    private static ApiServerInstance apiServer;
    private static ConfigurableApplicationContext controllerManager;
    private static KubeHttp http;

    @BeforeAll
    static void start() {
        pki = ClusterPki.open(work.resolve("pki"), Clock.systemUTC());
        apiServer = ApiServerInstance.onDatabase(TestPostgres.newDatabase());
        http = new KubeHttp(apiServer.baseUrl());
        controllerManager = ComponentApplication.builder(ControllerManagerApplication.class, "controller-manager")
                .run(
                        "--skiff.apiserver.urls=" + apiServer.baseUrl(),
                        "--server.port=0",
                        "--server.address=127.0.0.1",
                        "--skiff.leader-election.lease-duration=3s",
                        "--skiff.leader-election.renew-deadline=2s",
                        "--skiff.leader-election.retry-period=500ms",
                        "--skiff.controllers.cluster-signing.cert-file=" + pki.caCertificate(),
                        "--skiff.controllers.cluster-signing.key-file="
                                + pki.caCertificate().resolveSibling("ca.key"));
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
    void anAgentGetsASignedNodeClientCertificateAndReusesIt() throws Exception {
        Path dir = work.resolve("agent-1/agent");
        ApiClientProperties bootstrap = JoinCheck.clientFor(apiServer.baseUrl(), JoinToken.generate());

        CompletableFuture<ClientCertificateFiles> obtained = CompletableFuture.supplyAsync(
                () -> NodeClientCertificate.obtain(bootstrap, "agent-1", dir, Duration.ofSeconds(90)));
        JsonNode csr = awaitRequest();
        String name = csr.at("/metadata/name").asText();
        assertThat(name).startsWith("node-csr-");
        assertThat(csr.at("/spec/signerName").asText()).isEqualTo("kubernetes.io/kube-apiserver-client-kubelet");
        assertThat(csr.at("/spec/usages").toString()).isEqualTo("[\"digital signature\",\"client auth\"]");
        // Bearer tokens are not authenticated on this branch: the requester is anonymous ...
        assertThat(csr.at("/spec/username").asText()).isEqualTo("system:anonymous");
        // ... which the approver does not auto-approve (its fallback wants the agents' or nodes' group).
        Thread.sleep(2000);
        assertThat(http.get(CSRS + "/" + name).body().at("/status/conditions").isMissingNode())
                .as("an anonymous request stays pending")
                .isTrue();
        assertThat(obtained).isNotDone();

        Kubectl.Result approve = Kubectl.against(apiServer.baseUrl(), Files.createDirectories(work.resolve("kubectl")))
                .run("certificate", "approve", name);
        assertThat(approve.exitCode()).as(approve.stderr()).isZero();

        ClientCertificateFiles files = obtained.get(60, TimeUnit.SECONDS);
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
    void anUnapprovedRequestEndsTheWaitWithAClearMessage() {
        ApiClientProperties bootstrap = JoinCheck.clientFor(apiServer.baseUrl(), JoinToken.generate());

        assertThatThrownBy(() -> NodeClientCertificate.obtain(
                        bootstrap, "agent-2", work.resolve("agent-2/agent"), Duration.ofSeconds(3)))
                .isInstanceOf(NodeClientCertificate.BootstrapException.class)
                .hasMessageStartingWith("no controller signed certificate signing request node-csr-")
                .hasMessageContaining("within 3s: it is still pending approval (approve it with kubectl certificate"
                        + " approve node-csr-");
        assertThat(Files.exists(work.resolve("agent-2/agent/client-kubelet.key")))
                .isFalse();
    }

    private static JsonNode awaitRequest() throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            for (JsonNode item : http.get(CSRS).body().path("items")) {
                if (item.at("/spec/request").asText().length() > 0
                        && item.at("/status/certificate").isMissingNode()
                        && item.at("/status/conditions").isMissingNode()
                        && item.at("/metadata/name").asText().startsWith("node-csr-")
                        && isFor(item, "agent-1")) {
                    return item;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the agent created no CertificateSigningRequest");
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
