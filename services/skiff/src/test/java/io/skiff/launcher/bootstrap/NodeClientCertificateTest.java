package io.skiff.launcher.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequest;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequestBuilder;
import io.skiff.apiserver.pki.CertificateAuthority;
import io.skiff.apiserver.pki.CertificateRequest;
import io.skiff.apiserver.pki.IssuedCertificate;
import io.skiff.apiserver.pki.PemFiles;
import io.skiff.component.client.ApiClientProperties;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.util.io.pem.PemReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeClientCertificateTest {

    private static final Instant ISSUED = Instant.parse("2026-12-07T12:00:00Z");

    @TempDir
    Path dir;

    @Test
    void theRequestIsForTheNodeInSystemNodesSignedByItsNewP256Key() throws Exception {
        NodeCertificateRequest request = NodeCertificateRequest.create("worker-1");

        String pem = new String(Base64.getDecoder().decode(request.requestField()), StandardCharsets.US_ASCII);
        PKCS10CertificationRequest parsed;
        try (PemReader reader = new PemReader(new StringReader(pem))) {
            parsed = new PKCS10CertificationRequest(reader.readPemObject().getContent());
        }
        assertThat(parsed.getSubject()
                        .getRDNs(BCStyle.CN)[0]
                        .getFirst()
                        .getValue()
                        .toString())
                .isEqualTo("system:node:worker-1");
        assertThat(parsed.getSubject()
                        .getRDNs(BCStyle.O)[0]
                        .getFirst()
                        .getValue()
                        .toString())
                .isEqualTo("system:nodes");
        assertThat(parsed.isSignatureValid(new JcaContentVerifierProviderBuilder()
                        .build(request.keys().getPublic())))
                .isTrue();
        assertThat(request.keys().getPublic().getAlgorithm()).isEqualTo("EC");
        assertThat(request.objectName()).startsWith("node-csr-").hasSize("node-csr-".length() + 86);
        assertThat(request.objectName()).isEqualTo(request.objectName());
        assertThat(NodeCertificateRequest.create("worker-1").objectName()).isNotEqualTo(request.objectName());
    }

    @Test
    void aStoredCertificateIsReusedUntil80PercentOfItsLifetime() {
        ClientCertificateFiles files = store(Duration.ofDays(100));

        assertThat(StoredCertificate.whyNotReusable(files, ISSUED.plus(Duration.ofDays(1))))
                .isEmpty();
        // CertificateAuthority backdates an hour: notBefore is ISSUED - 1h.
        assertThat(StoredCertificate.whyNotReusable(files, ISSUED.plus(Duration.ofDays(79))))
                .isEmpty();
        assertThat(StoredCertificate.whyNotReusable(files, ISSUED.plus(Duration.ofDays(81))))
                .get()
                .asString()
                .contains("within 20% of its lifetime");
        assertThat(StoredCertificate.whyNotReusable(files, ISSUED.plus(Duration.ofDays(101))))
                .get()
                .asString()
                .contains("not valid now");
    }

    @Test
    void aMissingOrMismatchedKeyMeansANewRequest() {
        ClientCertificateFiles files = store(Duration.ofDays(100));
        ClientCertificateFiles missing = new ClientCertificateFiles(files.certificate(), dir.resolve("nope.key"));
        assertThat(StoredCertificate.whyNotReusable(missing, ISSUED)).contains("no client certificate yet");

        PemFiles.write(
                files.key(), NodeCertificateRequest.create("other").keys().getPrivate());
        assertThat(StoredCertificate.whyNotReusable(files, ISSUED.plus(Duration.ofDays(1))))
                .contains("the stored client key does not belong to the stored certificate");
    }

    @Test
    void aValidStoredCertificateIsReturnedWithoutAskingTheServer() {
        ClientCertificateFiles stored = store(Duration.ofDays(100));
        // No API server listens there: reuse must not call it.
        ApiClientProperties nowhere = ApiClientProperties.defaults().withUrls("http://127.0.0.1:1");

        ClientCertificateFiles files = NodeClientCertificate.obtain(
                nowhere,
                "worker-1",
                dir,
                Duration.ofSeconds(1),
                Clock.fixed(ISSUED.plus(Duration.ofDays(2)), ZoneOffset.UTC));

        assertThat(files).isEqualTo(stored);
        assertThat(files.applyTo(ApiClientProperties.TlsSettings.defaults()))
                .isEqualTo(new ApiClientProperties.TlsSettings(null, stored.certificate(), stored.key()));
    }

    @Test
    void aDeniedOrFailedRequestEndsTheWaitWithItsReason() {
        CertificateSigningRequest denied = new CertificateSigningRequestBuilder()
                .withNewMetadata()
                .withName("node-csr-x")
                .endMetadata()
                .withNewStatus()
                .addNewCondition()
                .withType("Denied")
                .withStatus("True")
                .withReason("KubectlDeny")
                .withMessage("This CSR was denied by kubectl certificate deny.")
                .endCondition()
                .endStatus()
                .build();
        assertThatThrownBy(() -> NodeClientCertificate.outcome(denied))
                .isInstanceOf(NodeClientCertificate.BootstrapException.class)
                .hasMessage("certificate signing request node-csr-x was denied: KubectlDeny: This CSR was denied by"
                        + " kubectl certificate deny.");
        CertificateSigningRequest pending = new CertificateSigningRequestBuilder()
                .withNewMetadata()
                .withName("node-csr-y")
                .endMetadata()
                .build();
        assertThat(NodeClientCertificate.outcome(pending)).isEmpty();
    }

    /** A node certificate issued at ISSUED, valid for {@code validity}, stored where obtain looks. */
    private ClientCertificateFiles store(Duration validity) {
        Clock clock = Clock.fixed(ISSUED, ZoneOffset.UTC);
        CertificateAuthority ca = CertificateAuthority.create("test-ca", clock);
        IssuedCertificate issued = ca.issue(
                new CertificateRequest(
                        "system:node:worker-1",
                        List.of("system:nodes"),
                        CertificateRequest.Usage.CLIENT,
                        java.util.Set.of(),
                        java.util.Set.of(),
                        validity),
                clock);
        ClientCertificateFiles files = new ClientCertificateFiles(
                dir.resolve(NodeClientCertificate.CERTIFICATE_FILE), dir.resolve(NodeClientCertificate.KEY_FILE));
        PemFiles.write(files.certificate(), issued.certificate());
        PemFiles.write(files.key(), issued.privateKey());
        return files;
    }
}
