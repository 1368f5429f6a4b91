package io.skiff.apiserver.encryption;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.crypto.engines.XSalsa20Engine;
import org.bouncycastle.crypto.macs.Poly1305;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;

/**
 * NaCl secretbox (XSalsa20 and Poly1305) with a random 24-byte nonce: nonce, then the 16-byte tag,
 * then ciphertext, as Kubernetes' secretbox provider (Go's golang.org/x/crypto/nacl/secretbox).
 */
final class SecretboxProvider implements EncryptionProvider {

    private static final int NONCE_BYTES = 24;
    private static final int TAG_BYTES = 16;
    private static final int MAC_KEY_BYTES = 32;

    private final String prefix;
    private final byte[] key;
    private final SecureRandom random;

    SecretboxProvider(String keyName, byte[] secret, SecureRandom random) {
        if (secret.length != 32) {
            throw new IllegalArgumentException(
                    "secret is not of the expected length, got " + secret.length + ", expected 32");
        }
        this.prefix = "k8s:enc:secretbox:v1:" + keyName + ":";
        this.key = secret.clone();
        this.random = random;
    }

    @Override
    public String prefix() {
        return prefix;
    }

    @Override
    public byte[] seal(byte[] plain, byte[] authenticatedData) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        XSalsa20Engine stream = stream(nonce);
        byte[] macKey = macKey(stream);
        byte[] out = new byte[NONCE_BYTES + TAG_BYTES + plain.length];
        System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
        stream.processBytes(plain, 0, plain.length, out, NONCE_BYTES + TAG_BYTES);
        byte[] tag = tag(macKey, out, NONCE_BYTES + TAG_BYTES, plain.length);
        System.arraycopy(tag, 0, out, NONCE_BYTES, TAG_BYTES);
        return out;
    }

    @Override
    public byte[] open(byte[] sealed, byte[] authenticatedData) throws GeneralSecurityException {
        if (sealed.length < NONCE_BYTES + TAG_BYTES) {
            throw new GeneralSecurityException("the stored data was shorter than the required size");
        }
        XSalsa20Engine stream = stream(Arrays.copyOf(sealed, NONCE_BYTES));
        byte[] macKey = macKey(stream);
        int bodyStart = NONCE_BYTES + TAG_BYTES;
        int bodyLength = sealed.length - bodyStart;
        byte[] expected = tag(macKey, sealed, bodyStart, bodyLength);
        if (!MessageDigest.isEqual(expected, Arrays.copyOfRange(sealed, NONCE_BYTES, bodyStart))) {
            throw new GeneralSecurityException("message authentication failed");
        }
        byte[] plain = new byte[bodyLength];
        stream.processBytes(sealed, bodyStart, bodyLength, plain, 0);
        return plain;
    }

    private XSalsa20Engine stream(byte[] nonce) {
        XSalsa20Engine engine = new XSalsa20Engine();
        engine.init(true, new ParametersWithIV(new KeyParameter(key), nonce));
        return engine;
    }

    /** The first 32 bytes of the key stream key the MAC; the message uses the stream after them. */
    private static byte[] macKey(XSalsa20Engine stream) {
        byte[] macKey = new byte[MAC_KEY_BYTES];
        stream.processBytes(new byte[MAC_KEY_BYTES], 0, MAC_KEY_BYTES, macKey, 0);
        return macKey;
    }

    private static byte[] tag(byte[] macKey, byte[] data, int offset, int length) {
        Poly1305 mac = new Poly1305();
        mac.init(new KeyParameter(macKey));
        mac.update(data, offset, length);
        byte[] tag = new byte[TAG_BYTES];
        mac.doFinal(tag, 0);
        return tag;
    }
}
