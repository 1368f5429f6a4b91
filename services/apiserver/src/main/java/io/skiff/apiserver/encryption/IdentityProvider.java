package io.skiff.apiserver.encryption;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;

/** Stores values as they are; reads anything not marked encrypted. */
final class IdentityProvider implements EncryptionProvider {

    static final byte[] ENCRYPTED_MARK = "k8s:enc:".getBytes(StandardCharsets.US_ASCII);

    @Override
    public String prefix() {
        return "";
    }

    @Override
    public byte[] seal(byte[] plain, byte[] authenticatedData) {
        return plain;
    }

    @Override
    public byte[] open(byte[] sealed, byte[] authenticatedData) throws GeneralSecurityException {
        if (startsWith(sealed, ENCRYPTED_MARK)) {
            throw new GeneralSecurityException("identity transformer tried to read encrypted data");
        }
        return sealed;
    }

    static boolean startsWith(byte[] value, byte[] prefix) {
        return value.length >= prefix.length && Arrays.equals(value, 0, prefix.length, prefix, 0, prefix.length);
    }
}
