package io.skiff.dns.server;

import static io.skiff.dns.testing.ClusterObjects.clusterIp;
import static io.skiff.dns.testing.ClusterObjects.port;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.skiff.component.informer.CacheIndexer;
import io.skiff.component.netns.NetworkNamespace;
import io.skiff.dns.cache.ClusterCache;
import io.skiff.dns.zone.ClusterZone;
import io.skiff.dns.zone.IpAddresses;
import io.skiff.dns.zone.ZoneSettings;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The server listening inside a network namespace this test creates (only its loopback up, no
 * route out), as it does on a node whose pod network lives in one: dig run inside the namespace
 * gets answers, served by this process. Needs root, iproute2 and dig; skips loudly otherwise.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NetworkNamespaceServingIntegrationTest {

    private String namespace;
    private DnsServer server;

    @BeforeEach
    void createNamespace() throws Exception {
        Assumptions.assumeTrue(
                "root".equals(System.getProperty("user.name")),
                "joining a network namespace needs root; this test runs as " + System.getProperty("user.name"));
        Assumptions.assumeTrue(run("ip", "-V").exitCode() == 0, "iproute2 (ip) is not installed");
        Assumptions.assumeTrue(run("dig", "-v").exitCode() == 0, "dig (Debian's dnsutils) is not installed");
        namespace = "skiff-dns-test-"
                + Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 16));
        Result added = run("ip", "netns", "add", namespace);
        Assumptions.assumeTrue(added.exitCode() == 0, "cannot create a network namespace: " + added.output());
        assertThat(run("ip", "netns", "exec", namespace, "ip", "link", "set", "lo", "up")
                        .exitCode())
                .isZero();
    }

    @AfterEach
    void deleteNamespace() throws Exception {
        if (server != null) {
            server.close();
        }
        if (namespace != null) {
            run("ip", "netns", "delete", namespace);
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
        server = DnsServer.start(
                new QueryHandler(zone, Optional.empty()),
                QueryObserver.NONE,
                new ServerSettings(2, 16, 4, Duration.ofSeconds(5)),
                List.of(
                        ListenAddress.here(new InetSocketAddress(loopback, 0)),
                        new ListenAddress(
                                new InetSocketAddress(loopback, 0), Optional.of(NetworkNamespace.of(namespace)))));
        String port = Integer.toString(server.port());
        assertThat(server.addresses()).hasSize(2);

        for (String transport : List.of("+notcp", "+tcp")) {
            Result dig = run(
                    "ip",
                    "netns",
                    "exec",
                    namespace,
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
            assertThat(dig.output().trim()).as(transport).isEqualTo("10.96.0.20");
        }
    }

    private record Result(int exitCode, String output) {}

    private static Result run(String... command) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of(command));
        Process process;
        try {
            process = new ProcessBuilder(args).redirectErrorStream(true).start();
        } catch (IOException e) {
            return new Result(127, e.getMessage());
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return new Result(124, output);
        }
        return new Result(process.exitValue(), output);
    }
}
