package io.skiff.component.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.skiff.model.api.Statuses;
import java.net.ConnectException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.publisher.Mono;

/** The recorder end to end: recorder → queue → correlator → in-memory API server. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class EventRecorderTest {

    /** client-go's behaviour with short pauses: 4 tries, 50 ms apart. */
    private static final EventRecorderProperties FAST = new EventRecorderProperties(
            100, 4, Duration.ofMillis(50), Duration.ofSeconds(1), null, null, null, null, null, Duration.ofSeconds(2));

    private static final EventOrigin SCHEDULER =
            new EventOrigin("default-scheduler", "", "default-scheduler", "scheduler-1");

    private final InMemoryEventServer server = new InMemoryEventServer();
    private EventBroadcaster broadcaster = EventBroadcaster.start(server, FAST);
    private final EventRecorder recorder = broadcaster.newRecorder(SCHEDULER);

    @AfterEach
    void close() {
        broadcaster.close();
    }

    @Test
    void recordsAnEventThatKubectlDescribeFindsByItsObject() {
        Instant before = Instant.now().minusSeconds(1);
        recorder.event(
                pod("web-1"),
                EventType.NORMAL,
                "Scheduled",
                "Successfully assigned %s/%s to %s",
                "apps",
                "web-1",
                "node-1");

        Event event = awaitEvents(1).get(0);
        assertThat(event.getMetadata().getName()).matches("web-1\\.[0-9a-f]{16}");
        assertThat(event.getMetadata().getNamespace()).isEqualTo("apps");
        ObjectReference involved = event.getInvolvedObject();
        assertThat(involved.getKind()).isEqualTo("Pod");
        assertThat(involved.getApiVersion()).isEqualTo("v1");
        assertThat(involved.getName()).isEqualTo("web-1");
        assertThat(involved.getNamespace()).isEqualTo("apps");
        assertThat(involved.getUid()).isEqualTo("uid-web-1");
        assertThat(involved.getResourceVersion()).isEqualTo("7");
        assertThat(event.getType()).isEqualTo("Normal");
        assertThat(event.getReason()).isEqualTo("Scheduled");
        assertThat(event.getMessage()).isEqualTo("Successfully assigned apps/web-1 to node-1");
        assertThat(event.getSource().getComponent()).isEqualTo("default-scheduler");
        assertThat(event.getReportingComponent()).isEqualTo("default-scheduler");
        assertThat(event.getReportingInstance()).isEqualTo("scheduler-1");
        assertThat(event.getCount()).isEqualTo(1);
        assertThat(event.getFirstTimestamp()).isEqualTo(event.getLastTimestamp());
        assertThat(Instant.parse(event.getFirstTimestamp())).isAfter(before);
        assertThat(event.getFirstTimestamp()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        assertThat(event.getEventTime())
                .as("legacy core/v1 events leave eventTime unset")
                .isNull();
    }

    @Test
    void eventsAboutClusterScopedObjectsGoToTheDefaultNamespace() {
        Node node = new NodeBuilder()
                .withNewMetadata()
                .withName("node-1")
                .withUid("uid-node")
                .endMetadata()
                .build();

        recorder.event(node, EventType.WARNING, "NodeNotReady", "Node is not ready");

        Event event = awaitEvents(1).get(0);
        assertThat(event.getMetadata().getNamespace()).isEqualTo("default");
        assertThat(event.getInvolvedObject().getKind()).isEqualTo("Node");
        assertThat(event.getInvolvedObject().getNamespace()).isNull();
    }

    @Test
    void aReferenceKeepsItsFieldPath() {
        ObjectReference container = new ObjectReferenceBuilder()
                .withKind("Pod")
                .withApiVersion("v1")
                .withNamespace("apps")
                .withName("web-1")
                .withUid("uid-web-1")
                .withFieldPath("spec.containers{web}")
                .build();

        recorder.event(container, EventType.NORMAL, "Pulled", "Container image \"nginx\" already present");

        assertThat(awaitEvents(1).get(0).getInvolvedObject().getFieldPath()).isEqualTo("spec.containers{web}");
    }

    @Test
    void aRepeatedEventCountsOnTheStoredEvent() {
        recorder.event(pod("web-1"), EventType.WARNING, "BackOff", "Back-off restarting failed container");
        awaitEvents(1);
        recorder.event(pod("web-1"), EventType.WARNING, "BackOff", "Back-off restarting failed container");

        await().atMost(Duration.ofSeconds(3)).until(() -> server.events().get(0).getCount() == 2);
        Event event = server.events().get(0);
        assertThat(server.events()).hasSize(1);
        assertThat(server.requests())
                .containsExactly(
                        "create apps/" + event.getMetadata().getName(),
                        "patch apps/" + event.getMetadata().getName());
        assertThat(event.getMessage()).isEqualTo("Back-off restarting failed container");
    }

    @Test
    void manySimilarEventsAreCombinedIntoOne() {
        for (int attempt = 1; attempt <= 12; attempt++) {
            recorder.event(pod("web-1"), EventType.WARNING, "FailedScheduling", "0/%d nodes are available", attempt);
        }

        await().atMost(Duration.ofSeconds(3))
                .until(() -> server.events().stream().anyMatch(event -> event.getCount() == 3));
        List<Event> events = server.events();
        assertThat(events).hasSize(10);
        Event combined = events.get(9);
        assertThat(combined.getMessage()).isEqualTo("(combined from similar events): 0/12 nodes are available");
        assertThat(combined.getCount()).isEqualTo(3);
        assertThat(combined.getReason()).isEqualTo("FailedScheduling");
    }

    @Test
    void theSpamFilterDropsWhatExceedsTheBurst() {
        for (int i = 1; i <= 30; i++) {
            recorder.event(pod("web-1"), EventType.WARNING, "Reason" + i, "distinct reason %d", i);
        }
        recorder.event(pod("marker"), EventType.NORMAL, "Marker", "all before me were handled");

        await().atMost(Duration.ofSeconds(3))
                .until(() -> server.events().stream()
                        .anyMatch(event -> event.getReason().equals("Marker")));
        assertThat(server.events().stream()
                        .filter(event -> event.getInvolvedObject().getName().equals("web-1")))
                .hasSize(25);
    }

    @Test
    void sinkFailuresAreRetriedUntilTheEventIsStored() {
        server.failNext(3, () -> new ConnectException("connection refused"));

        recorder.event(pod("web-1"), EventType.NORMAL, "Scheduled", "assigned");

        Event event = awaitEvents(1).get(0);
        assertThat(server.requests())
                .hasSize(4)
                .allMatch(request ->
                        request.equals("create apps/" + event.getMetadata().getName()));
    }

    @Test
    void serverErrorsAreRetried() {
        server.failNext(1, () -> Statuses.serviceUnavailable("storage is starting"));

        recorder.event(pod("web-1"), EventType.NORMAL, "Scheduled", "assigned");

        awaitEvents(1);
        assertThat(server.requests()).hasSize(2);
    }

    @Test
    void anEventTheServerRefusesIsNotRetried() {
        server.failNext(1, () -> Statuses.forbidden("events is forbidden"));

        recorder.event(pod("web-1"), EventType.NORMAL, "Scheduled", "refused");
        recorder.event(pod("web-2"), EventType.NORMAL, "Scheduled", "accepted");

        Event event = awaitEvents(1).get(0);
        assertThat(event.getMessage()).isEqualTo("accepted");
        assertThat(server.requests()).hasSize(2);
    }

    @Test
    void anEventIsAbandonedAfterMaxTries() {
        server.failNext(FAST.maxTries(), () -> new ConnectException("connection refused"));

        recorder.event(pod("web-1"), EventType.NORMAL, "Scheduled", "abandoned");
        recorder.event(pod("web-2"), EventType.NORMAL, "Scheduled", "next");

        Event event = awaitEvents(1).get(0);
        assertThat(event.getMessage()).isEqualTo("next");
        assertThat(server.requests()).hasSize(FAST.maxTries() + 1);
    }

    @Test
    void anEventExpiredOnTheServerIsCreatedAgainWhenItRepeats() {
        recorder.event(pod("web-1"), EventType.WARNING, "Unhealthy", "Readiness probe failed");
        Event first = awaitEvents(1).get(0);
        server.delete("apps", first.getMetadata().getName());

        recorder.event(pod("web-1"), EventType.WARNING, "Unhealthy", "Readiness probe failed");

        Event again = awaitEvents(1).get(0);
        assertThat(again.getMetadata().getName()).isEqualTo(first.getMetadata().getName());
        assertThat(again.getCount()).isEqualTo(2);
        String name = "apps/" + first.getMetadata().getName();
        assertThat(server.requests()).containsExactly("create " + name, "patch " + name, "create " + name);
    }

    @Test
    void recordingNeverBlocksNorThrowsEvenWhenTheServerHangs() {
        broadcaster.close();
        EventSink hanging = new EventSink() {
            @Override
            public Mono<Event> create(Event event) {
                return Mono.never();
            }

            @Override
            public Mono<Event> patch(Event event, String mergePatch) {
                return Mono.never();
            }
        };
        broadcaster = EventBroadcaster.start(
                hanging,
                new EventRecorderProperties(
                        5,
                        2,
                        Duration.ofMillis(50),
                        Duration.ofMillis(300),
                        null,
                        null,
                        null,
                        null,
                        null,
                        Duration.ofMillis(200)));
        EventRecorder stuck = broadcaster.newRecorder(SCHEDULER);

        long start = System.nanoTime();
        assertThatCode(() -> {
                    for (int i = 0; i < 200; i++) {
                        stuck.event(pod("web-" + i), EventType.NORMAL, "Scheduled", "assigned %d", i);
                    }
                    stuck.event(pod("web-1"), EventType.NORMAL, "Bad", "%d is not a number", "x");
                    stuck.event((Pod) null, EventType.NORMAL, "Null", "no object");
                    stuck.event(new Pod(), EventType.NORMAL, "Nameless", "no name");
                    stuck.event(pod("web-1"), null, "NoType", "no type");
                })
                .doesNotThrowAnyException();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));

        long closing = System.nanoTime();
        broadcaster.close();
        assertThat(Duration.ofNanos(System.nanoTime() - closing)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void closingSendsWhatIsStillQueued() {
        for (int i = 0; i < 5; i++) {
            recorder.event(pod("web-" + i), EventType.NORMAL, "Scheduled", "assigned");
        }

        broadcaster.close();

        assertThat(server.events()).hasSize(5);
        recorder.event(pod("late"), EventType.NORMAL, "Scheduled", "after close");
        assertThat(server.events()).hasSize(5);
    }

    private List<Event> awaitEvents(int count) {
        await().atMost(Duration.ofSeconds(3)).until(() -> server.events().size() >= count);
        return server.events();
    }

    private static Pod pod(String name) {
        return new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace("apps")
                .withUid("uid-" + name)
                .withResourceVersion("7")
                .endMetadata()
                .build();
    }
}
