package io.skiff.component.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.skiff.apiserver.pki.CertificateFiles;
import io.skiff.apiserver.pki.ClusterPki;
import io.skiff.apiserver.pki.PemFiles;
import io.skiff.component.client.ApiClientProperties.TlsSettings;
import java.io.IOException;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.netty.http.client.HttpClient;

class ClientTlsTest {

    @TempDir
    Path dir;

    @Test
    void plainHttpUrlsStayPlain() {
        HttpClient http = HttpClient.create();
        ApiClientProperties properties = ApiClientProperties.defaults()
                .withUrls("http://127.0.0.1:6443")
                .withTls(new TlsSettings(dir.resolve("missing-ca.crt"), null, null));

        // The CA is not even read: nothing here speaks TLS.
        assertThat(ClientTls.apply(http, properties)).isSameAs(http);
    }

    @Test
    void anUnreadableAuthoritySaysWhichSettingAndFile() {
        ApiClientProperties properties = ApiClientProperties.defaults()
                .withUrls("https://127.0.0.1:6443")
                .withTls(new TlsSettings(dir.resolve("missing-ca.crt"), null, null));

        assertThatThrownBy(() -> ClientTls.apply(HttpClient.create(), properties))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("skiff.apiserver.tls")
                .hasMessageContaining("certificate-authority")
                .hasMessageContaining("missing-ca.crt");
    }

    @Test
    void aClientCertificateNeedsItsKey() {
        assertThatThrownBy(() -> new TlsSettings(null, dir.resolve("admin.crt"), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("client-certificate and client-key go together");
    }

    @Test
    void aClientKeyInPkcs1AsOpensslAndHelmWriteItIsRead() throws Exception {
        KeyPair keys = KeyPairGenerator.getInstance("RSA").generateKeyPair();
        Instant now = Instant.now();
        var certificate = new JcaX509CertificateConverter()
                .getCertificate(new JcaX509v3CertificateBuilder(
                                new X500Name("CN=system:kube-scheduler"),
                                BigInteger.ONE,
                                Date.from(now),
                                Date.from(now.plus(1, ChronoUnit.DAYS)),
                                new X500Name("CN=system:kube-scheduler"),
                                keys.getPublic())
                        .build(new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate())));
        PemFiles.write(dir.resolve("scheduler.crt"), certificate);
        Path key = writeTraditional(dir.resolve("scheduler.key"), keys.getPrivate());

        assertThat(Files.readString(key)).startsWith("-----BEGIN RSA PRIVATE KEY-----");
        assertThat(ClientTls.privateKey(key).getEncoded())
                .isEqualTo(keys.getPrivate().getEncoded());
        assertThat(ClientTls.context(new TlsSettings(null, dir.resolve("scheduler.crt"), key)))
                .isNotNull();
    }

    @Test
    void aClientKeyInSec1IsReadAndAPkcs8OneStillIs() throws Exception {
        CertificateFiles client =
                ClusterPki.open(dir.resolve("pki"), Clock.systemUTC()).client("proxy", "system:kube-proxy", List.of());
        PrivateKey original = PemFiles.readPrivateKey(client.privateKey());
        Path sec1 = writeSec1(dir.resolve("proxy-sec1.key"), (ECPrivateKey) original);

        assertThat(Files.readString(sec1)).startsWith("-----BEGIN EC PRIVATE KEY-----");
        assertThat(((ECPrivateKey) ClientTls.privateKey(sec1)).getS()).isEqualTo(((ECPrivateKey) original).getS());
        assertThat(ClientTls.privateKey(client.privateKey()).getEncoded()).isEqualTo(original.getEncoded());
        assertThat(ClientTls.context(new TlsSettings(null, client.certificate(), sec1)))
                .isNotNull();
    }

    @Test
    void aKeyFileWithoutAKeySaysSo() throws Exception {
        Path notAKey = Files.writeString(dir.resolve("not-a-key.pem"), "just text\n");

        assertThatThrownBy(() -> ClientTls.context(new TlsSettings(null, notAKey, notAKey)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("client-key")
                .hasMessageContaining("not-a-key.pem")
                .hasMessageContaining("holds no PEM private key");
    }

    /** A P-256 key as openssl ec and Helm's genPrivateKey "ecdsa" write it: SEC1, naming its curve. */
    private static Path writeSec1(Path file, ECPrivateKey key) throws IOException {
        var sec1 = new org.bouncycastle.asn1.sec.ECPrivateKey(256, key.getS(), SECObjectIdentifiers.secp256r1);
        try (Writer out = Files.newBufferedWriter(file);
                PemWriter pem = new PemWriter(out)) {
            pem.writeObject(new PemObject("EC PRIVATE KEY", sec1.getEncoded()));
        }
        return file;
    }

    /** The key as openssl's traditional format writes it: PKCS#1 for RSA. */
    private static Path writeTraditional(Path file, PrivateKey key) throws IOException {
        try (Writer out = Files.newBufferedWriter(file);
                JcaPEMWriter pem = new JcaPEMWriter(out)) {
            pem.writeObject(key);
        }
        return file;
    }
}
