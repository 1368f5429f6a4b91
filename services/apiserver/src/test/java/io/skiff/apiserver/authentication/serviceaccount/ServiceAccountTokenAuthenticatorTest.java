package io.skiff.apiserver.authentication.serviceaccount;

import static org.assertj.core.api.Assertions.assertThat;

import io.skiff.apiserver.authentication.TokenOutcome;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ServiceAccountTokenAuthenticatorTest {

    private static final String POD_BOUND =
            "{\"boundObjectRef\":{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"name\":\"web\",\"uid\":\"pod-uid\"}}";

    @Test
    void aPodBoundTokenIsTheServiceAccountWithThePodAsExtra() {
        TokenFixture fixture = new TokenFixture();
        String token = fixture.token(POD_BOUND);

        TokenOutcome outcome = fixture.authenticator().authenticate(token, TokenFixture.API);

        assertThat(outcome.isAccepted()).isTrue();
        assertThat(outcome.user().name()).isEqualTo("system:serviceaccount:ns:robot");
        assertThat(outcome.user().uid()).isEqualTo("sa-uid");
        assertThat(outcome.user().groups()).containsExactly("system:serviceaccounts", "system:serviceaccounts:ns");
        assertThat(outcome.user().extra())
                .containsEntry("authentication.kubernetes.io/pod-name", List.of("web"))
                .containsEntry("authentication.kubernetes.io/pod-uid", List.of("pod-uid"))
                .containsEntry("authentication.kubernetes.io/node-name", List.of("node-1"))
                .containsEntry("authentication.kubernetes.io/node-uid", List.of("node-uid"))
                .containsEntry(
                        "authentication.kubernetes.io/credential-id",
                        List.of("JTI=" + TokenFixture.payload(token).path("jti").asText()));
        assertThat(outcome.audiences()).isEqualTo(TokenFixture.API);
    }

    @Test
    void anUnboundTokenHasNoExtraButItsCredentialId() {
        TokenFixture fixture = new TokenFixture();

        TokenOutcome outcome = fixture.authenticator().authenticate(fixture.token("{}"), TokenFixture.API);

        assertThat(outcome.user().extra()).containsOnlyKeys("authentication.kubernetes.io/credential-id");
    }

    @Test
    void aTokenOfAnotherAudienceIsValidForThatAudienceOnly() {
        TokenFixture fixture = new TokenFixture();
        String token = fixture.token("{\"audiences\":[\"vault\"]}");

        assertThat(fixture.authenticator().authenticate(token, List.of("vault")).audiences())
                .containsExactly("vault");
        assertThat(fixture.authenticator().authenticate(token, TokenFixture.API).error())
                .isEqualTo("token audiences [\"vault\"] is invalid for the target audiences"
                        + " [\"https://kubernetes.default.svc.cluster.local\"]");
    }

    @Test
    void aTokenSignedWithAnotherKeyIsRefused() {
        TokenFixture issuer = new TokenFixture();
        TokenFixture verifier = new TokenFixture();
        String token = issuer.token("{}");

        assertThat(verifier.authenticator()
                        .authenticate(token, TokenFixture.API)
                        .error())
                .isEqualTo("invalid signature, no keys found");
    }

    @Test
    void aTamperedTokenIsRefused() {
        TokenFixture fixture = new TokenFixture();
        String[] parts = fixture.token("{}").split("\\.");
        String otherPayload = java.util.Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(TokenFixture.payload(fixture.token("{}"))
                        .toString()
                        .replace("robot", "admin")
                        .getBytes());

        TokenOutcome outcome =
                fixture.authenticator().authenticate(parts[0] + "." + otherPayload + "." + parts[2], TokenFixture.API);

        assertThat(outcome.error()).isEqualTo("go-jose/go-jose: error in cryptographic primitive");
    }

    @Test
    void anOldKeyListedForVerificationStillVerifies() {
        TokenFixture old = new TokenFixture();
        String token = old.token("{}");
        TokenFixture rotated = new TokenFixture();
        ServiceAccountKeys keys = new ServiceAccountKeys(
                ServiceAccountKeys.generate(), List.of(old.keys.signing().getPublic()));

        TokenOutcome outcome = new ServiceAccountTokenAuthenticator(
                        TokenFixture.ISSUER, keys, TokenFixture.API, rotated.objects, TokenFixture.TYPES, rotated.clock)
                .authenticate(token, TokenFixture.API);

        assertThat(outcome.isAccepted()).isTrue();
    }

    @Test
    void tokensOfOtherIssuersAndNonJwtsAreNotItsToKnow() {
        TokenFixture fixture = new TokenFixture();
        ServiceAccountTokenAuthenticator otherIssuer = new ServiceAccountTokenAuthenticator(
                "https://elsewhere",
                fixture.keys,
                TokenFixture.API,
                fixture.objects,
                TokenFixture.TYPES,
                fixture.clock);

        TokenOutcome foreign = otherIssuer.authenticate(fixture.token("{}"), TokenFixture.API);
        TokenOutcome notJwt = fixture.authenticator().authenticate("abcdef.0123456789abcdef", TokenFixture.API);

        assertThat(foreign.isAccepted()).isFalse();
        assertThat(foreign.error()).isNull();
        assertThat(notJwt.isAccepted()).isFalse();
        assertThat(notJwt.error()).isNull();
    }

    static Stream<Arguments> invalidated() {
        return Stream.of(
                Arguments.of(
                        "expired (past the minute of leeway)",
                        (Consumer<TokenFixture>) f -> f.clock.now = f.clock.now.plus(Duration.ofSeconds(3600 + 61)),
                        "service account token has expired"),
                Arguments.of(
                        "not valid yet",
                        (Consumer<TokenFixture>) f -> f.clock.now = f.clock.now.minus(Duration.ofSeconds(120)),
                        "service account token is not valid yet"),
                Arguments.of(
                        "ServiceAccount deleted",
                        (Consumer<TokenFixture>)
                                f -> f.objects.remove(TokenFixture.TYPES.serviceAccounts(), "ns", "robot"),
                        "serviceaccounts \"robot\" not found"),
                Arguments.of(
                        "ServiceAccount recreated",
                        (Consumer<TokenFixture>) f -> f.objects.put(
                                TokenFixture.TYPES.serviceAccounts(),
                                "ns",
                                TokenFixture.serviceAccount("robot", "new-uid")),
                        "service account UID (new-uid) does not match claim (sa-uid)"),
                Arguments.of(
                        "pod deleted",
                        (Consumer<TokenFixture>) f -> f.objects.remove(TokenFixture.TYPES.pods(), "ns", "web"),
                        "service account token has been invalidated"),
                Arguments.of(
                        "pod recreated",
                        (Consumer<TokenFixture>) f -> f.objects.put(
                                TokenFixture.TYPES.pods(),
                                "ns",
                                TokenFixture.pod("web", "pod-uid-2", "robot", "node-1", null)),
                        "pod UID (pod-uid-2) does not match service account pod ref claim (pod-uid)"),
                Arguments.of(
                        "pod deleted more than a minute ago and still terminating",
                        (Consumer<TokenFixture>) f -> f.objects.put(
                                TokenFixture.TYPES.pods(),
                                "ns",
                                TokenFixture.pod("web", "pod-uid", "robot", "node-1", "2026-12-07T11:58:00Z")),
                        "service account token has been invalidated"),
                Arguments.of(
                        "ServiceAccount deleted more than a minute ago and still finalizing",
                        (Consumer<TokenFixture>) f -> f.objects.put(
                                TokenFixture.TYPES.serviceAccounts(),
                                "ns",
                                TokenFixture.serviceAccount("robot", "sa-uid")
                                        .replace(
                                                "\"uid\":\"sa-uid\"",
                                                "\"uid\":\"sa-uid\",\"deletionTimestamp\":\"2026-12-07T11:58:00Z\"")),
                        "service account ns/robot has been deleted"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidated")
    void invalidatedTokensAreRefusedWithKubernetesMessages(String name, Consumer<TokenFixture> change, String error) {
        TokenFixture fixture = new TokenFixture();
        String token = fixture.token(POD_BOUND);
        change.accept(fixture);

        TokenOutcome outcome = fixture.authenticator().authenticate(token, TokenFixture.API);

        assertThat(outcome.isAccepted()).isFalse();
        assertThat(outcome.error()).isEqualTo(error);
    }

    @Test
    void aPodInItsGracePeriodStillAuthenticates() {
        TokenFixture fixture = new TokenFixture();
        String token = fixture.token(POD_BOUND);
        fixture.objects.put(
                TokenFixture.TYPES.pods(),
                "ns",
                TokenFixture.pod("web", "pod-uid", "robot", "node-1", "2026-12-07T12:00:30Z"));

        assertThat(fixture.authenticator().authenticate(token, TokenFixture.API).isAccepted())
                .isTrue();
    }

    @Test
    void aServiceAccountNotYetInTheCacheIsReadLive() {
        TokenFixture fixture = new TokenFixture();
        fixture.objects.putLiveOnly(
                TokenFixture.TYPES.serviceAccounts(), "ns", TokenFixture.serviceAccount("fresh", "f-uid"));
        String token = fixture.requests()
                .create("ns", "fresh", TokenFixture.parse("{\"spec\":{}}"))
                .map(created -> TokenFixture.parse(new String(created.body()))
                        .path("status")
                        .path("token")
                        .asText())
                .block();

        TokenOutcome outcome = fixture.authenticator().authenticate(token, TokenFixture.API);

        assertThat(outcome.user().name()).isEqualTo("system:serviceaccount:ns:fresh");
    }

    @Test
    void aSecretBoundTokenDiesWithItsSecret() {
        TokenFixture fixture = new TokenFixture();
        String token =
                fixture.token("{\"boundObjectRef\":{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"name\":\"creds\"}}");
        assertThat(fixture.authenticator().authenticate(token, TokenFixture.API).isAccepted())
                .isTrue();

        fixture.objects.remove(TokenFixture.TYPES.secrets(), "ns", "creds");

        assertThat(fixture.authenticator().authenticate(token, TokenFixture.API).error())
                .isEqualTo("service account token has been invalidated");
    }
}
