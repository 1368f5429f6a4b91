package io.skiff.component.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.skiff.apiserver.storage.Compactor;
import io.skiff.apiserver.storage.RegistryReader;
import io.skiff.apiserver.testing.ApiServerInstance;
import io.skiff.apiserver.testing.TestPostgres;
import io.skiff.apiserver.watch.WatchCache;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * Watches over server-sent events against a real API server with a one-second bookmark interval
 * and a tiny in-memory event window, so resumes from older revisions read the change log, which a
 * test can compact.
 */
class WatchIntegrationTest {

    private static final String NS = "watch-it";
    private static final Duration WAIT = Duration.ofSeconds(15);

    private static ApiServerInstance server;
    private static KubeClient client;
    private static ResourceClient<ConfigMap> configMaps;

    @BeforeAll
    static void start() {
        server = ApiServerInstance.onDatabase(
                TestPostgres.newDatabase(),
                "--skiff.apiserver.bookmark-interval=1s",
                "--skiff.apiserver.watch-event-window=3");
        client = KubeClient.create(ApiClientProperties.defaults().withUrls(server.baseUrl()));
        configMaps = client.resources(ConfigMap.class);
        client.namespaces()
                .create(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(NS)
                        .endMetadata()
                        .build())
                .block(WAIT);
    }

    @AfterAll
    static void stop() {
        client.close();
        server.close();
    }

    private static ConfigMap configMap(String name, String value) {
        return new ConfigMapBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(NS)
                .endMetadata()
                .addToData("k", value)
                .build();
    }

    private static String currentRevision() {
        return configMaps.list(NS, ListOptions.all().withLimit(1)).block(WAIT).resourceVersion();
    }

    private static WatchOptions from(String revision, boolean bookmarks, Duration timeout) {
        return new WatchOptions(null, null, revision, bookmarks, timeout);
    }

    @Test
    void addedModifiedAndDeletedArriveInOrderWithTheirRevisions() {
        String start = currentRevision();
        ConfigMap created = configMaps.create(configMap("ordered", "1")).block(WAIT);
        ConfigMap modified = configMaps
                .update(new ConfigMapBuilder(created).addToData("k", "2").build())
                .block(WAIT);
        Mono<Void> deleteLater = configMaps.delete(NS, "ordered");

        StepVerifier.create(configMaps
                        .watch(NS, from(start, false, Duration.ofSeconds(30)))
                        .filter(e -> e.type() != WatchEventType.BOOKMARK))
                .assertNext(event -> {
                    assertThat(event.type()).isEqualTo(WatchEventType.ADDED);
                    assertThat(event.resourceVersion())
                            .isEqualTo(created.getMetadata().getResourceVersion());
                    assertThat(event.object().getData()).containsEntry("k", "1");
                })
                .assertNext(event -> {
                    assertThat(event.type()).isEqualTo(WatchEventType.MODIFIED);
                    assertThat(event.resourceVersion())
                            .isEqualTo(modified.getMetadata().getResourceVersion());
                    assertThat(event.object().getData()).containsEntry("k", "2");
                })
                .then(() -> deleteLater.block(WAIT))
                .assertNext(event -> {
                    assertThat(event.type()).isEqualTo(WatchEventType.DELETED);
                    assertThat(event.object().getMetadata().getName()).isEqualTo("ordered");
                    assertThat(Long.parseLong(event.resourceVersion()))
                            .isGreaterThan(Long.parseLong(modified.getMetadata().getResourceVersion()));
                })
                .thenCancel()
                .verify(WAIT);
    }

    @Test
    void bookmarksCarryTheCurrentRevision() {
        String start = currentRevision();
        StepVerifier.create(configMaps
                        .watch(NS, from(start, true, Duration.ofSeconds(30)))
                        .filter(e -> e.type() == WatchEventType.BOOKMARK))
                .assertNext(bookmark -> {
                    assertThat(Long.parseLong(bookmark.resourceVersion()))
                            .isGreaterThanOrEqualTo(Long.parseLong(start));
                    assertThat(bookmark.object().getMetadata().getResourceVersion())
                            .isEqualTo(bookmark.resourceVersion());
                })
                .thenCancel()
                .verify(WAIT);
    }

