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

    /**
     * The test vector of NaCl's crypto_secretbox (tests/secretbox.c, "Cryptography in NaCl" section
     * 10), which Go's golang.org/x/crypto/nacl/secretbox that Kubernetes uses also produces.
     */
    @org.junit.jupiter.api.Test
    void secretboxMatchesNaclsTestVector() throws GeneralSecurityException {
        byte[] key = hex("1b27556473e985d462cd51197a9a46c76009549eac6474f206c4ee0844f68389");
        byte[] nonce = hex("69696ee955b62b73cd62bda875fc73d68219e0036b7a0b37");
        byte[] message = hex("be075fc53c81f2d5cf141316ebeb0c7b5228c52a4c62cbd44b66849b64244ffce5ecbaaf33bd751a"
                + "1ac728d45e6c61296cdc3c01233561f41db66cce314adb310e3be8250c46f06dceea3a7fa1348057e2f6556ad6b1318a"
                + "024a838f21af1fde048977eb48f59ffd4924ca1c60902e52f0a089bc76897040e082f937763848645e0705");
        byte[] expected = hex("f3ffc7703f9400e52a7dfb4b3d3305d98e993b9f48681273c29650ba32fc76ce48332ea7164d96a4"
                + "476fb8c531a1186ac0dfc17c98dce87b4da7f011ec48c97271d2c20f9b928fe2270d6fb863d51738b48eeee314a7cc8a"
                + "b932164548e526ae90224368517acfeabd6bb3732bc0e9da99832b61ca01b6de56244a9e88d5f9b37973f622a43d14a6"
                + "599b1f654cb45a74e355a5");
        SecureRandom fixedNonce = new SecureRandom() {
            @Override
            public void nextBytes(byte[] bytes) {
                System.arraycopy(nonce, 0, bytes, 0, bytes.length);
            }
        };
        SecretboxProvider provider = new SecretboxProvider("k", key, fixedNonce);

        byte[] sealed = provider.seal(message, ROW);

        assertThat(Arrays.copyOfRange(sealed, 0, 24)).isEqualTo(nonce);
        assertThat(Arrays.copyOfRange(sealed, 24, sealed.length)).isEqualTo(expected);
        assertThat(provider.open(sealed, ROW)).isEqualTo(message);
    }

    private static byte[] hex(String text) {
        return java.util.HexFormat.of().parseHex(text);
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
