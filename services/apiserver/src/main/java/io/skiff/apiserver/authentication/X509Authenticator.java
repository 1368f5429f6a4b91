package io.skiff.apiserver.authentication;

import io.skiff.model.identity.CertificateSubject;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.http.server.reactive.SslInfo;

/**
 * Kubernetes' x509 authenticator: a client certificate that chains to the cluster CA names the user
 * in its subject's CN and the groups in its O entries. The chain is checked by the TLS layer (the
 * server trusts the cluster CA and asks for client certificates), so a certificate seen here is one
 * the CA signed. A certificate without a CN authenticates nobody, as in Kubernetes.
 */
public final class X509Authenticator {

    public Optional<UserInfo> authenticate(SslInfo ssl) {
        if (ssl == null || ssl.getPeerCertificates() == null || ssl.getPeerCertificates().length == 0) {
            return Optional.empty();
        }
        return user(ssl.getPeerCertificates()[0]);
    }

    static Optional<UserInfo> user(X509Certificate certificate) {
        return CertificateSubject.of(certificate).map(subject -> {
            List<String> groups = new ArrayList<>(subject.groups());
            groups.add(UserInfo.AUTHENTICATED);
            return new UserInfo(subject.user(), null, groups);
        });
    }
}
