package io.skiff.kubelet.server.security;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * TLS and client authentication of the kubelet's server port, as the kubelet's tlsCertFile,
 * tlsPrivateKeyFile and authentication.x509.clientCAFile. With a client CA the port serves HTTPS and
 * its API (exec, container logs) answers only clients presenting a certificate from that CA whom
 * the API server, asked through a SubjectAccessReview, allows nodes/proxy on this node; health and
 * metrics stay open. Without one the port serves plain HTTP with no checks, as before.
 *
 * @param clientCaFile PEM CA client certificates must be signed by (the cluster CA)
 * @param certFile PEM serving certificate; unset, a self-signed one is made once and kept under
 *     {@code <root-dir>/pki/kubelet.crt}, as the kubelet does
 * @param privateKeyFile its PEM private key
 */
@ConfigurationProperties("skiff.kubelet.tls")
public record KubeletTlsProperties(Path clientCaFile, Path certFile, Path privateKeyFile) {

    public KubeletTlsProperties {
        if ((certFile == null) != (privateKeyFile == null)) {
            throw new IllegalArgumentException("skiff.kubelet.tls.cert-file and private-key-file go together: got only "
                    + (certFile == null ? "private-key-file" : "cert-file"));
        }
    }
}
