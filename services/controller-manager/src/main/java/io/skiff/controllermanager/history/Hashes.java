package io.skiff.controllermanager.history;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The short, name-safe hashes Kubernetes controllers put into object names and labels: 32-bit FNV
 * hashes, printed in decimal and mapped onto apimachinery's alphabet without vowels
 * (rand.SafeEncodeString), so that no hash spells a word.
 */
public final class Hashes {

    private static final String SAFE_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
    private static final int FNV_OFFSET = 0x811c9dc5;
    private static final int FNV_PRIME = 0x01000193;

    private Hashes() {}

    /**
     * A pod template's hash as controller.ComputeHash makes it (the DaemonSet's revision hash, the
     * Deployment's pod-template-hash): FNV-1a over {@code canonicalTemplate} and, when set, the
     * collision count as 8 little-endian bytes, safe-encoded. The caller picks the canonical
     * encoding, and must keep it: changing it renames every revision and ReplicaSet.
     */
    public static String templateHash(byte[] canonicalTemplate, Integer collisionCount) {
        if (collisionCount == null) {
            return safeEncode(fnv1a(canonicalTemplate));
        }
        byte[] count = ByteBuffer.allocate(Long.BYTES)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putInt(collisionCount)
                .array();
        return safeEncode(fnv1a(canonicalTemplate, count));
    }

    /** FNV-1 (multiply, then xor), hash/fnv New32. */
    public static int fnv1(byte[]... parts) {
        int hash = FNV_OFFSET;
        for (byte[] part : parts) {
            for (byte b : part) {
                hash *= FNV_PRIME;
                hash ^= b & 0xff;
            }
        }
        return hash;
    }

    /** FNV-1a (xor, then multiply), hash/fnv New32a. */
    public static int fnv1a(byte[]... parts) {
        int hash = FNV_OFFSET;
        for (byte[] part : parts) {
            for (byte b : part) {
                hash ^= b & 0xff;
                hash *= FNV_PRIME;
            }
        }
        return hash;
    }

    /** The unsigned decimal form of {@code hash}, safe-encoded: fmt.Sprint(sum32) through SafeEncodeString. */
    public static String safeEncode(int hash) {
        String decimal = Integer.toUnsignedString(hash);
        StringBuilder encoded = new StringBuilder(decimal.length());
        for (int i = 0; i < decimal.length(); i++) {
            encoded.append(SAFE_ALPHABET.charAt(decimal.charAt(i) % SAFE_ALPHABET.length()));
        }
        return encoded.toString();
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
