package io.skiff.launcher.join;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BootstrapTokenSecretTest {

    private static final JoinToken TOKEN = JoinToken.parse("abcdef.0123456789abcdef");
    private static final Instant NOW = Instant.parse("2026-12-07T04:00:00Z");

    @Test
    void theServersTokenSecretHasKubeadmsShape() {
        Secret secret = BootstrapTokenSecret.forServerToken(TOKEN);
        assertThat(secret.getMetadata().getNamespace()).isEqualTo("kube-system");
        assertThat(secret.getMetadata().getName()).isEqualTo("bootstrap-token-abcdef");
        assertThat(secret.getType()).isEqualTo("bootstrap.kubernetes.io/token");
        Map<String, String> decoded = new LinkedHashMap<>();
        secret.getData()
                .forEach((key, value) ->
                        decoded.put(key, new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8)));
        assertThat(decoded)
                .containsOnlyKeys(
                        "description",
                        "token-id",
                        "token-secret",
                        "usage-bootstrap-authentication",
                        "usage-bootstrap-signing",
                        "auth-extra-groups")
                .containsEntry("token-id", "abcdef")
                .containsEntry("token-secret", "0123456789abcdef")
                .containsEntry("usage-bootstrap-authentication", "true")
                .containsEntry("usage-bootstrap-signing", "true")
                .containsEntry("auth-extra-groups", "system:bootstrappers:skiff:agents");
        assertThat(BootstrapTokenSecret.check(secret, TOKEN, NOW)).isEmpty();
    }

    @Test
    void aDifferentSecretIsAWrongToken() {
        Optional<BootstrapTokenSecret.Rejection> rejection = BootstrapTokenSecret.check(
                BootstrapTokenSecret.forServerToken(TOKEN), JoinToken.parse("abcdef.fedcba9876543210"), NOW);
        assertThat(rejection).hasValueSatisfying(r -> {
            assertThat(r.reason()).isEqualTo(BootstrapTokenSecret.Rejection.Reason.WRONG);
            assertThat(r.message()).isEqualTo("the secret of join token \"abcdef\" does not match the server's");
        });
    }

    @Test
    void anExpiredTokenOrOneNotForAuthenticationIsRefused() {
        Secret expired = withStringData("expiration", "2026-12-07T03:59:59Z");
        assertThat(BootstrapTokenSecret.check(expired, TOKEN, NOW))
                .hasValueSatisfying(r ->
                        assertThat(r.message()).isEqualTo("join token \"abcdef\" expired at 2026-12-07T03:59:59Z"));
        assertThat(BootstrapTokenSecret.check(withStringData("expiration", "2026-12-07T05:00:00Z"), TOKEN, NOW))
                .isEmpty();
        assertThat(BootstrapTokenSecret.check(withStringData("expiration", "tomorrow"), TOKEN, NOW))
                .hasValueSatisfying(
                        r -> assertThat(r.reason()).isEqualTo(BootstrapTokenSecret.Rejection.Reason.EXPIRED));
        assertThat(BootstrapTokenSecret.check(withStringData("usage-bootstrap-authentication", "false"), TOKEN, NOW))
                .hasValueSatisfying(r -> assertThat(r.message())
                        .isEqualTo("join token \"abcdef\" may not be used for authentication"
                                + " (usage-bootstrap-authentication is not \"true\")"));
    }

    @Test
    void aSecretOfAnotherTypeIsNoToken() {
        Secret opaque = new SecretBuilder(BootstrapTokenSecret.forServerToken(TOKEN))
                .withType("Opaque")
                .build();
        assertThat(BootstrapTokenSecret.check(opaque, TOKEN, NOW))
                .hasValueSatisfying(
                        r -> assertThat(r.reason()).isEqualTo(BootstrapTokenSecret.Rejection.Reason.UNKNOWN));
    }

    /** The server's Secret with one field replaced, given as stringData as a user would write it. */
    private static Secret withStringData(String key, String value) {
        Secret secret = BootstrapTokenSecret.forServerToken(TOKEN);
        Map<String, String> data = new LinkedHashMap<>(secret.getData());
        data.remove(key);
        return new SecretBuilder(secret)
                .withData(data)
                .withStringData(Map.of(key, value))
                .build();
    }
}
