package io.skiff.apiserver.pki;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A certificate's public-key pin as kubeadm's {@code --discovery-token-ca-cert-hash} writes it:
 * {@code sha256:} and the hex SHA-256 of the DER SubjectPublicKeyInfo. It names the cluster CA
 * without the CA itself, so a joining node given the pin can trust the authority the server shows it.
 */
public record PublicKeyPin(String sha256Hex) {

    private static final String PREFIX = "sha256:";
    private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");

    public PublicKeyPin {
        if (sha256Hex == null || !HEX.matcher(sha256Hex).matches()) {
            throw new IllegalArgumentException("a public-key pin is sha256: and 64 lower-case hex digits");
        }
    }

    public static PublicKeyPin of(X509Certificate certificate) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(certificate.getPublicKey().getEncoded());
            return new PublicKeyPin(HexFormat.of().formatHex(digest));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** {@code sha256:<hex>} or the bare hex, as kubeadm accepts. */
    public static PublicKeyPin parse(String text) {
        String hex = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        return new PublicKeyPin(hex.startsWith(PREFIX) ? hex.substring(PREFIX.length()) : hex);
    }

    public boolean matches(X509Certificate certificate) {
        return MessageDigest.isEqual(
                sha256Hex.getBytes(StandardCharsets.US_ASCII),
                of(certificate).sha256Hex.getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public String toString() {
        return PREFIX + sha256Hex;
    }
}
