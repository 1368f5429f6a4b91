package io.skiff.launcher.bootstrap;

import io.skiff.apiserver.pki.PemFiles;
import io.skiff.apiserver.pki.PkiException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Whether the certificate and key already on disk may be used again: both there and readable, the
 * key the certificate's, and the certificate valid now and not yet in the last 20 % of its
 * lifetime, when the kubelet's certificate manager would rotate it too.
 */
final class StoredCertificate {

    /** The share of a certificate's lifetime after which it is replaced. */
    static final double RENEW_AFTER = 0.8;

    private StoredCertificate() {}

    /** Why the stored pair is not to be reused, or empty when it is. */
    static Optional<String> whyNotReusable(ClientCertificateFiles files, Instant now) {
        if (!Files.isRegularFile(files.certificate()) || !Files.isRegularFile(files.key())) {
            return Optional.of("no client certificate yet");
        }
        X509Certificate certificate;
        PrivateKey key;
        try {
            certificate = PemFiles.readCertificate(files.certificate());
            key = PemFiles.readPrivateKey(files.key());
        } catch (PkiException e) {
            return Optional.of("the stored client certificate is unreadable: " + e.getMessage());
        }
        if (!matches(certificate.getPublicKey(), key)) {
            return Optional.of("the stored client key does not belong to the stored certificate");
        }
        Instant notBefore = certificate.getNotBefore().toInstant();
        Instant notAfter = certificate.getNotAfter().toInstant();
        if (now.isBefore(notBefore) || !now.isBefore(notAfter)) {
            return Optional.of(
                    "the stored client certificate is not valid now (valid " + notBefore + " to " + notAfter + ")");
        }
        long lifetimeMillis = Duration.between(notBefore, notAfter).toMillis();
        Instant renewAt = notBefore.plusMillis((long) (lifetimeMillis * RENEW_AFTER));
        if (!now.isBefore(renewAt)) {
            return Optional.of("the stored client certificate expires at " + notAfter + ", within 20% of its lifetime");
        }
        return Optional.empty();
    }

    /** Whether {@code key} is the private half of {@code publicKey}: what it signs, the other verifies. */
    static boolean matches(PublicKey publicKey, PrivateKey key) {
        byte[] challenge = "skiff-node-client-key-check".getBytes(StandardCharsets.US_ASCII);
        try {
            String algorithm = "EC".equals(key.getAlgorithm()) ? "SHA256withECDSA" : "SHA256with" + key.getAlgorithm();
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(challenge);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
