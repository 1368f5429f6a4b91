package io.skiff.apiserver.authentication;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TokenAuthenticatorsTest {

    private static final List<String> API = List.of("https://kubernetes.default.svc.cluster.local");

    private static TokenAuthenticator fixed(String token, UserInfo user) {
        return (candidate, audiences) ->
                candidate.equals(token) ? TokenOutcome.accepted(user, audiences) : TokenOutcome.unknown();
    }

    @Test
    void theFirstAuthenticatorThatAcceptsWinsAndTheUserIsAuthenticated() {
        TokenAuthenticators union = new TokenAuthenticators(
                List.of(
                        fixed("a", new UserInfo("first", null, List.of("g"))),
                        fixed("a", new UserInfo("second", null, List.of()))),
                API);

        TokenOutcome outcome = union.authenticate("a", List.of());

        assertThat(outcome.user().name()).isEqualTo("first");
        assertThat(outcome.user().groups()).containsExactly("g", UserInfo.AUTHENTICATED);
        assertThat(outcome.audiences()).isEqualTo(API);
    }

    @Test
    void aTokenNobodyKnowsIsAnInvalidBearerToken() {
        TokenAuthenticators union =
                new TokenAuthenticators(List.of(fixed("a", new UserInfo("u", null, List.of()))), API);

        TokenOutcome outcome = union.authenticate("b", List.of());

        assertThat(outcome.isAccepted()).isFalse();
        assertThat(outcome.error()).isEqualTo("invalid bearer token");
    }

    @Test
    void refusalsAreAggregatedAsGoDoes() {
        TokenAuthenticator expired = (t, a) -> TokenOutcome.rejected("service account token has expired");
        TokenAuthenticator other = (t, a) -> TokenOutcome.rejected("other");

        assertThat(new TokenAuthenticators(List.of(expired), API)
                        .authenticate("t", List.of())
                        .error())
                .isEqualTo("service account token has expired");
        assertThat(new TokenAuthenticators(List.of(expired, other), API)
                        .authenticate("t", List.of())
                        .error())
                .isEqualTo("[service account token has expired, other]");
    }

    @Test
    void audienceAgnosticTokensAreValidOnlyForTheApiAudiences() {
        TokenAuthenticator file =
                TokenAuthenticators.audienceAgnostic(API, fixed("t", new UserInfo("u", "1", List.of(), Map.of())));

        assertThat(file.authenticate("t", API).audiences()).isEqualTo(API);
        assertThat(file.authenticate("t", List.of("vault", API.get(0))).audiences())
                .isEqualTo(API);
        assertThat(file.authenticate("t", List.of("vault")).isAccepted()).isFalse();
    }

    @Test
    void bearerHeadersAreReadAsKubernetesReadsThem() {
        assertThat(bearer("Bearer abc")).contains("abc");
        assertThat(bearer("bearer abc")).contains("abc");
        assertThat(bearer("  Bearer abc  ")).contains("abc");
        assertThat(bearer("Bearer abc def")).contains("abc");
        assertThat(bearer("Bearer ")).isEmpty();
        assertThat(bearer("Bearer  abc")).isEmpty();
        assertThat(bearer("Basic YWJj")).isEmpty();
        assertThat(bearer(null)).isEmpty();
    }

    @Test
    void anonymousAccessFollowsEnabledAndPaths() {
        assertThat(new AnonymousAccess(true, List.of()).allows("/api/v1/pods")).isTrue();
        assertThat(new AnonymousAccess(false, List.of()).allows("/healthz")).isFalse();
        AnonymousAccess health = new AnonymousAccess(true, List.of("/healthz", "/livez", "/readyz", "/version"));
        assertThat(health.allows("/readyz")).isTrue();
        assertThat(health.allows("/readyz/ping")).isFalse();
        assertThat(health.allows("/api")).isFalse();
    }

    private static java.util.Optional<String> bearer(String header) {
        org.springframework.http.HttpHeaders headers = new org.springframework.http.HttpHeaders();
        if (header != null) {
            headers.add("Authorization", header);
        }
        return BearerToken.from(headers);
    }
}
