package io.skiff.dns.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.skiff.component.client.ListOptions;
import io.skiff.component.client.ListerWatcher;
import io.skiff.component.informer.CacheIndexer;
import io.skiff.component.informer.ListerWatcherFactory;
import io.skiff.component.informer.SharedInformerFactory;
import io.skiff.dns.cache.ClusterCache;
import io.skiff.dns.server.QueryHandler;
import io.skiff.dns.server.QueryObserver;
import io.skiff.dns.testing.ClusterObjects;
import io.skiff.dns.testing.TestNetworkNamespace;
import io.skiff.dns.zone.ClusterZone;
import io.skiff.dns.zone.IpAddresses;
import io.skiff.dns.zone.ZoneSettings;
import java.net.InetAddress;
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
 * The node-side listener when the node's address appears only after the DNS server started (a
 * bridge the kubelet creates with its first pod): the server keeps trying and serves there once
 * it exists, whether the address was given or found later from the Node. All inside a namespace
 * this test creates; 10.244.0.1 exists only there.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NodeAddressServingIntegrationTest {

    private static final String NODE_ADDRESS = "10.244.0.1";

    private TestNetworkNamespace namespace;
    private DnsServing serving;

    @BeforeEach
    void createNamespace() throws Exception {
        namespace = TestNetworkNamespace.create();
    }

    @AfterEach
    void stop() throws Exception {
        if (serving != null) {
            serving.stop();
        }
        if (namespace != null) {
            namespace.close();
        }
    }

    @Test
    void servesOnTheNodeAddressOnceItAppears() throws Exception {
        serving = serving(NODE_ADDRESS, null);

        serving.start();
        assertThat(serving.addresses())
                .as("the node address does not exist yet")
                .hasSize(1);
        assertThat(serving.podFacingAddress()).map(a -> a.getHostAddress()).contains(NODE_ADDRESS);

        namespace.exec("ip", "addr", "add", NODE_ADDRESS + "/32", "dev", "lo");
        assertAnswersOnTheNodeAddress();
    }

    @Test
    void servesOnTheNodeAddressFoundFromTheNode() throws Exception {
        serving = serving(null, "node-1");

        serving.start();
        assertThat(serving.podFacingAddress())
                .as("no node address yet, and loopback is none")
                .isEmpty();
        serving.nodeAddressFound(InetAddress.getByName(NODE_ADDRESS));
        assertThat(serving.podFacingAddress()).map(a -> a.getHostAddress()).contains(NODE_ADDRESS);

        namespace.exec("ip", "addr", "add", NODE_ADDRESS + "/32", "dev", "lo");
        assertAnswersOnTheNodeAddress();
    }

    private void assertAnswersOnTheNodeAddress() throws Exception {
        await().atMost(Duration.ofSeconds(10)).until(() -> serving.addresses().size() == 2);
        String port = Integer.toString(serving.port().orElseThrow());
        String answer = namespace.exec(
                "dig",
                "@" + NODE_ADDRESS,
                "-p",
                port,
                "+short",
                "+time=2",
                "+tries=1",
                "web.default.svc.cluster.local",
                "A");
        assertThat(answer.trim()).isEqualTo("10.96.0.20");
    }

    /** A server on 127.0.0.1 with the node network in the test's namespace, not yet started. */
    private DnsServing serving(String nodeAddress, String nodeName) {
        CacheIndexer<Service> services = new CacheIndexer<>();
        services.put(
                ClusterObjects.clusterIp("default", "web", "10.96.0.20", ClusterObjects.port("http", "TCP", 80, 8080)));
        ClusterZone zone = new ClusterZone(
                ZoneSettings.of("cluster.local", Duration.ofSeconds(30), IpAddresses.parse("10.96.0.10")),
                new ClusterCache(services, new CacheIndexer<EndpointSlice>(), Clock.systemUTC()));
        DnsProperties properties = new DnsProperties(
                "127.0.0.1",
                0,
                "cluster.local",
                Duration.ofSeconds(30),
                List.of(),
                Duration.ofSeconds(2),
                "10.96.0.10",
                false,
                nodeAddress,
                namespace.name(),
                nodeName,
                Duration.ofSeconds(30),
                2,
                16,
                4,
                Duration.ofSeconds(5));
        SharedInformerFactory noInformers = new SharedInformerFactory(
                new ListerWatcherFactory() {
                    @Override
                    public <T extends HasMetadata> ListerWatcher<T> create(
                            Class<T> type, String ns, ListOptions selectors) {
                        throw new UnsupportedOperationException("no informers here");
                    }
                },
                Duration.ZERO);
        return new DnsServing(properties, new QueryHandler(zone, Optional.empty()), QueryObserver.NONE, noInformers);
    }
}
