package io.skiff.apiserver.authentication.serviceaccount;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.skiff.model.api.ApiException;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TokenRequestsTest {

    @Test
    void anEmptyRequestGetsAnHourForTheApiAudiences() {
        TokenFixture fixture = new TokenFixture();

        JsonNode reply = fixture.request("{}");

        assertThat(reply.path("kind").asText()).isEqualTo("TokenRequest");
        assertThat(reply.path("apiVersion").asText()).isEqualTo("authentication.k8s.io/v1");
        assertThat(reply.at("/metadata/name").asText()).isEqualTo("robot");
        assertThat(reply.at("/metadata/namespace").asText()).isEqualTo("ns");
        assertThat(reply.at("/spec/expirationSeconds").asLong()).isEqualTo(3600);
        assertThat(reply.at("/spec/audiences/0").asText()).isEqualTo(TokenFixture.ISSUER);
        assertThat(reply.at("/spec/boundObjectRef").isNull()).isTrue();
        assertThat(reply.at("/status/expirationTimestamp").asText()).isEqualTo("2026-12-07T13:00:00Z");

        JsonNode claims = TokenFixture.payload(reply.at("/status/token").asText());
        assertThat(claims.path("iss").asText()).isEqualTo(TokenFixture.ISSUER);
        assertThat(claims.path("sub").asText()).isEqualTo("system:serviceaccount:ns:robot");
        assertThat(claims.path("aud").isArray()).isTrue();
        assertThat(claims.path("aud").get(0).asText()).isEqualTo(TokenFixture.ISSUER);
        long now = Instant.parse("2026-12-07T12:00:00Z").getEpochSecond();
        assertThat(claims.path("iat").asLong()).isEqualTo(now);
        assertThat(claims.path("nbf").asLong()).isEqualTo(now);
        assertThat(claims.path("exp").asLong()).isEqualTo(now + 3600);
        assertThat(claims.path("jti").asText()).hasSize(36);
        assertThat(claims.at("/kubernetes.io/namespace").asText()).isEqualTo("ns");
        assertThat(claims.at("/kubernetes.io/serviceaccount/name").asText()).isEqualTo("robot");
        assertThat(claims.at("/kubernetes.io/serviceaccount/uid").asText()).isEqualTo("sa-uid");
        assertThat(claims.at("/kubernetes.io/pod").isMissingNode()).isTrue();
    }

    @Test
    void aPodBoundTokenNamesThePodAndItsNode() {
        TokenFixture fixture = new TokenFixture();

        JsonNode reply = fixture.request("{\"expirationSeconds\":1200,\"boundObjectRef\":"
                + "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"name\":\"web\",\"uid\":\"pod-uid\"}}");

        JsonNode claims = TokenFixture.payload(reply.at("/status/token").asText());
        assertThat(claims.at("/kubernetes.io/pod/name").asText()).isEqualTo("web");
        assertThat(claims.at("/kubernetes.io/pod/uid").asText()).isEqualTo("pod-uid");
        assertThat(claims.at("/kubernetes.io/node/name").asText()).isEqualTo("node-1");
        assertThat(claims.at("/kubernetes.io/node/uid").asText()).isEqualTo("node-uid");
        assertThat(claims.path("exp").asLong() - claims.path("iat").asLong()).isEqualTo(1200);
        assertThat(reply.at("/spec/boundObjectRef/name").asText()).isEqualTo("web");
    }

    @Test
    void aPodOnANodeThatIsGoneStillNamesTheNodeWithoutUid() {
        TokenFixture fixture = new TokenFixture();
        fixture.objects.put(
                TokenFixture.TYPES.pods(), "ns", TokenFixture.pod("lost", "lost-uid", "robot", "node-2", null));

        JsonNode claims = TokenFixture.payload(
                fixture.request("{\"boundObjectRef\":{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"name\":\"lost\"}}")
                        .at("/status/token")
                        .asText());

        assertThat(claims.at("/kubernetes.io/node").toString()).isEqualTo("{\"name\":\"node-2\"}");
    }

    @Test
    void kubeletsKubeApiAccessTokenIsExtendedToAYearWithWarnAfter() {
        TokenFixture fixture = new TokenFixture();

        JsonNode reply = fixture.request("{\"expirationSeconds\":3607,\"boundObjectRef\":"
                + "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"name\":\"web\",\"uid\":\"pod-uid\"}}");

        JsonNode claims = TokenFixture.payload(reply.at("/status/token").asText());
        long iat = claims.path("iat").asLong();
        assertThat(claims.path("exp").asLong() - iat).isEqualTo(365L * 24 * 3600);
        assertThat(claims.at("/kubernetes.io/warnafter").asLong() - iat).isEqualTo(3607);
        assertThat(reply.at("/status/expirationTimestamp").asText()).isEqualTo("2026-12-07T13:00:07Z");
    }

    @Test
    void noExtensionWhenTurnedOffNorForOtherAudiencesNorUnboundTokens() {
        TokenFixture off = new TokenFixture();
        off.extendExpiration = false;
        String bound = "{\"expirationSeconds\":3607,\"boundObjectRef\":{\"kind\":\"Pod\",\"apiVersion\":\"v1\","
                + "\"name\":\"web\"}";

        assertThat(lifetime(off.request(bound + "}"))).isEqualTo(3607);
        assertThat(lifetime(new TokenFixture().request(bound + ",\"audiences\":[\"vault\"]}")))
                .isEqualTo(3607);
        assertThat(lifetime(new TokenFixture().request("{\"expirationSeconds\":3607}")))
                .isEqualTo(3607);
    }

    @Test
    void aConfiguredMaximumShortensLongerRequestsWithAWarning() {
        TokenFixture fixture = new TokenFixture();
        fixture.maxExpiration = Duration.ofHours(2);

        TokenRequests.Created created =
                fixture.requests().issue("ns", "robot", TokenFixture.parse("{\"spec\":{\"expirationSeconds\":86400}}"));

        assertThat(created.warnings())
                .containsExactly("requested expiration of 86400 seconds shortened to 7200 seconds");
        assertThat(lifetime(TokenFixture.parse(new String(created.body())))).isEqualTo(7200);
    }

    private static long lifetime(JsonNode reply) {
        JsonNode claims = TokenFixture.payload(reply.at("/status/token").asText());
        return claims.path("exp").asLong() - claims.path("iat").asLong();
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                Arguments.of(
                        "under ten minutes",
                        "robot",
                        "{\"spec\":{\"expirationSeconds\":599}}",
                        422,
                        "TokenRequest.authentication.k8s.io \"\" is invalid: spec.expirationSeconds: Invalid value: 599:"
                                + " may not specify a duration less than 10 minutes"),
                Arguments.of(
                        "over 2^32 seconds",
                        "robot",
                        "{\"spec\":{\"expirationSeconds\":4294967297}}",
                        422,
                        "TokenRequest.authentication.k8s.io \"\" is invalid: spec.expirationSeconds: Invalid value:"
                                + " 4294967297: may not specify a duration larger than 2^32 seconds"),
                Arguments.of(
                        "no such ServiceAccount", "ghost", "{\"spec\":{}}", 404, "serviceaccounts \"ghost\" not found"),
                Arguments.of(
                        "a name that is not the URL's",
                        "robot",
                        "{\"metadata\":{\"name\":\"other\"},\"spec\":{}}",
                        422,
                        "TokenRequest.authentication.k8s.io \"robot\" is invalid: metadata.name: Invalid value:"
                                + " \"other\": must match the service account name if specified"),
                Arguments.of(
                        "a missing pod",
                        "robot",
                        "{\"spec\":{\"boundObjectRef\":{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"name\":\"gone\"}}}",
                        404,
                        "pods \"gone\" not found"),
                Arguments.of(
                        "a pod of another uid",
                        "robot",
                        "{\"spec\":{\"boundObjectRef\":{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"name\":\"web\","
                                + "\"uid\":\"old\"}}}",
                        409,
                        "Operation cannot be fulfilled on Pod \"web\": the UID in the bound object reference (old) does"
                                + " not match the UID in record. The object might have been deleted and then recreated"),
                Arguments.of(
                        "a pod of another ServiceAccount",
                        "other",
                        "{\"spec\":{\"boundObjectRef\":{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"name\":\"web\"}}}",
                        400,
                        "cannot bind token for serviceaccount \"other\" to pod running with different serviceaccount"
                                + " name."),
                Arguments.of(
                        "a kind tokens cannot bind to",
                        "robot",
                        "{\"spec\":{\"boundObjectRef\":{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"name\":\"x\"}}}",
                        400,
                        "cannot bind token to object of type /v1, Kind=ConfigMap"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void badRequestsGetKubernetesStatuses(String name, String serviceAccount, String body, int code, String message) {
        TokenFixture fixture = new TokenFixture();
        fixture.objects.put(TokenFixture.TYPES.serviceAccounts(), "ns", TokenFixture.serviceAccount("other", "o-uid"));

        assertThatThrownBy(() -> fixture.requests().issue("ns", serviceAccount, TokenFixture.parse(body)))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(code);
                    assertThat(e.status().getMessage()).isEqualTo(message);
                });
    }
}
