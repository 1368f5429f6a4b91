package io.skiff.apiserver.authentication;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
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
        String commonName = null;
        List<String> groups = new ArrayList<>();
        try {
            for (Rdn rdn : new LdapName(certificate.getSubjectX500Principal().getName()).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    commonName = rdn.getValue().toString();
                } else if (rdn.getType().equalsIgnoreCase("O")) {
                    groups.add(rdn.getValue().toString());
                }
            }
        } catch (InvalidNameException e) {
            return Optional.empty();
        }
        if (commonName == null || commonName.isEmpty()) {
            return Optional.empty();
        }
        groups.add(UserInfo.AUTHENTICATED);
        return Optional.of(new UserInfo(commonName, null, groups));
    }
}
