package io.skiff.apiserver.encryption;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EncryptionProvidersTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final byte[] ROW = "/registry/secrets/default/db".getBytes(StandardCharsets.UTF_8);
    private static final byte[] PLAIN =
            "{\"kind\":\"Secret\",\"data\":{\"password\":\"aHVudGVyMg==\"}}".getBytes(StandardCharsets.UTF_8);

    static Stream<Arguments> providers() {
        return Stream.of(
                Arguments.of("aesgcm 128-bit", new AesGcmProvider("k", key(16), RANDOM), "k8s:enc:aesgcm:v1:k:"),
                Arguments.of("aesgcm 256-bit", new AesGcmProvider("k", key(32), RANDOM), "k8s:enc:aesgcm:v1:k:"),
                Arguments.of("aescbc", new AesCbcProvider("k", key(32), RANDOM), "k8s:enc:aescbc:v1:k:"),
                Arguments.of("secretbox", new SecretboxProvider("k", key(32), RANDOM), "k8s:enc:secretbox:v1:k:"));
    }

    static Stream<Arguments> authenticatingProviders() {
        return providers().filter(a -> !a.get()[0].equals("aescbc"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void sealedValuesOpenToThePlaintextAndDoNotContainIt(String name, EncryptionProvider provider, String prefix)
            throws GeneralSecurityException {
        byte[] sealed = provider.seal(PLAIN, ROW);

        assertThat(provider.prefix()).isEqualTo(prefix);
        assertThat(new String(sealed, StandardCharsets.ISO_8859_1))
                .doesNotContain("aHVudGVyMg")
                .doesNotContain("Secret");
        assertThat(provider.open(sealed, ROW)).isEqualTo(PLAIN);
        assertThat(provider.open(provider.seal(new byte[0], ROW), ROW)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void twoSealsOfOneValueDiffer(String name, EncryptionProvider provider, String prefix)
            throws GeneralSecurityException {
        assertThat(provider.seal(PLAIN, ROW)).isNotEqualTo(provider.seal(PLAIN, ROW));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("authenticatingProviders")
    void aTamperedValueIsRefused(String name, EncryptionProvider provider, String prefix)
            throws GeneralSecurityException {
        byte[] sealed = provider.seal(PLAIN, ROW);
        for (int position : new int[] {0, sealed.length / 2, sealed.length - 1}) {
            byte[] tampered = sealed.clone();
            tampered[position] ^= 0x01;
            assertThatThrownBy(() -> provider.open(tampered, ROW))
                    .as("flipped bit at " + position)
                    .isInstanceOf(GeneralSecurityException.class);
        }
        assertThatThrownBy(() -> provider.open(Arrays.copyOf(sealed, sealed.length - 1), ROW))
                .isInstanceOf(GeneralSecurityException.class);
        assertThatThrownBy(() -> provider.open(new byte[3], ROW)).isInstanceOf(GeneralSecurityException.class);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("authenticatingProviders")
    void anotherKeyCannotOpen(String name, EncryptionProvider provider, String prefix) throws GeneralSecurityException {
        EncryptionProvider other = switch (name) {
            case "secretbox" -> new SecretboxProvider("k", key(32), RANDOM);
            default -> new AesGcmProvider("k", key(32), RANDOM);
        };
        assertThatThrownBy(() -> other.open(provider.seal(PLAIN, ROW), ROW))
                .isInstanceOf(GeneralSecurityException.class);
    }

    @org.junit.jupiter.api.Test
    void aesGcmBindsTheValueToItsRow() throws GeneralSecurityException {
        AesGcmProvider provider = new AesGcmProvider("k", key(32), RANDOM);
        byte[] sealed = provider.seal(PLAIN, ROW);

        assertThatThrownBy(() -> provider.open(sealed, "/registry/secrets/default/other".getBytes()))
                .isInstanceOf(GeneralSecurityException.class);
    }

    @org.junit.jupiter.api.Test
    void keysOfTheWrongLengthAreRefused() {
        assertThatThrownBy(() -> new AesGcmProvider("k", key(20), RANDOM))
                .hasMessage("secret is not of the expected length, got 20, expected one of [16 24 32]");
        assertThatThrownBy(() -> new AesCbcProvider("k", key(16), RANDOM))
                .hasMessage("secret is not of the expected length, got 16, expected 32");
        assertThatThrownBy(() -> new SecretboxProvider("k", key(31), RANDOM))
                .hasMessage("secret is not of the expected length, got 31, expected 32");
    }

    @org.junit.jupiter.api.Test
    void identityReadsPlaintextButNotEncryptedValues() throws GeneralSecurityException {
        IdentityProvider identity = new IdentityProvider();

        assertThat(identity.seal(PLAIN, ROW)).isSameAs(PLAIN);
        assertThat(identity.open(PLAIN, ROW)).isSameAs(PLAIN);
        assertThatThrownBy(() -> identity.open("k8s:enc:aesgcm:v1:k:xyz".getBytes(), ROW))
                .hasMessage("identity transformer tried to read encrypted data");
    }

    static byte[] key(int length) {
        byte[] key = new byte[length];
        RANDOM.nextBytes(key);
        return key;
    }
}
