package io.skiff.apiserver.encryption;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-GCM with a random 12-byte nonce: nonce, then ciphertext with its 16-byte tag, as Kubernetes'
 * aesgcm provider. The row's key is the authenticated data. Kubernetes advises rotating such a key
 * before 2^32 writes (random nonces).
 */
final class AesGcmProvider implements EncryptionProvider {

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final String prefix;
    private final SecretKeySpec key;
    private final SecureRandom random;

    AesGcmProvider(String keyName, byte[] secret, SecureRandom random) {
        if (secret.length != 16 && secret.length != 24 && secret.length != 32) {
            throw new IllegalArgumentException(
                    "secret is not of the expected length, got " + secret.length + ", expected one of [16 24 32]");
        }
        this.prefix = "k8s:enc:aesgcm:v1:" + keyName + ":";
        this.key = new SecretKeySpec(secret, "AES");
        this.random = random;
    }

    @Override
    public String prefix() {
        return prefix;
    }

    @Override
    public byte[] seal(byte[] plain, byte[] authenticatedData) throws GeneralSecurityException {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD(authenticatedData);
        byte[] out = Arrays.copyOf(nonce, NONCE_BYTES + cipher.getOutputSize(plain.length));
        cipher.doFinal(plain, 0, plain.length, out, NONCE_BYTES);
        return out;
    }

    @Override
    public byte[] open(byte[] sealed, byte[] authenticatedData) throws GeneralSecurityException {
        if (sealed.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new GeneralSecurityException("the stored data was shorter than the required size");
        }
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 0, NONCE_BYTES));
        cipher.updateAAD(authenticatedData);
        return cipher.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES);
    }
}
