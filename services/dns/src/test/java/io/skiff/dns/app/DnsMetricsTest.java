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
        metrics.answered(new QueryRecord(
                "dns://127.0.0.1:1053",
                "cluster.local.",
                Transport.UDP,
                1,
                "A",
                "NOERROR",
                "kubernetes",
                Duration.ofMillis(1),
                98));

        assertThat(registry.get("coredns.dns.requests").counter().count()).isEqualTo(1);
        assertThat(registry.get("coredns.dns.request.duration").timer().count()).isEqualTo(1);
        assertThat(registry.get("coredns.dns.response.size").summary().count()).isEqualTo(1);
        assertThat(registry.get("coredns.dns.response.size").summary().totalAmount())
                .isEqualTo(98);
    }
}
