package io.skiff.bench.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Who a benchmark client is to an HTTPS server: the CA it trusts and the client certificate it
 * presents, from PEM files as a kubeconfig names them (the key in PKCS #8, EC or RSA).
 */
public record ClientIdentity(Path certificateAuthority, Path certificate, Path key) {

    private static final char[] NO_PASSWORD = new char[0];

    /** An HTTP/1.1 client (see {@link HttpClients#loopbackHttp11()}) presenting this identity. */
    public HttpClient httpClient() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .proxy(HttpClient.Builder.NO_PROXY)
                .connectTimeout(Duration.ofSeconds(5))
                .sslContext(sslContext())
                .build();
    }

    SSLContext sslContext() {
        try {
            CertificateFactory x509 = CertificateFactory.getInstance("X.509");
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, null);
            try (InputStream ca = Files.newInputStream(certificateAuthority)) {
                trusted.setCertificateEntry("ca", x509.generateCertificate(ca));
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);

            KeyStore identity = KeyStore.getInstance("PKCS12");
            identity.load(null, null);
            Certificate[] chain;
            try (InputStream certificateFile = Files.newInputStream(certificate)) {
                chain = x509.generateCertificates(certificateFile).toArray(Certificate[]::new);
            }
            identity.setKeyEntry("client", privateKey(chain[0].getPublicKey().getAlgorithm()), NO_PASSWORD, chain);
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(identity, NO_PASSWORD);

            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException(
                    "cannot load the client identity " + certificate + ": " + e.getMessage(), e);
        }
    }

    private PrivateKey privateKey(String algorithm) throws IOException, GeneralSecurityException {
        String pem = Files.readString(key, StandardCharsets.US_ASCII);
        if (!pem.contains("-----BEGIN PRIVATE KEY-----")) {
            throw new IOException(key + " holds no PKCS #8 PRIVATE KEY (convert with openssl pkcs8 -topk8 -nocrypt)");
        }
        String body = pem.substring(
                        pem.indexOf("-----BEGIN PRIVATE KEY-----") + 27, pem.indexOf("-----END PRIVATE KEY-----"))
                .replaceAll("\\s", "");
        return KeyFactory.getInstance(algorithm)
                .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body)));
    }
}
