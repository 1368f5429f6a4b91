package io.skiff.controllermanager.certificates.signing;

import io.skiff.controllermanager.certificates.RequestedNames;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;

/**
 * Signs a PKCS#10 request with the cluster CA as Kubernetes' local signer does
 * (PermissiveSigningPolicy): the request's subject, public key and subject alternative names, the
 * requested usages, no other extensions, not a CA; valid from five minutes back, for the TTL (less
 * the backdate when it is 8 hours or more), never past the CA's own expiry.
 */
final class CertificateSigner {

    static final Duration BACKDATE = Duration.ofMinutes(5);
    static final Duration SHORT = Duration.ofHours(8);

    private static final SecureRandom RANDOM = new SecureRandom();

    private final ClusterCa ca;

    CertificateSigner(ClusterCa ca) {
        this.ca = ca;
    }

    /** The signed certificate as PEM. */
    byte[] sign(PKCS10CertificationRequest request, KeyUsages usages, Duration ttl, Instant now) {
        Instant caNotAfter = ca.certificate().getNotAfter().toInstant();
        if (!now.isBefore(caNotAfter)) {
            throw new IllegalStateException(
                    "refusing to sign a certificate that expired in the past: NotAfter=" + caNotAfter);
        }
        Instant notBefore = now.minus(BACKDATE);
        Instant notAfter =
                ttl.compareTo(SHORT) < 0 ? now.plus(ttl) : now.plus(ttl).minus(BACKDATE);
        if (!notAfter.isBefore(caNotAfter)) {
            notAfter = caNotAfter;
        }
        try {
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                            ca.certificate(),
                            new BigInteger(127, RANDOM).setBit(0),
                            Date.from(notBefore),
                            Date.from(notAfter),
                            request.getSubject(),
                            new org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest(request).getPublicKey())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(
                            Extension.authorityKeyIdentifier,
                            false,
                            new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(ca.certificate()));
            if (usages.keyUsage() != 0) {
                builder.addExtension(Extension.keyUsage, true, new KeyUsage(usages.keyUsage()));
            }
            if (!usages.extendedKeyUsages().isEmpty()) {
                builder.addExtension(
                        Extension.extendedKeyUsage,
                        false,
                        new ExtendedKeyUsage(usages.extendedKeyUsages().toArray(new KeyPurposeId[0])));
            }
            GeneralNames alternatives = RequestedNames.alternativeNames(request);
            if (alternatives != null) {
                builder.addExtension(Extension.subjectAlternativeName, false, alternatives);
            }
            X509CertificateHolder signed =
                    builder.build(new JcaContentSignerBuilder(signatureAlgorithm(ca.certificate())).build(ca.key()));
            return pem(signed.getEncoded());
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("could not sign the certificate: " + e.getMessage(), e);
        }
    }

    private static String signatureAlgorithm(X509Certificate ca) {
        return switch (ca.getPublicKey().getAlgorithm()) {
            case "EC" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            default ->
                throw new IllegalStateException("unsupported cluster CA key algorithm "
                        + ca.getPublicKey().getAlgorithm());
        };
    }

    private static byte[] pem(byte[] der) {
        StringWriter out = new StringWriter();
        try (PemWriter writer = new PemWriter(out)) {
            writer.writeObject(new PemObject("CERTIFICATE", der));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString().getBytes(StandardCharsets.US_ASCII);
    }
}
