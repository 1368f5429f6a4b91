package io.skiff.proxy.servicemap;

import static io.skiff.proxy.testing.Objects.service;
import static io.skiff.proxy.testing.Objects.slice;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServiceChangeTrackerTest {

    private static final Instant START = Instant.parse("2026-01-01T12:00:00Z");

    private final ServiceChangeTracker tracker = new ServiceChangeTracker(Clock.fixed(START, ZoneOffset.UTC));

    @Test
    void aChangeThatAltersNothingProgrammedMarksNothing() {
        Service service = service("ns", "web", "10.96.0.20", "http", 80).build();
        assertThat(tracker.serviceUpdated(service)).isTrue();
        tracker.snapshot();

        service.getMetadata().setLabels(Map.of("app", "web"));
        assertThat(tracker.serviceUpdated(service)).isFalse();
        assertThat(tracker.snapshot().changedServices()).isEmpty();

        service.getSpec().getPorts().get(0).setPort(8080);
        assertThat(tracker.serviceUpdated(service)).isTrue();
        assertThat(tracker.snapshot().changedServices()).containsExactly("ns/web");
    }

    @Test
    void endpointsFromSeveralSlicesAreMergedAndMatchedByPortName() {
        tracker.serviceUpdated(service("ns", "web", "10.96.0.20", "http", 80).build());
        tracker.sliceUpdated(
                slice("ns", "web", "web-a", "http", 8080, "10.244.0.12").build());
        tracker.sliceUpdated(slice("ns", "web", "web-b", "http", 8080, "10.244.0.3", "10.244.0.12")
                .build());
        tracker.sliceUpdated(
                slice("ns", "web", "web-c", "metrics", 9090, "10.244.0.4").build());

        ProxySnapshot snapshot = tracker.snapshot();

        assertThat(snapshot.endpointsOf(new ServicePortName("ns", "web", "http", "TCP")))
                .extracting(Endpoint::hostPort)
                .containsExactly("10.244.0.3:8080", "10.244.0.12:8080");
        assertThat(snapshot.changedServices()).containsExactly("ns/web");
    }

    @Test
    void aSnapshotWorksOutAgainOnlyTheServicesThatChanged() {
        ServicePortName web = new ServicePortName("ns", "web", "http", "TCP");
        ServicePortName api = new ServicePortName("ns", "api", "http", "TCP");
        tracker.serviceUpdated(service("ns", "web", "10.96.0.20", "http", 80).build());
        tracker.serviceUpdated(service("ns", "api", "10.96.0.21", "http", 80).build());
        tracker.sliceUpdated(
                slice("ns", "web", "web-a", "http", 8080, "10.244.0.3").build());
        tracker.sliceUpdated(
                slice("ns", "api", "api-a", "http", 8080, "10.244.0.4").build());
        ProxySnapshot first = tracker.snapshot();

        tracker.sliceUpdated(slice("ns", "web", "web-a", "http", 8080, "10.244.0.3", "10.244.0.5")
                .build());
        ProxySnapshot second = tracker.snapshot();

        assertThat(second.endpointsOf(web))
                .extracting(Endpoint::hostPort)
                .containsExactly("10.244.0.3:8080", "10.244.0.5:8080");
        assertThat(second.endpointsOf(api)).isSameAs(first.endpointsOf(api));
        assertThat(second.services()).isSameAs(first.services());

        tracker.serviceDeleted(service("ns", "api", "10.96.0.21", "http", 80).build());
        ProxySnapshot third = tracker.snapshot();

        assertThat(third.services()).containsOnlyKeys(web);
        assertThat(third.endpoints()).containsOnlyKeys(web);
        assertThat(first.services()).containsKeys(web, api);
    }

    @Test
    void triggerTimesAreKeptOnlyForChangesSinceTheProxyStarted() {
        tracker.serviceUpdated(service("ns", "web", "10.96.0.20", "http", 80).build());
        EndpointSlice before =
                slice("ns", "web", "web-a", "http", 8080, "10.244.0.3").build();
        before.getMetadata()
                .setAnnotations(Map.of(ServiceChangeTracker.LAST_CHANGE_TRIGGER_TIME, "2026-01-01T11:00:00Z"));
        tracker.sliceUpdated(before);
        assertThat(tracker.snapshot().triggerTimes()).isEmpty();

        EndpointSlice after =
                slice("ns", "web", "web-a", "http", 8080, "10.244.0.4").build();
        after.getMetadata()
                .setAnnotations(Map.of(ServiceChangeTracker.LAST_CHANGE_TRIGGER_TIME, "2026-01-01T12:00:01Z"));
        tracker.sliceUpdated(after);
        assertThat(tracker.snapshot().triggerTimes()).containsExactly(Instant.parse("2026-01-01T12:00:01Z"));
    }

    @Test
    void aDeletedSliceRemovesItsEndpointsAndMarksTheService() {
        tracker.serviceUpdated(service("ns", "web", "10.96.0.20", "http", 80).build());
        EndpointSlice slice =
                slice("ns", "web", "web-a", "http", 8080, "10.244.0.3").build();
        tracker.sliceUpdated(slice);
        tracker.snapshot();

        assertThat(tracker.sliceDeleted(slice)).isTrue();
        ProxySnapshot snapshot = tracker.snapshot();
        assertThat(snapshot.endpointsOf(new ServicePortName("ns", "web", "http", "TCP")))
                .isEmpty();
        assertThat(snapshot.changedServices()).containsExactly("ns/web");
    }

    @Test
    void slicesWithoutAServiceLabelAreIgnored() {
        EndpointSlice slice =
                slice("ns", "web", "custom", "http", 8080, "10.244.0.3").build();
        slice.getMetadata().setLabels(Map.of());
        assertThat(tracker.sliceUpdated(slice)).isFalse();
    }
}
