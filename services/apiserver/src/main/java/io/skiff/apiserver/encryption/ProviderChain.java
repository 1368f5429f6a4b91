package io.skiff.apiserver.encryption;

import io.skiff.apiserver.storage.RegistryKey;
import io.skiff.apiserver.storage.UnreadableValueException;
import io.skiff.apiserver.storage.ValueTransformer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;

/**
 * The providers of one resource, in configuration order: the first seals every write; a stored
 * value is opened by the provider whose prefix it carries, as Kubernetes' prefix transformers do.
 * Identity (no prefix) reads values no other provider claims, so switching encryption on leaves
 * existing plaintext readable until it is rewritten.
 */
final class ProviderChain {

    private final List<EncryptionProvider> providers;
    private final List<byte[]> prefixes = new ArrayList<>();

    ProviderChain(List<EncryptionProvider> providers) {
        if (providers.isEmpty()) {
            throw new IllegalArgumentException("at least one provider is required");
        }
        this.providers = List.copyOf(providers);
        for (EncryptionProvider provider : providers) {
            prefixes.add(provider.prefix().getBytes(StandardCharsets.US_ASCII));
        }
    }

    /** The provider that seals writes. */
    EncryptionProvider writer() {
        return providers.get(0);
    }

    byte[] seal(RegistryKey key, byte[] plain) {
        try {
            byte[] prefix = prefixes.get(0);
            byte[] sealed = writer().seal(plain, authenticatedData(key));
            byte[] out = new byte[prefix.length + sealed.length];
            System.arraycopy(prefix, 0, out, 0, prefix.length);
            System.arraycopy(sealed, 0, out, prefix.length, sealed.length);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("encrypting " + key + " failed: " + e.getMessage(), e);
        }
    }

    byte[] open(RegistryKey key, byte[] stored) {
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < providers.size(); i++) {
            byte[] prefix = prefixes.get(i);
            if (!IdentityProvider.startsWith(stored, prefix)) {
                continue;
            }
            try {
                byte[] body = java.util.Arrays.copyOfRange(stored, prefix.length, stored.length);
                return providers.get(i).open(body, authenticatedData(key));
            } catch (GeneralSecurityException e) {
                // Identity fails on encrypted data that a later provider may open (decrypting away).
                if (prefix.length > 0) {
                    failures.add(e.getMessage());
                }
            }
        }
        throw new UnreadableValueException(
                key, failures.isEmpty() ? "no matching prefix found" + markOf(stored) : String.join("; ", failures));
    }

    /** Names the provider key an encrypted value asks for, so a missing key is easy to spot. */
    private static String markOf(byte[] stored) {
        if (!IdentityProvider.startsWith(stored, IdentityProvider.ENCRYPTED_MARK)) {
            return "";
        }
        String head = new String(stored, 0, Math.min(stored.length, 300), StandardCharsets.ISO_8859_1);
        // k8s:enc:<provider>:v1:<keyname>:
        int end = 0;
        for (int colons = 0; end < head.length() && colons < 5; end++) {
            if (head.charAt(end) == ':') {
                colons++;
            }
        }
        return " (the value was written with " + head.substring(0, end) + ", a key no configured provider has)";
    }

    /** Whether a write would store the value differently now: another provider or key wrote it. */
    boolean isStale(byte[] stored) {
        if (writer() instanceof IdentityProvider) {
            return IdentityProvider.startsWith(stored, IdentityProvider.ENCRYPTED_MARK);
        }
        return !IdentityProvider.startsWith(stored, prefixes.get(0));
    }

    /** The row a value belongs to: a value copied into another row does not open there. */
    static byte[] authenticatedData(RegistryKey key) {
        return ValueTransformer.path(key).getBytes(StandardCharsets.UTF_8);
    }
}
