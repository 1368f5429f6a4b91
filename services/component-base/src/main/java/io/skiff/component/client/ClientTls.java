package io.skiff.component.client;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.skiff.component.client.ApiClientProperties.TlsSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import reactor.netty.http.client.HttpClient;

/**
 * TLS for {@code https} API server URLs: the servers' certificates checked against the configured CA
 * (else the JVM's), host names verified, and the client certificate presented when one is set. The
 * client key may be PKCS#8 ({@code PRIVATE KEY}), PKCS#1 ({@code RSA PRIVATE KEY}, what openssl's
 * genrsa, kubeadm and Helm's genCA/genSignedCert write) or SEC1 ({@code EC PRIVATE KEY}), as
 * client-go accepts; Netty alone reads only the first.
 */
final class ClientTls {

    private ClientTls() {}

    /** {@code http} made secure if any of {@code properties}' URLs is {@code https}. */
    static HttpClient apply(HttpClient http, ApiClientProperties properties) {
        boolean secure = properties.urls().stream().anyMatch(url -> "https".equalsIgnoreCase(url.getScheme()));
        if (!secure) {
            return http;
        }
        SslContext context = context(properties.tls());
        return http.secure(spec -> spec.sslContext(context));
    }

    static SslContext context(TlsSettings tls) {
        SslContextBuilder builder = SslContextBuilder.forClient();
        try {
            if (tls.certificateAuthority() != null) {
                try (InputStream ca = open(tls.certificateAuthority(), "certificate-authority")) {
                    builder.trustManager(ca);
                }
            }
            if (tls.clientCertificate() != null) {
                PrivateKey key = privateKey(tls.clientKey());
                builder.keyManager(key, certificateChain(tls.clientCertificate()));
            }
            return builder.build();
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException("skiff.apiserver.tls: " + e.getMessage(), e);
        }
    }

    /** The first private key in a PEM file, in any of the three encodings. */
    static PrivateKey privateKey(Path file) throws IOException {
        try (InputStream in = open(file, "client-key");
                Reader reader = new InputStreamReader(in, StandardCharsets.US_ASCII);
                PEMParser parser = new PEMParser(reader)) {
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            for (Object block = parser.readObject(); block != null; block = parser.readObject()) {
                if (block instanceof PEMKeyPair pair) {
                    return converter.getPrivateKey(pair.getPrivateKeyInfo());
                }
                if (block instanceof PrivateKeyInfo info) {
                    return converter.getPrivateKey(info);
                }
            }
        }
        throw new IOException("client-key " + file + " holds no PEM private key (PRIVATE KEY, RSA PRIVATE KEY or"
                + " EC PRIVATE KEY; encrypted keys are not supported)");
    }

    /** The client certificate and any intermediates after it. */
    private static X509Certificate[] certificateChain(Path file) throws IOException {
        try (InputStream in = open(file, "client-certificate")) {
            return CertificateFactory.getInstance("X.509").generateCertificates(in).stream()
                    .map(X509Certificate.class::cast)
                    .toArray(X509Certificate[]::new);
        } catch (CertificateException e) {
            throw new IOException(
                    "client-certificate " + file + " holds no readable PEM certificate: " + e.getMessage(), e);
        }
    }

    private static InputStream open(Path file, String setting) throws IOException {
        if (!Files.isReadable(file)) {
            throw new IOException("cannot read " + setting + " " + file);
        }
        return Files.newInputStream(file);
    }
}
