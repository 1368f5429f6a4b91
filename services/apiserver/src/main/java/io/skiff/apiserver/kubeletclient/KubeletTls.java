package io.skiff.apiserver.kubeletclient;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.skiff.apiserver.pki.PemFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import reactor.netty.http.client.HttpClient;

/**
 * TLS towards kubelets, as kube-apiserver's kubelet client: the configured client certificate
 * presented; kubelets' serving certificates checked against the configured CA, host names included,
 * or, without one, taken as they come (kubelets serve self-signed certificates by default).
 */
public final class KubeletTls {

    private KubeletTls() {}

    /** {@code http} made secure for kubelets when {@code properties} asks for TLS; as it is otherwise. */
    public static HttpClient apply(HttpClient http, KubeletClientProperties properties) {
        if (!properties.secure()) {
            return http;
        }
        SslContext context = context(properties);
        boolean verifyNames = properties.certificateAuthority() != null;
        return http.secure(spec -> spec.sslContext(context).handlerConfigurator(handler -> {
            if (!verifyNames) {
                SSLEngine engine = handler.engine();
                SSLParameters parameters = engine.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm(null);
                engine.setSSLParameters(parameters);
            }
        }));
    }

    static SslContext context(KubeletClientProperties properties) {
        SslContextBuilder builder = SslContextBuilder.forClient();
        try {
            if (properties.certificateAuthority() != null) {
                builder.trustManager(certificates(properties.certificateAuthority()));
            } else {
                builder.trustManager(InsecureTrustManagerFactory.INSTANCE);
            }
            if (properties.clientCertificate() != null) {
                builder.keyManager(
                        PemFiles.readPrivateKey(properties.clientKey()), certificates(properties.clientCertificate()));
            }
            return builder.build();
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("skiff.apiserver.kubelet: " + e.getMessage(), e);
        }
    }

    private static X509Certificate[] certificates(java.nio.file.Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return CertificateFactory.getInstance("X.509").generateCertificates(in).stream()
                    .map(X509Certificate.class::cast)
                    .toArray(X509Certificate[]::new);
        } catch (CertificateException e) {
            throw new IOException(file + " holds no readable PEM certificate: " + e.getMessage(), e);
        }
    }
}
