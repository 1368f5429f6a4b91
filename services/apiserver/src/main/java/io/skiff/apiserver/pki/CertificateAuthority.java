package io.skiff.apiserver.pki;

import io.skiff.apiserver.validation.IpAddresses;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The cluster's certificate authority: a self-signed CA certificate and its key, which sign the API
 * server's serving certificate and the client certificates users and components present.
 */
public final class CertificateAuthority {

    /** Ten years, as kubeadm's and k3s's cluster CAs. */
    public static final Duration VALIDITY = Duration.ofDays(3650);

    /** Certificates start an hour back, so a clock a little behind the issuer's accepts them. */
    private static final Duration BACKDATE = Duration.ofHours(1);

    private static final SecureRandom RANDOM = new SecureRandom();

    private final IssuedCertificate ca;

    public CertificateAuthority(IssuedCertificate ca) {
        this.ca = ca;
    }

    /** A new authority, e.g. {@code skiff-ca@1733570000} as k3s names its CAs by creation time. */
    public static CertificateAuthority create(String commonName, Clock clock) {
        KeyPair keys = newKeyPair();
        X500Name subject = name(commonName, List.of());
        Instant now = clock.instant();
        try {
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                            subject,
                            serialNumber(),
                            Date.from(now.minus(BACKDATE)),
                            Date.from(now.plus(VALIDITY)),
                            subject,
                            keys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                    .addExtension(
                            Extension.keyUsage,
                            true,
                            new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature))
                    .addExtension(
                            Extension.subjectKeyIdentifier,
                            false,
                            extensions.createSubjectKeyIdentifier(keys.getPublic()));
            return new CertificateAuthority(new IssuedCertificate(sign(builder, keys), keys.getPrivate()));
        } catch (GeneralSecurityException | CertIOException e) {
            throw new PkiException("could not create the certificate authority " + commonName, e);
        }
    }

    public X509Certificate certificate() {
        return ca.certificate();
    }

    public IssuedCertificate asIssued() {
        return ca;
    }

    /** Signs a new key pair's certificate as the request says. */
    public IssuedCertificate issue(CertificateRequest request, Clock clock) {
        KeyPair keys = newKeyPair();
        Instant now = clock.instant();
        Instant notAfter = now.plus(request.validity());
        Instant caNotAfter = ca.certificate().getNotAfter().toInstant();
        if (notAfter.isAfter(caNotAfter)) {
            notAfter = caNotAfter; // a certificate cannot outlive its issuer
        }
        try {
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                            ca.certificate(),
                            serialNumber(),
                            Date.from(now.minus(BACKDATE)),
                            Date.from(notAfter),
                            name(request.commonName(), request.organizations()),
                            keys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(
                            Extension.keyUsage,
                            true,
                            new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment))
                    .addExtension(
                            Extension.extendedKeyUsage,
                            false,
                            new ExtendedKeyUsage(
                                    request.usage() == CertificateRequest.Usage.SERVER
                                            ? KeyPurposeId.id_kp_serverAuth
                                            : KeyPurposeId.id_kp_clientAuth))
                    .addExtension(
                            Extension.authorityKeyIdentifier,
                            false,
                            extensions.createAuthorityKeyIdentifier(ca.certificate()));
            List<GeneralName> alternativeNames = alternativeNames(request);
            if (!alternativeNames.isEmpty()) {
                builder.addExtension(
                        Extension.subjectAlternativeName,
                        false,
                        new DERSequence(alternativeNames.toArray(new GeneralName[0])));
            }
            X509Certificate certificate =
                    sign(builder, new KeyPair(ca.certificate().getPublicKey(), ca.privateKey()));
            return new IssuedCertificate(certificate, keys.getPrivate());
        } catch (GeneralSecurityException | CertIOException e) {
            throw new PkiException("could not issue a certificate for " + request.commonName(), e);
        }
    }

    /** Whether {@code certificate} carries this authority's signature. */
    public boolean signed(X509Certificate certificate) {
        PublicKey key = ca.certificate().getPublicKey();
        try {
            certificate.verify(key);
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static List<GeneralName> alternativeNames(CertificateRequest request) {
        List<GeneralName> names = new ArrayList<>();
        request.dnsNames().stream().sorted().forEach(dns -> names.add(new GeneralName(GeneralName.dNSName, dns)));
        request.ipAddresses().stream()
                .sorted()
                .forEach(ip -> names.add(new GeneralName(GeneralName.iPAddress, literal(ip))));
        return names;
    }

    /** An IP literal's bytes; refuses host names, which must not be resolved here. */
    private static DEROctetString literal(String ip) {
        byte[] bytes = IpAddresses.parse(ip);
        if (bytes == null) {
            throw new IllegalArgumentException("not an IP address: " + ip);
        }
        return new DEROctetString(bytes);
    }

    static X500Name name(String commonName, List<String> organizations) {
        X500NameBuilder name = new X500NameBuilder(BCStyle.INSTANCE);
        organizations.forEach(o -> name.addRDN(BCStyle.O, o));
        name.addRDN(BCStyle.CN, commonName);
        return name.build();
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair signer)
            throws GeneralSecurityException {
        try {
            return new JcaX509CertificateConverter()
                    .getCertificate(
                            builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate())));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }

    /** 127 random bits: positive, unique in practice, within RFC 5280's 20 octets. */
    private static BigInteger serialNumber() {
        return new BigInteger(127, RANDOM).setBit(0);
    }

    static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new PkiException("no ECDSA P-256 key generator in this JVM", e);
        }
    }
}
