package io.skiff.kubelet.image;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A content digest ("sha256:&lt;hex&gt;"), validated as go-digest does.
 *
 * @param algorithm sha256, sha384 or sha512
 * @param encoded the lowercase hex of the hash
 */
public record Digest(String algorithm, String encoded) {

    private static final Map<String, Integer> HEX_LENGTHS = Map.of("sha256", 64, "sha384", 96, "sha512", 128);
    private static final Map<String, String> JAVA_NAMES =
            Map.of("sha256", "SHA-256", "sha384", "SHA-384", "sha512", "SHA-512");
    private static final Pattern ANCHORED = Pattern.compile("^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$");
    private static final Pattern LOWER_HEX = Pattern.compile("^[a-f0-9]+$");

    /** @throws InvalidReferenceException with go-digest's message */
    public static Digest parse(String digest) {
        int colon = digest.indexOf(':');
        if (colon <= 0 || colon + 1 == digest.length()) {
            throw new InvalidReferenceException("invalid checksum digest format");
        }
        String algorithm = digest.substring(0, colon);
        String encoded = digest.substring(colon + 1);
        Integer length = HEX_LENGTHS.get(algorithm);
        if (length == null) {
            if (!ANCHORED.matcher(digest).matches()) {
                throw new InvalidReferenceException("invalid checksum digest format");
            }
            throw new InvalidReferenceException("unsupported digest algorithm");
        }
        if (encoded.length() != length) {
            throw new InvalidReferenceException("invalid checksum digest length");
        }
        if (!LOWER_HEX.matcher(encoded).matches()) {
            throw new InvalidReferenceException("invalid checksum digest format");
        }
        return new Digest(algorithm, encoded);
    }

    public static Digest sha256(byte[] content) {
        return new Digest("sha256", HexFormat.of().formatHex(newSha256().digest(content)));
    }

    static MessageDigest newSha256() {
        return newMessageDigest("sha256");
    }

    /** A fresh hasher for this digest's algorithm. */
    MessageDigest newMessageDigest() {
        return newMessageDigest(algorithm);
    }

    static Digest of(String algorithm, MessageDigest finished) {
        return new Digest(algorithm, HexFormat.of().formatHex(finished.digest()));
    }

    private static MessageDigest newMessageDigest(String algorithm) {
        try {
            return MessageDigest.getInstance(JAVA_NAMES.get(algorithm));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return algorithm + ":" + encoded;
    }
}
