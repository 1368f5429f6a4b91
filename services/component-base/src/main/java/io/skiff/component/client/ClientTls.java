package io.skiff.component.client;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.skiff.component.client.ApiClientProperties.TlsSettings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import reactor.netty.http.client.HttpClient;

/**
 * TLS for {@code https} API server URLs: the servers' certificates checked against the configured CA
 * (else the JVM's), host names verified, and the client certificate presented when one is set.
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
                try (InputStream certificate = open(tls.clientCertificate(), "client-certificate");
                        InputStream key = open(tls.clientKey(), "client-key")) {
                    builder.keyManager(certificate, key);
                }
            }
            return builder.build();
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException("skiff.apiserver.tls: " + e.getMessage(), e);
        }
    }

    private static InputStream open(Path file, String setting) throws IOException {
        if (!Files.isReadable(file)) {
            throw new IOException("cannot read " + setting + " " + file);
        }
        return Files.newInputStream(file);
    }
}
