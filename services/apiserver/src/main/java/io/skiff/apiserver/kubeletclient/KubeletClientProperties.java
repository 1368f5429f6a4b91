package io.skiff.apiserver.kubeletclient;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How the API server reaches kubelets for pods/log and pods/exec, as kube-apiserver's --kubelet-*
 * flags. With a client certificate (or a CA) set it speaks HTTPS (WebSocket over TLS for exec) and
 * presents the certificate, which a kubelet serving with {@code skiff.kubelet.tls.client-ca-file}
 * requires; without, plain HTTP, for kubelets that serve plain HTTP.
 *
 * @param clientCertificate PEM certificate presented to kubelets (--kubelet-client-certificate); its
 *     user must be allowed nodes/proxy (Skiff's default policy binds {@code
 *     kube-apiserver-kubelet-client} to {@code system:kubelet-api-admin})
 * @param clientKey its PEM private key (--kubelet-client-key)
 * @param certificateAuthority PEM CA that kubelets' serving certificates are checked against, names
 *     included (--kubelet-certificate-authority); unset, they are not checked, kube-apiserver's
 *     default, since kubelets serve self-signed certificates
 */
@ConfigurationProperties("skiff.apiserver.kubelet")
public record KubeletClientProperties(Path clientCertificate, Path clientKey, Path certificateAuthority) {

    public KubeletClientProperties {
        if ((clientCertificate == null) != (clientKey == null)) {
            throw new IllegalArgumentException(
                    "skiff.apiserver.kubelet.client-certificate and client-key go together: got only "
                            + (clientCertificate == null ? "client-key" : "client-certificate"));
        }
    }

    /** Whether kubelets are reached over TLS. */
    public boolean secure() {
        return clientCertificate != null || certificateAuthority != null;
    }
}
