package io.skiff.apiserver.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterPkiTest {

    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");
    private static final ServingNames NAMES =
            ServingNames.forApiServer("cluster.local", "10.43.0.1", "node-a", List.of("192.0.2.10"));

    @TempDir
    Path dir;

    @Test
    void makesAnAuthorityOnceAndKeepsItsKeyPrivate() throws Exception {
        ClusterPki pki = ClusterPki.open(dir, clock(NOW));
        X509Certificate ca = pki.authorityCertificate();

        assertThat(ca.getBasicConstraints()).isGreaterThanOrEqualTo(0);
        assertThat(ca.getSubjectX500Principal()).isEqualTo(ca.getIssuerX500Principal());
        ca.verify(ca.getPublicKey());
        assertThat(ca.getNotAfter().toInstant()).isAfter(NOW.plus(Duration.ofDays(3649)));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("ca.key"))))
                .isEqualTo("rw-------");

        byte[] first = Files.readAllBytes(dir.resolve("ca.crt"));
        ClusterPki.open(dir, clock(NOW.plus(Duration.ofDays(1))));
        assertThat(Files.readAllBytes(dir.resolve("ca.crt"))).isEqualTo(first);
    }

    @Test
    void servingCertificateCarriesTheApiServersNamesAndIsReusedOnRestart() throws Exception {
        ClusterPki pki = ClusterPki.open(dir, clock(NOW));
        CertificateFiles files = pki.serving(NAMES);

        X509Certificate serving = PemFiles.readCertificate(files.certificate());
        serving.verify(pki.authorityCertificate().getPublicKey());
        assertThat(Files.readString(files.certificate()))
                .as("the chain, leaf first, then the authority joining nodes pin")
                .isEqualTo(PemFiles.pem(serving) + PemFiles.pem(pki.authorityCertificate()));
        assertThat(serving.getBasicConstraints()).isEqualTo(-1);
        assertThat(serving.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1"); // serverAuth
        ServingNames carried = ClusterPki.alternativeNames(serving);
        assertThat(carried.dnsNames())
                .containsExactlyInAnyOrder(
                        "localhost",
                        "kubernetes",
                        "kubernetes.default",
                        "kubernetes.default.svc",
                        "kubernetes.default.svc.cluster.local",
                        "node-a");
        assertThat(carried.ipAddresses())
                .containsExactlyInAnyOrder("127.0.0.1", "0:0:0:0:0:0:0:1", "10.43.0.1", "192.0.2.10");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(files.privateKey())))
                .isEqualTo("rw-------");

        byte[] certificate = Files.readAllBytes(files.certificate());
        byte[] key = Files.readAllBytes(files.privateKey());
        ClusterPki.open(dir, clock(NOW.plus(Duration.ofDays(30)))).serving(NAMES);
        assertThat(Files.readAllBytes(files.certificate())).isEqualTo(certificate);
        assertThat(Files.readAllBytes(files.privateKey())).isEqualTo(key);
    }

    @Test
    void issuesTheServingCertificateAgainForANewAddressOrNearItsEnd() {
        ClusterPki pki = ClusterPki.open(dir, clock(NOW));
        X509Certificate first = PemFiles.readCertificate(pki.serving(NAMES).certificate());

        ServingNames moved = ServingNames.forApiServer("cluster.local", "10.43.0.1", "node-a", List.of("192.0.2.11"));
        X509Certificate second = PemFiles.readCertificate(pki.serving(moved).certificate());
        assertThat(second.getSerialNumber()).isNotEqualTo(first.getSerialNumber());
        assertThat(ClusterPki.alternativeNames(second).ipAddresses()).contains("192.0.2.11");

        Instant late = NOW.plus(CertificateRequest.DEFAULT_VALIDITY).minus(Duration.ofDays(60));
        X509Certificate renewed = PemFiles.readCertificate(
                ClusterPki.open(dir, clock(late)).serving(moved).certificate());
        assertThat(renewed.getSerialNumber()).isNotEqualTo(second.getSerialNumber());
        assertThat(renewed.getNotAfter().toInstant()).isAfter(late.plus(Duration.ofDays(300)));
        assertThat(PemFiles.readCertificate(dir.resolve("ca.crt"))).isEqualTo(pki.authorityCertificate());
    }

    @Test
    void clientCertificateNamesTheUserAndGroups() throws Exception {
        ClusterPki pki = ClusterPki.open(dir, clock(NOW));
        CertificateFiles files = pki.client("admin", "system:admin", List.of("system:masters"));

        X509Certificate client = PemFiles.readCertificate(files.certificate());
        client.verify(pki.authorityCertificate().getPublicKey());
        assertThat(client.getSubjectX500Principal().getName()).isEqualTo("CN=system:admin,O=system:masters");
        assertThat(client.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2"); // clientAuth

        byte[] before = Files.readAllBytes(files.certificate());
        pki.client("admin", "system:admin", List.of("system:masters"));
        assertThat(Files.readAllBytes(files.certificate())).isEqualTo(before);

        pki.client("admin", "system:admin", List.of("system:masters", "skiff:operators"));
        assertThat(PemFiles.readCertificate(files.certificate())
                        .getSubjectX500Principal()
                        .getName())
                .isEqualTo("CN=system:admin,O=skiff:operators,O=system:masters");
    }

    @Test
    void aCertificateFromAnotherAuthorityIsReplaced() {
        ClusterPki ours = ClusterPki.open(dir, clock(NOW));
        Path elsewhere = dir.resolve("other");
        ClusterPki other = ClusterPki.open(elsewhere, clock(NOW));
        CertificateFiles foreign = other.serving(NAMES);
        PemFiles.write(dir.resolve("apiserver.crt"), PemFiles.readCertificate(foreign.certificate()));
        PemFiles.write(dir.resolve("apiserver.key"), PemFiles.readPrivateKey(foreign.privateKey()));

        X509Certificate serving = PemFiles.readCertificate(ours.serving(NAMES).certificate());

        assertThat(serving.getIssuerX500Principal())
                .isEqualTo(ours.authorityCertificate().getSubjectX500Principal());
    }

    @Test
    void refusesToReplaceAnAuthorityWhoseKeyIsMissing() throws Exception {
        ClusterPki.open(dir, clock(NOW));
        Files.delete(dir.resolve("ca.key"));

        assertThatThrownBy(() -> ClusterPki.open(dir, clock(NOW)))
                .isInstanceOf(PkiException.class)
                .hasMessageContaining("ca.key is missing")
                .hasMessageContaining("restore it");
    }

    @Test
    void refusesHostNamesAsAddresses() {
        ClusterPki pki = ClusterPki.open(dir, clock(NOW));
        ServingNames wrong = new ServingNames(Set.of("localhost"), Set.of("example.com"));

        assertThatThrownBy(() -> pki.serving(wrong))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not an IP address: example.com");
    }

    private static Clock clock(Instant at) {
        return Clock.fixed(at, ZoneOffset.UTC);
    }
}
