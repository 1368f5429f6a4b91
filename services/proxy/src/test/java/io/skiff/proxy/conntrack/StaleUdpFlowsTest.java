package io.skiff.proxy.conntrack;

import static io.skiff.proxy.testing.Objects.service;
import static io.skiff.proxy.testing.Objects.slice;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.skiff.proxy.servicemap.ProxySnapshot;
import io.skiff.proxy.servicemap.ServiceChangeTracker;
import io.skiff.proxy.testing.Objects;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;

/** kube-proxy's choice of stale UDP flows, on conntrack -L output. */
class StaleUdpFlowsTest {

    private static final String LISTING = """
            udp      17 27 src=10.250.0.2 dst=10.96.0.80 sport=40000 dport=53 src=10.244.0.11 dst=10.244.0.1 sport=5353 dport=40000 mark=0 use=1
            udp      17 29 src=10.250.0.2 dst=10.96.0.80 sport=40001 dport=53 src=10.244.0.12 dst=10.244.0.1 sport=5353 dport=40001 mark=0 use=1
            udp      17 25 src=10.250.0.2 dst=10.96.0.80 sport=40002 dport=53 [UNREPLIED] src=10.96.0.80 dst=10.250.0.2 sport=53 dport=40002 mark=0 use=1
            udp      17 25 src=10.250.0.2 dst=10.244.0.1 sport=40003 dport=30053 src=10.244.0.11 dst=10.244.0.1 sport=5353 dport=40003 mark=0 use=1
            udp      17 25 src=10.250.0.2 dst=10.96.0.99 sport=40004 dport=53 src=10.244.0.11 dst=10.250.0.2 sport=53 dport=40004 mark=0 use=1
            tcp      6 431999 ESTABLISHED src=10.250.0.2 dst=10.96.0.80 sport=50000 dport=53 src=10.244.0.11 dst=10.244.0.1 sport=5353 dport=50000 [ASSURED] mark=0 use=1
            conntrack v1.4.7 (conntrack-tools): 6 flow entries have been shown.
            """;

    private final ServiceChangeTracker tracker = new ServiceChangeTracker(Clock.systemUTC());

    @Test
    void theListingIsReadAsOriginalDestinationAndReplySource() {
        assertThat(ConntrackEntry.parse(LISTING))
                .containsExactly(
                        new ConntrackEntry("10.96.0.80", 53, "10.244.0.11"),
                        new ConntrackEntry("10.96.0.80", 53, "10.244.0.12"),
                        new ConntrackEntry("10.96.0.80", 53, "10.96.0.80"),
                        new ConntrackEntry("10.244.0.1", 30053, "10.244.0.11"),
                        new ConntrackEntry("10.96.0.99", 53, "10.244.0.11"));
    }

    @Test
    void flowsAnsweredByAnythingButAServingEndpointAreStale() {
        tracker.serviceUpdated(Objects.nodePort(
                udp(service("ns", "dns", "10.96.0.80", "dns", 53).build()), 30053));
        tracker.sliceUpdated(
                udp(slice("ns", "dns", "dns-1", "dns", 5353, "10.244.0.12").build()));

        List<StaleUdpFlows.Deletion> deletions = StaleUdpFlows.find(tracker.snapshot(), ConntrackEntry.parse(LISTING));

        assertThat(deletions)
                .containsExactly(
                        new StaleUdpFlows.Deletion("10.96.0.80", 53, "10.244.0.11"),
                        new StaleUdpFlows.Deletion("10.96.0.80", 53, "10.96.0.80"),
                        new StaleUdpFlows.Deletion(null, 30053, "10.244.0.11"));
        assertThat(deletions.get(0).arguments())
                .containsExactly(
                        "-D",
                        "-p",
                        "udp",
                        "--orig-dst",
                        "10.96.0.80",
                        "--orig-port-dst",
                        "53",
                        "--reply-src",
                        "10.244.0.11");
        assertThat(deletions.get(2).arguments())
                .containsExactly("-D", "-p", "udp", "--orig-port-dst", "30053", "--reply-src", "10.244.0.11");
    }

    @Test
    void aServiceWithoutServingEndpointsAndTcpServicesAreLeftAlone() {
        tracker.serviceUpdated(udp(service("ns", "dns", "10.96.0.80", "dns", 53).build()));
        tracker.serviceUpdated(service("ns", "tcp", "10.96.0.99", "dns", 53).build());
        tracker.sliceUpdated(
                slice("ns", "tcp", "tcp-1", "dns", 53, "10.244.0.12").build());

        assertThat(StaleUdpFlows.find(tracker.snapshot(), ConntrackEntry.parse(LISTING)))
                .isEmpty();
    }

    @Test
    void cleanupIsRequiredOnlyWhenAServiceWithAUdpPortChanged() {
        tracker.serviceUpdated(service("ns", "tcp", "10.96.0.99", "dns", 53).build());
        assertThat(ConntrackCleaner.cleanupRequired(tracker.snapshot())).isFalse();

        tracker.serviceUpdated(udp(service("ns", "dns", "10.96.0.80", "dns", 53).build()));
        ProxySnapshot changed = tracker.snapshot();
        assertThat(ConntrackCleaner.cleanupRequired(changed)).isTrue();
        assertThat(ConntrackCleaner.cleanupRequired(tracker.snapshot())).isFalse();

        tracker.sliceUpdated(
                udp(slice("ns", "dns", "dns-1", "dns", 5353, "10.244.0.12").build()));
        assertThat(ConntrackCleaner.cleanupRequired(tracker.snapshot())).isTrue();
    }

    static Service udp(Service service) {
        service.getSpec().getPorts().forEach(port -> port.setProtocol("UDP"));
        return service;
    }

    static EndpointSlice udp(EndpointSlice slice) {
        slice.getPorts().forEach(port -> port.setProtocol("UDP"));
        return slice;
    }
}
