package io.skiff.controllermanager.certificates.signing;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequest;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequestCondition;
import io.skiff.component.informer.CacheIndexer;
import io.skiff.component.informer.Lister;
import io.skiff.controllermanager.certificates.Signers;
import io.skiff.controllermanager.certificates.TestRequests;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

class CsrSigningSyncTest {

    private static final Instant NOW = Instant.parse("2026-12-07T12:30:00Z");
    private static final List<String> NODES = List.of("system:nodes");
    private static final List<String> KUBELET_USAGES = List.of("digital signature", "client auth");

    private final CacheIndexer<CertificateSigningRequest> cache = new CacheIndexer<>();
    private final List<CertificateSigningRequest> written = new ArrayList<>();
    private final X509Certificate caCertificate;
    private final CsrSigningSync sync;

    CsrSigningSyncTest() throws Exception {
        KeyPair caKeys = TestRequests.keyPair();
        X500Name caName = new X500Name("CN=test-ca");
        caCertificate = new JcaX509CertificateConverter()
                .getCertificate(new JcaX509v3CertificateBuilder(
                                caName,
                                BigInteger.ONE,
                                Date.from(NOW.minus(Duration.ofDays(1))),
                                Date.from(NOW.plus(Duration.ofDays(3650))),
                                caName,
                                caKeys.getPublic())
                        .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                        .build(new JcaContentSignerBuilder("SHA256withECDSA").build(caKeys.getPrivate())));
        Path certFile = Files.createTempFile("ca", ".crt");
        Path keyFile = Files.createTempFile("ca", ".key");
        Files.writeString(certFile, pem(caCertificate));
        // PKCS#8, as ClusterPki and kubeadm write a CA key.
        Files.writeString(keyFile, pem(new JcaPKCS8Generator(caKeys.getPrivate(), null).generate()));
        ClusterCa ca = ClusterCa.load(certFile, keyFile);
        Files.delete(certFile);
        Files.delete(keyFile);
        sync = new CsrSigningSync(
                new Lister<>(cache),
                new CertificateSigner(ca),
                Duration.ofHours(8760),
                csr -> {
                    written.add(csr);
                    return Mono.just(csr);
                },
                Clock.fixed(NOW, ZoneOffset.UTC),
                Duration.ofSeconds(5));
    }

