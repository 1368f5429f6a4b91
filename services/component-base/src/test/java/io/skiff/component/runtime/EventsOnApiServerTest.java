package io.skiff.component.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.skiff.apiserver.testing.KubeHttp;
import io.skiff.component.client.ApiClientProperties;
import io.skiff.component.client.KubeClient;
import io.skiff.component.events.EventBroadcaster;
import io.skiff.component.events.EventOrigin;
import io.skiff.component.events.EventRecorder;
import io.skiff.component.events.EventRecorderProperties;
import io.skiff.component.events.EventType;
import io.skiff.component.testing.SharedApiServer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Events recorded through the API client on a real API server, found as kubectl describe looks them up. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EventsOnApiServerTest {

    private static final KubeClient CLIENT =
            KubeClient.create(ApiClientProperties.defaults().withUrls(SharedApiServer.baseUrl()));

    private final KubeHttp http = new KubeHttp(SharedApiServer.baseUrl());
    private final EventBroadcaster broadcaster =
            EventBroadcaster.start(new ClientEventSink(CLIENT), EventRecorderProperties.defaults());
    private final EventRecorder recorder = broadcaster.newRecorder(EventOrigin.of("default-scheduler", ""));

    @AfterEach
    void close() {
        broadcaster.close();
    }

    @Test
    void aRepeatedEventIsOneEventWithACountFoundByTheObjectsFieldSelectors() {
        http.createNamespace("events-it");
        Pod pod = new PodBuilder()
                .withNewMetadata()
                .withName("web-1")
                .withNamespace("events-it")
                .withUid("0c1d2e3f-0000-4000-8000-000000000001")
                .endMetadata()
                .build();

        recorder.event(pod, EventType.WARNING, "FailedScheduling", "0/%d nodes are available", 3);
        recorder.event(pod, EventType.WARNING, "FailedScheduling", "0/%d nodes are available", 3);

        String describe = "/api/v1/namespaces/events-it/events?fieldSelector="
                + URLEncoder.encode(
                        "involvedObject.name=web-1,involvedObject.namespace=events-it,involvedObject.kind=Pod,"
                                + "involvedObject.uid=0c1d2e3f-0000-4000-8000-000000000001",
                        StandardCharsets.UTF_8);
        await().atMost(Duration.ofSeconds(5))
                .until(() -> http.get(describe).body().at("/items/0/count").asInt() == 2);
        JsonNode items = http.get(describe).body().get("items");
        assertThat(items).hasSize(1);
        JsonNode event = items.get(0);
        assertThat(event.at("/metadata/name").asText()).matches("web-1\\.[0-9a-f]{16}");
        assertThat(event.at("/type").asText()).isEqualTo("Warning");
        assertThat(event.at("/reason").asText()).isEqualTo("FailedScheduling");
        assertThat(event.at("/message").asText()).isEqualTo("0/3 nodes are available");
        assertThat(event.at("/source/component").asText()).isEqualTo("default-scheduler");
        assertThat(event.at("/reportingComponent").asText()).isEqualTo("default-scheduler");
        assertThat(event.at("/firstTimestamp").asText()).isNotEmpty();
        assertThat(event.at("/lastTimestamp").asText()).isNotEmpty();
    }

    @Test
    void eventsAboutANodeAreStoredInTheDefaultNamespace() {
        recorder.event(
                new NodeBuilder()
                        .withNewMetadata()
                        .withName("node-it")
                        .endMetadata()
                        .build(),
                EventType.NORMAL,
                "RegisteredNode",
                "Node node-it event: Registered Node node-it in Controller");

        String describe = "/api/v1/namespaces/default/events?fieldSelector="
                + URLEncoder.encode("involvedObject.name=node-it,involvedObject.kind=Node", StandardCharsets.UTF_8);
        await().atMost(Duration.ofSeconds(5))
                .until(() -> http.get(describe).body().path("items").size() == 1);
        assertThat(http.get(describe).body().at("/items/0/reason").asText()).isEqualTo("RegisteredNode");
    }
}
