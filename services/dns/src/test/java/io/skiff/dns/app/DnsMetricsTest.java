package io.skiff.dns.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.skiff.component.informer.CacheIndexer;
import io.skiff.dns.cache.ClusterCache;
import io.skiff.dns.server.QueryRecord;
import io.skiff.dns.server.Transport;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DnsMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final DnsMetrics metrics = new DnsMetrics(
            registry,
            new ClusterCache(new CacheIndexer<Service>(), new CacheIndexer<EndpointSlice>(), Clock.systemUTC()));

    @Test
    void anAnsweredQueryIsCountedTimedAndMeasuredAsCoreDnsDoes() {
        metrics.answered(query("A", 98));
        metrics.answered(query("SRV", 140));
        metrics.answered(query("A", 98));

        assertThat(registry.get("coredns.dns.requests")
                        .tag("type", "A")
                        .counter()
                        .count())
                .isEqualTo(2);
        assertThat(registry.get("coredns.dns.requests")
                        .tag("type", "SRV")
                        .counter()
                        .count())
                .isEqualTo(1);
        assertThat(registry.get("coredns.dns.responses").counter().count()).isEqualTo(3);
        assertThat(registry.get("coredns.dns.request.duration")
                        .tag("type", "A")
                        .timer()
                        .count())
                .isEqualTo(2);
        assertThat(registry.get("coredns.dns.response.size").summary().count()).isEqualTo(3);
        assertThat(registry.get("coredns.dns.response.size").summary().totalAmount())
                .isEqualTo(336);
    }

    private static QueryRecord query(String type, int size) {
        return new QueryRecord(
                "dns://127.0.0.1:1053",
                "cluster.local.",
                Transport.UDP,
                1,
                type,
                "NOERROR",
                "kubernetes",
                Duration.ofMillis(1),
                size);
    }
}
