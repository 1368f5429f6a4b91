package io.skiff.dns.server;

import static io.skiff.dns.testing.ClusterObjects.clusterIp;
import static io.skiff.dns.testing.ClusterObjects.port;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.skiff.component.informer.CacheIndexer;
import io.skiff.component.netns.NetworkNamespace;
import io.skiff.dns.cache.ClusterCache;
import io.skiff.dns.testing.TestNetworkNamespace;
import io.skiff.dns.zone.ClusterZone;
import io.skiff.dns.zone.IpAddresses;
import io.skiff.dns.zone.ZoneSettings;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The server listening inside a network namespace this test creates, as it does on a node whose
 * pod network lives in one: dig run inside the namespace gets answers, served by this process.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NetworkNamespaceServingIntegrationTest {

    private TestNetworkNamespace namespace;
    private NetworkNamespace joined;
    private DnsServer server;

    @BeforeEach
    void createNamespace() throws Exception {
        namespace = TestNetworkNamespace.create();
    }

    @AfterEach
    void deleteNamespace() throws Exception {
        if (server != null) {
            server.close();
        }
        if (joined != null) {
            joined.close();
        }
        if (namespace != null) {
            namespace.close();
        }
    }

    @Test
    void answersQueriesMadeInsideTheNodesNamespace() throws Exception {
        CacheIndexer<Service> services = new CacheIndexer<>();
        services.put(clusterIp("default", "web", "10.96.0.20", port("http", "TCP", 80, 8080)));
        ClusterZone zone = new ClusterZone(
                ZoneSettings.of("cluster.local", Duration.ofSeconds(30), IpAddresses.parse("10.96.0.10")),
                new ClusterCache(services, new CacheIndexer<EndpointSlice>(), Clock.systemUTC()));
        InetAddress loopback = InetAddress.getLoopbackAddress();
        joined = NetworkNamespace.of(namespace.name());
        server = DnsServer.start(
                new QueryHandler(zone, Optional.empty()),
                QueryObserver.NONE,
                new ServerSettings(2, 16, 4, Duration.ofSeconds(5)),
                List.of(
                        ListenAddress.here(new InetSocketAddress(loopback, 0)),
                        new ListenAddress(new InetSocketAddress(loopback, 0), Optional.of(joined))));
        String port = Integer.toString(server.port());
        assertThat(server.addresses()).hasSize(2);

        for (String transport : List.of("+notcp", "+tcp")) {
            String answer = namespace.exec(
                    "dig",
                    "@127.0.0.1",
                    "-p",
                    port,
                    "+short",
                    "+time=2",
                    "+tries=1",
                    transport,
                    "web.default.svc.cluster.local",
                    "A");
            assertThat(answer.trim()).as(transport).isEqualTo("10.96.0.20");
        }
    }
}
