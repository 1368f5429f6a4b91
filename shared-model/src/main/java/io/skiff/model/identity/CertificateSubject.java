package io.skiff.model.identity;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * Who a client certificate names, as Kubernetes' x509 authenticator reads it: the user is the
 * subject's CN, the groups its O entries. A certificate without a CN names nobody. The chain is the
 * TLS layer's to check; this reads the subject only. The API server's authenticator and the
 * kubelet's both read certificates this way.
 */
public record CertificateSubject(String user, List<String> groups) {

    public CertificateSubject {
        groups = List.copyOf(groups);
    }

    public static Optional<CertificateSubject> of(X509Certificate certificate) {
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
        return Optional.of(new CertificateSubject(commonName, groups));
    }
}
