package io.skiff.proxy.servicemap;

import static io.skiff.proxy.testing.Objects.service;
import static io.skiff.proxy.testing.Objects.slice;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.LoadBalancerIngressBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceStatusBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
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

    @Test
    void loadBalancerAddressesSourceRangesAndTheHealthCheckPortAreReadAsKubeProxyReadsThem() {
        Service service = service("ns", "lb", "10.96.0.30", "http", 80).build();
        service.getSpec().setType("LoadBalancer");
        service.getSpec().setExternalTrafficPolicy("Local");
        service.getSpec().setHealthCheckNodePort(30111);
        service.getSpec().setLoadBalancerSourceRanges(List.of(" 203.0.113.7/24 ", "2001:db8::/32", ""));
        service.setStatus(new ServiceStatusBuilder()
                .withNewLoadBalancer()
                .withIngress(
                        new LoadBalancerIngressBuilder().withIp("1.2.3.4").build(),
                        new LoadBalancerIngressBuilder()
                                .withIp("1.2.3.5")
                                .withIpMode("VIP")
                                .build(),
                        new LoadBalancerIngressBuilder()
                                .withIp("1.2.3.6")
                                .withIpMode("Proxy")
                                .build())
                .endLoadBalancer()
                .build());
        tracker.serviceUpdated(service);
        tracker.sliceUpdated(slice("ns", "lb", "lb-1", "http", 8080)
                .withEndpoints(
                        onNode("10.244.0.5", true, "node1"),
                        onNode("10.244.0.6", true, "node1"),
                        onNode("10.244.0.7", false, "node1"),
                        onNode("10.244.1.5", true, "node2"))
                .build());

        ProxySnapshot snapshot = tracker.snapshot();
        ServicePortInfo port = snapshot.services().get(new ServicePortName("ns", "lb", "http", "TCP"));

        assertThat(port.loadBalancerIps()).containsExactly("1.2.3.4", "1.2.3.5");
        assertThat(port.loadBalancerSourceRanges()).containsExactly("203.0.113.0/24");
        assertThat(snapshot.healthCheckNodePorts()).isEqualTo(Map.of("ns/lb", 30111));
        assertThat(snapshot.localReadyEndpoints("node1")).isEqualTo(Map.of("ns/lb", 2));
        assertThat(snapshot.localReadyEndpoints("node3")).isEmpty();
    }

    @Test
    void aHealthCheckNodePortCountsOnlyForALoadBalancerWithTheLocalPolicy() {
        Service service = service("ns", "lb", "10.96.0.30", "http", 80).build();
        service.getSpec().setType("LoadBalancer");
        service.getSpec().setHealthCheckNodePort(30111);
        tracker.serviceUpdated(service);

        assertThat(tracker.snapshot().healthCheckNodePorts()).isEmpty();
    }

    private static io.fabric8.kubernetes.api.model.discovery.v1.Endpoint onNode(String ip, boolean ready, String node) {
        io.fabric8.kubernetes.api.model.discovery.v1.Endpoint endpoint =
                io.skiff.proxy.testing.Objects.endpoint(ip, ready, ready, false);
        endpoint.setNodeName(node);
        return endpoint;
    }
}
