package io.skiff.component.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/** How listAll pages, as client-go's pager does, seen from the requests it sends. */
class ListAllPagingTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String PATH = "GET /api/v1/namespaces/ns/configmaps?";

    private final FakeApiServer server = new FakeApiServer(FakeApiServer.status(500, "InternalError"));
    private final KubeClient client = KubeClient.create(ApiClientProperties.defaults()
            .withUrls(server.url())
            .withRetry(new ApiClientProperties.RetrySettings(1, Duration.ofMillis(10), Duration.ofMillis(10))));

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    private static FakeApiServer.Reply page(String revision, String continueToken, String... names) {
        StringBuilder items = new StringBuilder();
        for (String name : names) {
            if (!items.isEmpty()) {
                items.append(',');
            }
            items.append("{\"metadata\":{\"name\":\"").append(name).append("\",\"namespace\":\"ns\"}}");
        }
        return FakeApiServer.Reply.json(
                200,
                "{\"kind\":\"ConfigMapList\",\"apiVersion\":\"v1\",\"metadata\":{\"resourceVersion\":\"" + revision
                        + "\"" + (continueToken == null ? "" : ",\"continue\":\"" + continueToken + "\"")
                        + "},\"items\":[" + items + "]}");
    }

    @Test
    void laterPagesSendOnlyTheContinueTokenAndTheResultKeepsTheSnapshotRevision() {
        server.then(page("10", "tok+1", "a", "b"), page("10", "tok+2", "c", "d"), page("10", null, "e"));
        StepVerifier.create(client.resources(ConfigMap.class)
                        .listAll(
                                "ns",
                                ListOptions.all()
                                        .withLabelSelector("app=web")
                                        .withResourceVersion("0")
                                        .withLimit(2)))
                .assertNext(all -> {
                    assertThat(all.items())
                            .extracting(cm -> cm.getMetadata().getName())
                            .containsExactly("a", "b", "c", "d", "e");
                    assertThat(all.resourceVersion()).isEqualTo("10");
                    assertThat(all.hasMore()).isFalse();
                })
                .expectComplete()
                .verify(WAIT);
        assertThat(server.requests())
                .containsExactly(
                        PATH + "labelSelector=app%3Dweb&resourceVersion=0&limit=2",
                        PATH + "labelSelector=app%3Dweb&limit=2&continue=tok%2B1",
                        PATH + "labelSelector=app%3Dweb&limit=2&continue=tok%2B2");
    }

    @Test
    void withoutALimitPagesAreFiveHundred() {
        server.then(page("3", null, "a"));
        StepVerifier.create(client.resources(ConfigMap.class).listAll("ns", ListOptions.all()))
                .expectNextCount(1)
                .expectComplete()
                .verify(WAIT);
        assertThat(server.requests()).containsExactly(PATH + "limit=500");
    }

    @Test
    void anExpiredContinueTokenFallsBackToOneFullList() {
        server.then(page("10", "tok", "a", "b"), FakeApiServer.status(410, "Expired"), page("14", null, "a", "b", "c"));
        StepVerifier.create(client.resources(ConfigMap.class)
                        .listAll("ns", ListOptions.all().withLimit(2)))
                .assertNext(all -> {
                    assertThat(all.items()).hasSize(3);
                    assertThat(all.resourceVersion()).isEqualTo("14");
                })
                .expectComplete()
                .verify(WAIT);
        assertThat(server.requests())
                .containsExactly(
                        PATH + "limit=2", PATH + "limit=2&continue=tok", "GET /api/v1/namespaces/ns/configmaps");
    }

    @Test
    void anExpiredFirstPageIsTheCallersToHandle() {
        server.then(FakeApiServer.status(410, "Expired"));
        StepVerifier.create(client.resources(ConfigMap.class)
                        .listAll(
                                "ns", ListOptions.all().withResourceVersion("3").withLimit(2)))
                .expectErrorSatisfies(
                        error -> assertThat(ApiErrors.isResourceExpired(error)).isTrue())
                .verify(WAIT);
        assertThat(server.requests()).hasSize(1);
    }
}
