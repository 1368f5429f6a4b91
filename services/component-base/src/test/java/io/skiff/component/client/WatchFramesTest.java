package io.skiff.component.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.skiff.model.api.ApiException;
import io.skiff.model.catalog.ResourceCatalog;
import io.skiff.model.catalog.ResourceType;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.http.codec.ServerSentEvent;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

class WatchFramesTest {

    private final ResourceType configMaps =
            ResourceCatalog.builtin().byKind("v1", "ConfigMap").orElseThrow();
    private final KubeCodec<ConfigMap> codec = new KubeCodec<>(ConfigMap.class, configMaps);

    private static ServerSentEvent<String> frame(String id, String event, String data) {
        return ServerSentEvent.<String>builder().id(id).event(event).data(data).build();
    }

    private static String configMap(String name, String revision) {
        return "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"" + name
                + "\",\"namespace\":\"ns\",\"resourceVersion\":\"" + revision + "\"},\"data\":{\"k\":\"v\"}}";
    }

    @Test
    void framesBecomeEventsWithTheirRevisions() {
        Flux<ServerSentEvent<String>> frames = Flux.just(
                frame("5", "ADDED", configMap("a", "5")),
                frame("6", "MODIFIED", configMap("a", "6")),
                ServerSentEvent.<String>builder().comment("keep-alive").build(),
                frame(
                        "7",
                        "BOOKMARK",
                        "{\"kind\":\"ConfigMap\",\"apiVersion\":\"v1\",\"metadata\":"
                                + "{\"resourceVersion\":\"7\",\"creationTimestamp\":null}}"),
                frame("8", "DELETED", configMap("a", "8")));
        StepVerifier.create(WatchFrames.decode(frames, codec))
                .assertNext(event -> {
                    assertThat(event.type()).isEqualTo(WatchEventType.ADDED);
                    assertThat(event.resourceVersion()).isEqualTo("5");
                    assertThat(event.object().getData()).containsEntry("k", "v");
                })
                .assertNext(event -> assertThat(event.type()).isEqualTo(WatchEventType.MODIFIED))
                .assertNext(event -> {
                    assertThat(event.type()).isEqualTo(WatchEventType.BOOKMARK);
                    assertThat(event.object().getMetadata().getResourceVersion())
                            .isEqualTo("7");
                })
                .assertNext(event -> {
                    assertThat(event.type()).isEqualTo(WatchEventType.DELETED);
                    assertThat(event.resourceVersion()).isEqualTo("8");
                })
                .expectComplete()
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void withoutAnIdTheObjectsRevisionIsTheEvents() {
        ServerSentEvent<String> withoutId = ServerSentEvent.<String>builder()
                .event("ADDED")
                .data(configMap("a", "12"))
                .build();
        StepVerifier.create(WatchFrames.decode(Flux.just(withoutId), codec))
                .assertNext(event -> assertThat(event.resourceVersion()).isEqualTo("12"))
                .verifyComplete();
    }

    @Test
    void anErrorFrameEndsTheStreamWithItsStatus() {
        Flux<ServerSentEvent<String>> frames = Flux.just(
                frame("3", "ADDED", configMap("a", "3")),
                frame(
                        "3",
                        "ERROR",
                        "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"code\":410,"
                                + "\"reason\":\"Expired\",\"message\":\"too old resource version: 1 (3)\"}"),
                frame("4", "ADDED", configMap("b", "4")));
        StepVerifier.create(WatchFrames.decode(frames, codec))
                .expectNextCount(1)
                .expectErrorSatisfies(error -> {
                    assertThat(error).isInstanceOf(ApiException.class);
                    assertThat(((ApiException) error).code()).isEqualTo(410);
                    assertThat(ApiErrors.isResourceExpired(error)).isTrue();
                })
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void anUnknownEventTypeIsAnError() {
        StepVerifier.create(WatchFrames.decode(Flux.just(frame("1", "RENAMED", configMap("a", "1"))), codec))
                .expectErrorMessage("got invalid watch event type: RENAMED")
                .verify(Duration.ofSeconds(5));
    }
}
