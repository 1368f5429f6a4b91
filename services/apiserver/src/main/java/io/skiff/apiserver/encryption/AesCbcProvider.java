package io.skiff.apiserver.encryption;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-CBC with PKCS#7 padding and a random IV: IV, then ciphertext, as Kubernetes' aescbc provider.
 * CBC authenticates nothing: a tampered value mostly fails its padding check, but not always.
 * Kubernetes no longer recommends it; it is here to read clusters configured with it.
 */
final class AesCbcProvider implements EncryptionProvider {

    private static final int BLOCK = 16;

    private final String prefix;
    private final SecretKeySpec key;
    private final SecureRandom random;

    AesCbcProvider(String keyName, byte[] secret, SecureRandom random) {
        if (secret.length != 32) {
            throw new IllegalArgumentException(
                    "secret is not of the expected length, got " + secret.length + ", expected 32");
        }
        this.prefix = "k8s:enc:aescbc:v1:" + keyName + ":";
        this.key = new SecretKeySpec(secret, "AES");
        this.random = random;
    }

    @Override
    public String prefix() {
        return prefix;
    }

    @Override
    public byte[] seal(byte[] plain, byte[] authenticatedData) throws GeneralSecurityException {
        byte[] iv = new byte[BLOCK];
        random.nextBytes(iv);
        Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
        cipher.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(iv));
        byte[] out = Arrays.copyOf(iv, BLOCK + cipher.getOutputSize(plain.length));
        int written = cipher.doFinal(plain, 0, plain.length, out, BLOCK);
        return Arrays.copyOf(out, BLOCK + written);
    }

    @Override
    public byte[] open(byte[] sealed, byte[] authenticatedData) throws GeneralSecurityException {
        if (sealed.length < 2 * BLOCK || sealed.length % BLOCK != 0) {
            throw new GeneralSecurityException("the stored data is not a multiple of the block size");
        }
        Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
        cipher.init(Cipher.DECRYPT_MODE, key, new IvParameterSpec(sealed, 0, BLOCK));
        return cipher.doFinal(sealed, BLOCK, sealed.length - BLOCK);
    }
}
