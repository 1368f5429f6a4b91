package io.skiff.apiserver.encryption;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.skiff.apiserver.storage.RegistryKey;
import io.skiff.apiserver.storage.UnreadableValueException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EncryptionConfigurationFileTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String KEY1 = secret(32);
    private static final String KEY2 = secret(32);
    private static final RegistryKey SECRET = new RegistryKey("secrets", "default", "db");
    private static final RegistryKey CONFIG_MAP = new RegistryKey("configmaps", "default", "app");
    private static final byte[] PLAIN = "{\"data\":{\"password\":\"c2VjcmV0\"}}".getBytes(StandardCharsets.UTF_8);

    @Test
    void theFirstProviderWritesAndResourcesNotListedStayPlain() {
        ResourceEncryption encryption = parse(config("secrets", aesgcm("key1", KEY1), "- identity: {}"));

        byte[] stored = encryption.toStorage(SECRET, PLAIN);

        assertThat(new String(stored, StandardCharsets.ISO_8859_1))
                .startsWith("k8s:enc:aesgcm:v1:key1:")
                .doesNotContain("c2VjcmV0");
        assertThat(encryption.fromStorage(SECRET, stored)).isEqualTo(PLAIN);
        assertThat(encryption.toStorage(CONFIG_MAP, PLAIN)).isEqualTo(PLAIN);
        assertThat(encryption.encrypts("secrets")).isTrue();
        assertThat(encryption.encrypts("configmaps")).isFalse();
    }

    @Test
    void plaintextWrittenBeforeEncryptionIsReadThroughIdentity() {
        ResourceEncryption encryption = parse(config("secrets", aesgcm("key1", KEY1), "- identity: {}"));

        assertThat(encryption.fromStorage(SECRET, PLAIN)).isEqualTo(PLAIN);
        assertThat(encryption.isStale(SECRET, PLAIN)).isTrue();
    }

    @Test
    void withoutIdentityPlaintextIsUnreadable() {
        ResourceEncryption encryption = parse(config("secrets", aesgcm("key1", KEY1)));

        assertThatThrownBy(() -> encryption.fromStorage(SECRET, PLAIN))
                .isInstanceOf(UnreadableValueException.class)
                .hasMessage("unable to transform key \"/registry/secrets/default/db\": no matching prefix found");
    }

    @Test
    void clusterScopedObjectsAreNamedWithoutANamespaceSegment() {
        ResourceEncryption encryption = parse(config("*.*", aesgcm("key1", KEY1)));
        RegistryKey node = new RegistryKey("nodes", "", "n1");

        assertThat(encryption.fromStorage(node, encryption.toStorage(node, PLAIN)))
                .isEqualTo(PLAIN);
        assertThatThrownBy(() -> encryption.fromStorage(node, PLAIN))
                .hasMessage("unable to transform key \"/registry/nodes/n1\": no matching prefix found");
    }

    @Test
    void rotationReadsWithTheOldKeyAndWritesWithTheNewOne() {
        ResourceEncryption before = parse(config("secrets", aesgcm("key1", KEY1)));
        byte[] old = before.toStorage(SECRET, PLAIN);
        ResourceEncryption during = parse(config("secrets", aesgcm("key2", KEY2, "key1", KEY1)));

        assertThat(during.fromStorage(SECRET, old)).isEqualTo(PLAIN);
        byte[] rewritten = during.toStorage(SECRET, PLAIN);
        assertThat(new String(rewritten, StandardCharsets.ISO_8859_1)).startsWith("k8s:enc:aesgcm:v1:key2:");

        assertThat(during.isStale(SECRET, old)).as("written by key1").isTrue();
        assertThat(during.isStale(SECRET, rewritten)).isFalse();

        ResourceEncryption after = parse(config("secrets", aesgcm("key2", KEY2)));
        assertThat(after.fromStorage(SECRET, rewritten)).isEqualTo(PLAIN);
        assertThatThrownBy(() -> after.fromStorage(SECRET, old))
                .isInstanceOf(UnreadableValueException.class)
                .hasMessageContaining("no matching prefix found")
                .hasMessageContaining("k8s:enc:aesgcm:v1:key1:");
    }

    @Test
    void aKeyOfTheSameNameWithOtherBytesFailsTheAuthentication() {
        byte[] stored = parse(config("secrets", aesgcm("key1", KEY1))).toStorage(SECRET, PLAIN);
        ResourceEncryption wrongKey = parse(config("secrets", aesgcm("key1", KEY2)));

        assertThatThrownBy(() -> wrongKey.fromStorage(SECRET, stored))
                .isInstanceOf(UnreadableValueException.class)
                .hasMessageStartingWith("unable to transform key \"/registry/secrets/default/db\": ");
    }

    @Test
    void aValueMovedToAnotherRowDoesNotOpen() {
        ResourceEncryption encryption = parse(config("secrets", aesgcm("key1", KEY1)));
        byte[] stored = encryption.toStorage(SECRET, PLAIN);

        assertThatThrownBy(() -> encryption.fromStorage(new RegistryKey("secrets", "default", "other"), stored))
                .isInstanceOf(UnreadableValueException.class);
    }

    @Test
    void decryptingAwayWithIdentityFirstStillReadsEncryptedValues() {
        byte[] stored = parse(config("secrets", aesgcm("key1", KEY1))).toStorage(SECRET, PLAIN);
        ResourceEncryption decrypting = parse(config("secrets", "- identity: {}", aesgcm("key1", KEY1)));

        assertThat(decrypting.fromStorage(SECRET, stored)).isEqualTo(PLAIN);
        assertThat(decrypting.toStorage(SECRET, PLAIN)).isEqualTo(PLAIN);
        assertThat(decrypting.isStale(SECRET, stored)).isTrue();
        assertThat(decrypting.isStale(SECRET, PLAIN)).isFalse();
    }

    @Test
    void eachProviderTypeRoundTripsThroughTheFile() {
        for (String provider : new String[] {"aesgcm", "aescbc", "secretbox"}) {
            ResourceEncryption encryption = parse(config("secrets", """
                    - %s:
                        keys:
                        - name: k
                          secret: %s
                    """.formatted(provider, KEY1)));
            byte[] stored = encryption.toStorage(SECRET, PLAIN);
            assertThat(new String(stored, StandardCharsets.ISO_8859_1)).startsWith("k8s:enc:" + provider + ":v1:k:");
            assertThat(encryption.fromStorage(SECRET, stored)).isEqualTo(PLAIN);
        }
    }

    static Stream<Arguments> resourceNames() {
        return Stream.of(
                Arguments.of("an exact core resource", "secrets", "secrets", true),
                Arguments.of("a core resource written with a trailing dot", "secrets.", "secrets", true),
                Arguments.of("an exact group resource", "deployments.apps", "deployments.apps", true),
                Arguments.of("another resource of the group", "deployments.apps", "statefulsets.apps", false),
                Arguments.of("a group wildcard", "*.apps", "statefulsets.apps", true),
                Arguments.of("a group wildcard and the core group", "*.apps", "secrets", false),
                Arguments.of("the core group wildcard", "*.", "configmaps", true),
                Arguments.of("the core group wildcard and a group", "*.", "deployments.apps", false),
                Arguments.of("everything", "*.*", "ingresses.networking.k8s.io", true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("resourceNames")
    void resourcesAreMatchedAsKubernetesNamesThem(String name, String listed, String resource, boolean encrypted) {
        assertThat(parse(config(listed, aesgcm("key1", KEY1))).encrypts(resource))
                .isEqualTo(encrypted);
    }

    @Test
    void theFirstEntryNamingAResourceWins() {
        ResourceEncryption encryption = parse("""
                apiVersion: apiserver.config.k8s.io/v1
                kind: EncryptionConfiguration
                resources:
                - resources: [secrets]
                  providers:
                  - identity: {}
                - resources: ["*.*"]
                  providers:
                %s
                """.formatted(aesgcm("key1", KEY1).indent(2)));

        assertThat(encryption.encrypts("secrets")).isFalse();
        assertThat(encryption.encrypts("configmaps")).isTrue();
    }

    static Stream<Arguments> invalidFiles() {
        return Stream.of(
                Arguments.of("not YAML", "{{{", "not valid YAML"),
                Arguments.of(
                        "another kind",
                        "apiVersion: v1\nkind: ConfigMap\n",
                        "expected apiVersion apiserver.config.k8s.io/v1 and kind EncryptionConfiguration"),
                Arguments.of(
                        "no resources",
                        "apiVersion: apiserver.config.k8s.io/v1\nkind: EncryptionConfiguration\n",
                        "resources: Required value"),
                Arguments.of("no providers", config("secrets"), "resources[0].providers: Required value"),
                Arguments.of(
                        "two providers in one element",
                        config("secrets", "- identity: {}\n  aesgcm: {keys: [{name: k, secret: " + KEY1 + "}]}"),
                        "more than one provider specified in a single element"),
                Arguments.of(
                        "a key without a name",
                        config("secrets", "- aesgcm: {keys: [{secret: " + KEY1 + "}]}"),
                        "resources[0].providers[0].aesgcm.keys[0].name: Required value"),
                Arguments.of(
                        "a key name with a colon", config("secrets", aesgcm("a:b", KEY1)), "should not contain ':'"),
                Arguments.of(
                        "a secret that is not base64",
                        config("secrets", aesgcm("k", "not base64!")),
                        "secrets must be base64 encoded"),
                Arguments.of(
                        "a short aescbc secret",
                        config("secrets", "- aescbc: {keys: [{name: k, secret: " + secret(16) + "}]}"),
                        "secret is not of the expected length, got 16, expected 32"),
                Arguments.of(
                        "kms",
                        config("secrets", "- kms: {name: vault, endpoint: unix:///kms.sock}"),
                        "Skiff has no KMS plugin support"),
                Arguments.of(
                        "a resource named twice",
                        config("secrets", "- identity: {}").replace("[\"secrets\"]", "[secrets, secrets]"),
                        "Duplicate value: \"secrets\""),
                Arguments.of("an upper-case resource", config("Secrets", "- identity: {}"), "must be lower case"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidFiles")
    void invalidFilesAreRefusedWithTheReason(String name, String text, String reason) {
        assertThatThrownBy(() -> parse(text))
                .isInstanceOf(InvalidEncryptionConfigurationException.class)
                .hasMessageContaining(reason);
    }

    @Test
    void theSecretIsNeverInTheMessage() {
        assertThatThrownBy(() -> parse(config("secrets", "- aesgcm: {keys: [{name: k, secret: " + secret(20) + "}]}")))
                .hasMessageContaining("REDACTED")
                .hasMessageNotContaining(KEY1);
    }

    private static ResourceEncryption parse(String text) {
        return EncryptionConfigurationFile.parse(text, RANDOM);
    }

    static String config(String resource, String... providers) {
        StringBuilder text = new StringBuilder("""
                apiVersion: apiserver.config.k8s.io/v1
                kind: EncryptionConfiguration
                resources:
                - resources: ["%s"]
                  providers:
                """.formatted(resource));
        for (String provider : providers) {
            text.append(provider.indent(2));
        }
        return text.toString();
    }

    /** An aesgcm provider entry with keys given as name, secret, name, secret... */
    static String aesgcm(String... nameAndSecret) {
        StringBuilder text = new StringBuilder("- aesgcm:\n    keys:\n");
        for (int i = 0; i < nameAndSecret.length; i += 2) {
            text.append("    - name: ").append(nameAndSecret[i]).append('\n');
            text.append("      secret: \"").append(nameAndSecret[i + 1]).append("\"\n");
        }
        return text.toString();
    }

    static String secret(int bytes) {
        byte[] key = new byte[bytes];
        RANDOM.nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }
}
