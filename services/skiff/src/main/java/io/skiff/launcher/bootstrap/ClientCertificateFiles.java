package io.skiff.launcher.bootstrap;

import io.skiff.component.client.ApiClientProperties;
import java.nio.file.Path;

/**
 * A client certificate and its private key on disk, PEM: what a component presents as {@code
 * skiff.apiserver.tls.client-certificate} and {@code client-key}.
 */
public record ClientCertificateFiles(Path certificate, Path key) {

    /** {@code tls} with this certificate and key as the client credential. */
    public ApiClientProperties.TlsSettings applyTo(ApiClientProperties.TlsSettings tls) {
        return new ApiClientProperties.TlsSettings(tls.certificateAuthority(), certificate, key);
    }
}