    @Test
    void anApprovedKubeletClientRequestGetsACertificateForItsSubjectAndUsages() throws Exception {
        cache.put(TestRequests.approved(TestRequests.csr(
                "node-1",
                TestRequests.request("system:node:n1", NODES),
                Signers.KUBE_APISERVER_CLIENT_KUBELET,
                KUBELET_USAGES,
                "system:anonymous",
                List.of())));

        sync.sync("node-1");

        X509Certificate issued = issued();
        assertThat(issued.getSubjectX500Principal().getName()).isEqualTo("CN=system:node:n1,O=system:nodes");
        assertThat(issued.getIssuerX500Principal()).isEqualTo(caCertificate.getSubjectX500Principal());
        issued.verify(caCertificate.getPublicKey());
        assertThat(issued.getBasicConstraints()).isEqualTo(-1);
        // digital signature only: [digitalSignature, nonRepudiation, keyEncipherment, ...]
        assertThat(issued.getKeyUsage()).startsWith(true, false, false, false, false, false);
        assertThat(issued.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");
        assertThat(issued.getSubjectAlternativeNames()).isNull();
        // Backdated five minutes; one year (the default duration) from then.
        assertThat(issued.getNotBefore().toInstant()).isEqualTo(NOW.minus(Duration.ofMinutes(5)));
        assertThat(issued.getNotAfter().toInstant())
                .isEqualTo(NOW.plus(Duration.ofHours(8760)).minus(Duration.ofMinutes(5)));
    }

    @Test
    void theRequestedDurationIsHonouredBelowTheMaximumAndAShortOneIsNotBackdatedAtTheEnd() throws Exception {
        cache.put(TestRequests.approved(TestRequests.csr(
                        "short",
                        TestRequests.request("jane", List.of("developers"), List.of(), List.of()),
                        Signers.KUBE_APISERVER_CLIENT,
                        List.of("client auth"),
                        "jane",
                        List.of())
                .editSpec()
                .withExpirationSeconds(3600)
                .endSpec()));

        sync.sync("short");

        X509Certificate issued = issued();
        assertThat(issued.getNotBefore().toInstant()).isEqualTo(NOW.minus(Duration.ofMinutes(5)));
        assertThat(issued.getNotAfter().toInstant()).isEqualTo(NOW.plus(Duration.ofHours(1)));
        assertThat(sync.duration(60)).isEqualTo(Duration.ofMinutes(10));
        assertThat(sync.duration(10 * 365 * 24 * 3600)).isEqualTo(Duration.ofHours(8760));
        assertThat(sync.duration(null)).isEqualTo(Duration.ofHours(8760));
    }

    @Test
    void aServingCertificateCarriesTheRequestedNamesAndServerAuth() throws Exception {
        cache.put(TestRequests.approved(TestRequests.csr(
                "serving",
                TestRequests.request("system:node:n1", NODES, List.of("n1.example"), List.of()),
                Signers.KUBELET_SERVING,
                List.of("digital signature", "key encipherment", "server auth"),
                "system:node:n1",
                NODES)));

        sync.sync("serving");

        X509Certificate issued = issued();
        assertThat(issued.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
        assertThat(issued.getSubjectAlternativeNames()).containsExactly(List.of(2, "n1.example"));
        assertThat(issued.getKeyUsage()[0]).isTrue();
        assertThat(issued.getKeyUsage()[2]).isTrue();
    }

    @Test
    void aRequestTheSignerRefusesFailsWithTheReason() {
        cache.put(TestRequests.approved(TestRequests.csr(
                "posing",
                TestRequests.request("system:node:n1", List.of("system:masters")),
                Signers.KUBE_APISERVER_CLIENT_KUBELET,
                KUBELET_USAGES,
                "system:anonymous",
                List.of())));

        sync.sync("posing");

        assertThat(written).hasSize(1);
        assertThat(written.get(0).getStatus().getCertificate()).isNull();
        CertificateSigningRequestCondition failed =
                written.get(0).getStatus().getConditions().get(1);
        assertThat(failed.getType()).isEqualTo("Failed");
        assertThat(failed.getStatus()).isEqualTo("True");
        assertThat(failed.getReason()).isEqualTo("SignerValidationFailure");
        assertThat(failed.getMessage()).isEqualTo("subject organization is not system:nodes");
    }

    @Test
    void pendingDeniedForeignAndIssuedRequestsAreLeftAlone() {
        cache.put(TestRequests.csr(
                        "pending",
                        TestRequests.request("system:node:n1", NODES),
                        Signers.KUBE_APISERVER_CLIENT_KUBELET,
                        KUBELET_USAGES,
                        "u",
                        List.of())
                .build());
        cache.put(TestRequests.approved(TestRequests.csr(
                "foreign",
                TestRequests.request("system:node:n1", NODES),
                "example.com/other",
                KUBELET_USAGES,
                "u",
                List.of())));
        CertificateSigningRequest issued = TestRequests.approved(TestRequests.csr(
                "issued",
                TestRequests.request("system:node:n1", NODES),
                Signers.KUBE_APISERVER_CLIENT_KUBELET,
                KUBELET_USAGES,
                "u",
                List.of()));
        issued.getStatus().setCertificate("c29tZXRoaW5n");
        cache.put(issued);

        sync.sync("pending");
        sync.sync("foreign");
        sync.sync("issued");
        sync.sync("gone");

        assertThat(written).isEmpty();
    }

    private X509Certificate issued() throws GeneralSecurityException {
        assertThat(written).hasSize(1);
        byte[] pem = Base64.getDecoder().decode(written.get(0).getStatus().getCertificate());
        assertThat(new String(pem)).startsWith("-----BEGIN CERTIFICATE-----");
        return (X509Certificate)
                CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(pem));
    }

    private static String pem(Object object) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(object);
        }
        return out.toString();
    }
}
