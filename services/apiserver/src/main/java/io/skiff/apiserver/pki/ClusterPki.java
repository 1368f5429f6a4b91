package io.skiff.apiserver.pki;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster's certificates in a directory (the data directory's {@code tls/}), made on the first
 * start and reused on every later one, as k3s keeps its own:
 *
 * <ul>
 *   <li>{@code ca.crt}, {@code ca.key}: the cluster certificate authority (ten years);
 *   <li>{@code apiserver.crt}, {@code apiserver.key}: the API server's serving certificate;
 *   <li>{@code <name>.crt}, {@code <name>.key}: client certificates, e.g. {@code admin} for the
 *       kubeconfig (CN {@code system:admin}, O {@code system:masters}).
 * </ul>
 *
 * <p>A certificate is issued again, with a new key, when it is missing, was not signed by this
 * authority, expires within 90 days (k3s's rule), or, for the serving certificate, lacks a name or
 * address asked for (a new node address, say). The authority itself is never replaced while its
 * key is there: a new one would invalidate every kubeconfig handed out.
 */
public final class ClusterPki {

    /** Certificates closer than this to their end are issued again at start. */
    public static final Duration RENEW_BEFORE = Duration.ofDays(90);

    private static final Logger log = LoggerFactory.getLogger(ClusterPki.class);

    private final Path dir;
    private final Clock clock;
    private final CertificateAuthority authority;

    private ClusterPki(Path dir, Clock clock, CertificateAuthority authority) {
        this.dir = dir;
        this.clock = clock;
        this.authority = authority;
    }

    /** The authority in {@code dir}, made there if there is none yet. */
    public static ClusterPki open(Path dir, Clock clock) {
        Path certificate = dir.resolve("ca.crt");
        Path key = dir.resolve("ca.key");
        boolean hasCertificate = Files.exists(certificate);
        boolean hasKey = Files.exists(key);
        if (hasCertificate && hasKey) {
            IssuedCertificate ca =
                    new IssuedCertificate(PemFiles.readCertificate(certificate), PemFiles.readPrivateKey(key));
            return new ClusterPki(dir, clock, new CertificateAuthority(ca));
        }
        if (hasCertificate || hasKey) {
            throw new PkiException(
                    (hasCertificate ? key : certificate) + " is missing while " + (hasCertificate ? certificate : key)
                            + " is there: restore it from a backup of the data directory, or remove " + dir
                            + " to make a new cluster certificate authority (every kubeconfig handed out then needs"
                            + " replacing)",
                    null);
        }
        CertificateAuthority authority =
                CertificateAuthority.create("skiff-ca@" + clock.instant().getEpochSecond(), clock);
        PemFiles.write(key, authority.asIssued().privateKey());
        PemFiles.write(certificate, authority.certificate());
        log.info("Created the cluster certificate authority in {}", certificate);
        return new ClusterPki(dir, clock, authority);
    }

    public Path caCertificate() {
        return dir.resolve("ca.crt");
    }

    public X509Certificate authorityCertificate() {
        return authority.certificate();
    }

    /** The authority's public-key pin, which join tokens carry so nodes can trust this cluster. */
    public PublicKeyPin authorityPin() {
        return PublicKeyPin.of(authority.certificate());
    }

    /** The API server's serving certificate for {@code names}. */
    public CertificateFiles serving(ServingNames names) {
        CertificateFiles files = files("apiserver");
        X509Certificate current = usable(files);
        if (current != null && names.coveredBy(alternativeNames(current))) {
            return files;
        }
        IssuedCertificate issued = authority.issue(
                CertificateRequest.server("kube-apiserver", names.dnsNames(), names.ipAddresses()), clock);
        // With the authority after it, so a joining node can learn the authority from the handshake
        // and check it against the public-key pin its join token carries.
        PemFiles.write(files.privateKey(), issued.privateKey());
        PemFiles.write(files.certificate(), List.of(issued.certificate(), authority.certificate()));
        log.info(
                "Issued the API server's serving certificate for {} and {} ({})",
                names.dnsNames(),
                names.ipAddresses(),
                files.certificate());
        return files;
    }

    /** A client certificate for {@code user} in {@code groups}, under {@code name}.crt/.key. */
    public CertificateFiles client(String name, String user, List<String> groups) {
        CertificateFiles files = files(name);
        X509Certificate current = usable(files);
        if (current != null && hasSubject(current, user, groups)) {
            return files;
        }
        store(files, authority.issue(CertificateRequest.client(user, groups), clock));
        log.info("Issued a client certificate for {} in groups {} ({})", user, groups, files.certificate());
        return files;
    }

    private CertificateFiles files(String name) {
        return new CertificateFiles(dir.resolve(name + ".crt"), dir.resolve(name + ".key"));
    }

    /** The certificate in {@code files} if both files are there, it is ours and is not near its end. */
    private X509Certificate usable(CertificateFiles files) {
        if (!Files.exists(files.certificate()) || !Files.exists(files.privateKey())) {
            return null;
        }
        X509Certificate certificate;
        try {
            certificate = PemFiles.readCertificate(files.certificate());
            PemFiles.readPrivateKey(files.privateKey());
        } catch (PkiException unreadable) {
            log.warn("{}; issuing it again", unreadable.getMessage());
            return null;
        }
        Instant renewFrom = certificate.getNotAfter().toInstant().minus(RENEW_BEFORE);
        if (!authority.signed(certificate) || !clock.instant().isBefore(renewFrom)) {
            return null;
        }
        return certificate;
    }

    private static void store(CertificateFiles files, IssuedCertificate issued) {
        PemFiles.write(files.privateKey(), issued.privateKey());
        PemFiles.write(files.certificate(), issued.certificate());
    }

    private static boolean hasSubject(X509Certificate certificate, String user, List<String> groups) {
        try {
            return new JcaX509CertificateHolder(certificate)
                    .getSubject()
                    .equals(CertificateAuthority.name(user, groups));
        } catch (CertificateEncodingException e) {
            return false;
        }
    }

    static ServingNames alternativeNames(X509Certificate certificate) {
        Set<String> dns = new HashSet<>();
        Set<String> ips = new HashSet<>();
        try {
            var names = certificate.getSubjectAlternativeNames();
            if (names != null) {
                for (List<?> entry : names) {
                    int type = (Integer) entry.get(0);
                    String value = (String) entry.get(1);
                    if (type == GeneralName.dNSName) {
                        dns.add(value);
                    } else if (type == GeneralName.iPAddress) {
                        ips.add(value);
                    }
                }
            }
        } catch (CertificateParsingException e) {
            return new ServingNames(Set.of(), Set.of());
        }
        return new ServingNames(dns, ips);
    }
}
