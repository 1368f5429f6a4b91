package io.skiff.component.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/** {@code skiff.apiserver.bearer-token}: sent on every request, kept out of the properties' text. */
class BearerTokenTest {

    private static final String TOKEN = "abcdef.0123456789abcdef";

    private final FakeApiServer server = new FakeApiServer(FakeApiServer.Reply.json(200, FakeApiServer.CONFIG_MAP));

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void everyRequestCarriesTheTokenAsABearerAuthorization() {
        ApiClientProperties properties =
                ApiClientProperties.defaults().withUrls(server.url()).withBearerToken(TOKEN);
        try (KubeClient client = KubeClient.create(properties)) {
            StepVerifier.create(client.resources(ConfigMap.class).get("ns", "a"))
                    .expectNextCount(1)
                    .expectComplete()
                    .verify(Duration.ofSeconds(10));
            StepVerifier.create(client.resources(ConfigMap.class).delete("ns", "a"))
                    .expectComplete()
                    .verify(Duration.ofSeconds(10));
        }
        assertThat(server.authorizations()).containsExactly("Bearer " + TOKEN, "Bearer " + TOKEN);
    }

    @Test
    void withoutATokenNoAuthorizationIsSent() {
        try (KubeClient client =
                KubeClient.create(ApiClientProperties.defaults().withUrls(server.url()))) {
            StepVerifier.create(client.resources(ConfigMap.class).get("ns", "a"))
                    .expectNextCount(1)
                    .expectComplete()
                    .verify(Duration.ofSeconds(10));
        }
        assertThat(server.authorizations()).containsExactly("none");
    }

    @Test
    void theTokenNeverShowsInThePropertiesText() {
        ApiClientProperties properties = ApiClientProperties.defaults().withBearerToken(TOKEN);
        assertThat(properties.bearerToken()).isEqualTo(TOKEN);
        assertThat(properties.toString()).doesNotContain(TOKEN).contains("bearerToken=<redacted>");
        assertThat(properties.withUrls("http://127.0.0.1:1").bearerToken()).isEqualTo(TOKEN);
        assertThat(ApiClientProperties.defaults().withBearerToken(" ").bearerToken())
                .isNull();
    }
}