    @Test
    void aWatchFromACompactedRevisionFailsWith410Expired() {
        String old = currentRevision();
        for (int i = 0; i < 6; i++) {
            configMaps.create(configMap("churn-" + i, "x")).block(WAIT);
        }
        RegistryReader reader = server.bean(RegistryReader.class);
        new Compactor(server.bean(DataSource.class), reader).compactTo(reader.currentRevision());

        StepVerifier.create(configMaps.watch(NS, from(old, true, Duration.ofSeconds(30))))
                .expectErrorSatisfies(error -> {
                    assertThat(ApiErrors.isResourceExpired(error))
                            .as(error.toString())
                            .isTrue();
                    assertThat(error.getMessage()).contains("too old resource version");
                })
                .verify(WAIT);
    }

    @Test
    void aWatchOutlivesTheRequestTimeoutAndCompletesWhenTheServerEndsIt() {
        try (KubeClient impatient = KubeClient.create(
                ApiClientProperties.defaults().withUrls(server.baseUrl()).withRequestTimeout(Duration.ofMillis(500)))) {
            String start = currentRevision();
            Mono<ConfigMap> createLater =
                    Mono.delay(Duration.ofMillis(1200)).then(configMaps.create(configMap("late", "1")));
            long started = System.nanoTime();
            StepVerifier.create(impatient
                            .resources(ConfigMap.class)
                            .watch(NS, from(start, false, Duration.ofSeconds(3)))
                            .doOnSubscribe(s -> createLater.subscribe()))
                    .assertNext(event ->
                            assertThat(event.object().getMetadata().getName()).isEqualTo("late"))
                    .expectComplete()
                    .verify(WAIT);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(2500));
        }
    }

    @Test
    void manyOpenWatchesLeaveRoomForRequests() {
        String start = currentRevision();
        int watches = 40;
        List<Flux<WatchEvent<ConfigMap>>> streams = java.util.stream.IntStream.range(0, watches)
                .mapToObj(i -> configMaps.watch(NS, from(start, false, Duration.ofSeconds(30))))
                .toList();
        WatchCache cache = server.bean(WatchCache.class);
        int before = cache.watcherCount();
        List<Disposable> open = streams.stream().map(Flux::subscribe).toList();
        try {
            // More watches than Reactor Netty's default pool has connections, all holding theirs.
            Awaitility.await().atMost(WAIT).until(() -> cache.watcherCount() >= before + watches);
            for (int i = 0; i < 5; i++) {
                assertThat(configMaps.create(configMap("alongside-" + i, "x")).block(Duration.ofSeconds(5)))
                        .isNotNull();
            }
        } finally {
            open.forEach(Disposable::dispose);
        }
    }

    @Test
    void watchingAllNamespacesSeesEveryNamespace() {
        String start = currentRevision();
        client.namespaces()
                .create(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName("watch-other")
                        .endMetadata()
                        .build())
                .block(WAIT);
        ConfigMap elsewhere = configMap("elsewhere", "1");
        elsewhere.getMetadata().setNamespace("watch-other");
        configMaps.create(elsewhere).block(WAIT);
        configMaps.create(configMap("here", "1")).block(WAIT);
        StepVerifier.create(configMaps
                        .watch(
                                null,
                                new WatchOptions(
                                        null, "metadata.namespace!=default", start, false, Duration.ofSeconds(30)))
                        .map(e -> e.object().getMetadata().getNamespace() + "/"
                                + e.object().getMetadata().getName())
                        .filter(key -> key.endsWith("/elsewhere") || key.endsWith("/here"))
                        .take(2)
                        .collectList())
                .assertNext(keys -> assertThat(keys).containsExactly("watch-other/elsewhere", NS + "/here"))
                .expectComplete()
                .verify(WAIT);
    }
}
