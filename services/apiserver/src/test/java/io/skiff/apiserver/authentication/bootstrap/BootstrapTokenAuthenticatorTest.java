package io.skiff.apiserver.authentication.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.skiff.apiserver.authentication.MapLookup;
import io.skiff.apiserver.authentication.TokenOutcome;
import io.skiff.model.catalog.ResourceCatalog;
import io.skiff.model.catalog.ResourceType;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class BootstrapTokenAuthenticatorTest {

    private static final ResourceType SECRETS =
            ResourceCatalog.builtin().byPlural("", "v1", "secrets").orElseThrow();
    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");
    private static final String TOKEN = "abcdef.0123456789abcdef";

    private static Map<String, String> validFields() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("token-id", "abcdef");
        fields.put("token-secret", "0123456789abcdef");
        fields.put("usage-bootstrap-authentication", "true");
        fields.put("auth-extra-groups", "system:bootstrappers:skiff:agents");
        return fields;
    }

    private static String secret(String type, Map<String, String> fields, String deletionTimestamp) {
        String data = fields.entrySet().stream()
                .map(e -> "\"" + e.getKey() + "\":\""
                        + Base64.getEncoder().encodeToString(e.getValue().getBytes(StandardCharsets.UTF_8)) + "\"")
                .collect(Collectors.joining(","));
        return "{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"metadata\":{\"name\":\"bootstrap-token-abcdef\","
                + "\"namespace\":\"kube-system\",\"uid\":\"u1\""
                + (deletionTimestamp == null ? "" : ",\"deletionTimestamp\":\"" + deletionTimestamp + "\"")
                + "},\"type\":\"" + type + "\",\"data\":{" + data + "}}";
    }

    private static TokenOutcome authenticate(String token, String secretJson) {
        MapLookup lookup = new MapLookup();
        if (secretJson != null) {
            lookup.put(SECRETS, "kube-system", secretJson);
        }
        return new BootstrapTokenAuthenticator(lookup, SECRETS, Clock.fixed(NOW, ZoneOffset.UTC))
                .authenticate(token, List.of("api"));
    }

    private static String with(Consumer<Map<String, String>> change) {
        Map<String, String> fields = validFields();
        change.accept(fields);
        return secret("bootstrap.kubernetes.io/token", fields, null);
    }

    @Test
    void aValidTokenIsItsBootstrapUserInTheBootstrappersGroups() {
        TokenOutcome outcome = authenticate(TOKEN, with(f -> {}));

        assertThat(outcome.isAccepted()).isTrue();
        assertThat(outcome.user().name()).isEqualTo("system:bootstrap:abcdef");
        assertThat(outcome.user().uid()).isNull();
        assertThat(outcome.user().groups())
                .containsExactly("system:bootstrappers", "system:bootstrappers:skiff:agents");
    }

    @Test
    void extraGroupsAreDeduplicatedAndSorted() {
        TokenOutcome outcome = authenticate(
                TOKEN,
                with(f -> f.put(
                        "auth-extra-groups", "system:bootstrappers:z,system:bootstrappers:a,system:bootstrappers:z")));

        assertThat(outcome.user().groups())
                .containsExactly("system:bootstrappers", "system:bootstrappers:a", "system:bootstrappers:z");
    }

    @Test
    void anExpirationStillAheadIsFine() {
        assertThat(authenticate(TOKEN, with(f -> f.put("expiration", "2026-12-08T00:00:00+01:00")))
                        .isAccepted())
                .isTrue();
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                Arguments.of("no Secret for the id", TOKEN, null),
                Arguments.of("not a bootstrap token's form", "abcdef.0123456789ABCDEF", with(f -> {})),
                Arguments.of("a static token", "some-static-token", with(f -> {})),
                Arguments.of("wrong secret", "abcdef.0123456789abcdee", with(f -> {})),
                Arguments.of("token-id differs", TOKEN, with(f -> f.put("token-id", "zzzzzz"))),
                Arguments.of("expired", TOKEN, with(f -> f.put("expiration", "2026-12-07T11:59:59Z"))),
                Arguments.of("expiring exactly now", TOKEN, with(f -> f.put("expiration", "2026-12-07T12:00:00Z"))),
                Arguments.of("unreadable expiration", TOKEN, with(f -> f.put("expiration", "tomorrow"))),
                Arguments.of(
                        "not for authentication", TOKEN, with(f -> f.put("usage-bootstrap-authentication", "false"))),
                Arguments.of("usage missing", TOKEN, with(f -> f.remove("usage-bootstrap-authentication"))),
                Arguments.of(
                        "an extra group outside system:bootstrappers:",
                        TOKEN,
                        with(f -> f.put("auth-extra-groups", "system:masters"))),
                Arguments.of("wrong type", TOKEN, secret("Opaque", validFields(), null)),
                Arguments.of(
                        "being deleted",
                        TOKEN,
                        secret("bootstrap.kubernetes.io/token", validFields(), "2026-12-07T11:00:00Z")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void refusedTokensAreUnknownAsKubernetesAnswers(String name, String token, String secretJson) {
        TokenOutcome outcome = authenticate(token, secretJson);

        assertThat(outcome.isAccepted()).isFalse();
        assertThat(outcome.error()).isNull();
    }
}
