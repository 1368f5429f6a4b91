package io.skiff.dns.app;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.skiff.dns.cache.ClusterCache;
import io.skiff.dns.server.QueryObserver;
import io.skiff.dns.server.QueryRecord;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * CoreDNS's query metrics under CoreDNS's names and labels, so its dashboards and alerts work:
 * coredns_dns_requests_total, coredns_dns_responses_total{rcode,plugin},
 * coredns_dns_request_duration_seconds (CoreDNS's buckets, 0.25 ms doubling to 8 s) and
 * coredns_dns_response_size_bytes. The informers' cache sizes are skiff_dns_cache_objects{resource}
 * (CoreDNS has no metric of its own for them; informer_store_size has them too).
 */
final class DnsMetrics implements QueryObserver {

    private static final String VIEW = "";
    private static final Duration[] DURATION_BUCKETS = durationBuckets();
    /** CoreDNS's size buckets without its 0: Micrometer takes only positive service-level objectives. */
    private static final double[] SIZE_BUCKETS = {
        100, 200, 300, 400, 511, 1023, 2047, 4095, 8291, 16000, 32000, 48000, 64000
    };

    private final MeterRegistry registry;
    private final Map<Labels, Meters> metersByLabels = new ConcurrentHashMap<>();

    DnsMetrics(MeterRegistry registry, ClusterCache cache) {
        this.registry = registry;
        Gauge.builder("skiff.dns.cache.objects", cache, ClusterCache::serviceCount)
                .description("Objects in the DNS server's informer caches")
                .tag("resource", "services")
                .register(registry);
        Gauge.builder("skiff.dns.cache.objects", cache, ClusterCache::endpointSliceCount)
                .description("Objects in the DNS server's informer caches")
                .tag("resource", "endpointslices")
                .register(registry);
    }

    @Override
    public void answered(QueryRecord query) {
        // Building and registering four meters per query cost more than answering it: each label
        // combination's meters are looked up once and kept.
        Meters meters = metersByLabels.computeIfAbsent(Labels.of(query), this::register);
        meters.requests.increment();
        meters.responses.increment();
        meters.duration.record(query.duration());
        meters.size.record(query.size());
    }

    private Meters register(Labels labels) {
        return new Meters(
                Counter.builder("coredns.dns.requests")
                        .description("Counter of DNS requests made per zone, protocol and family.")
                        .tag("server", labels.server())
                        .tag("zone", labels.zone())
                        .tag("view", VIEW)
                        .tag("proto", labels.proto())
                        .tag("family", Integer.toString(labels.family()))
                        .tag("type", labels.type())
                        .register(registry),
                Counter.builder("coredns.dns.responses")
                        .description("Counter of response status codes.")
                        .tag("server", labels.server())
                        .tag("zone", labels.zone())
                        .tag("view", VIEW)
                        .tag("rcode", labels.rcode())
                        .tag("plugin", labels.plugin())
                        .register(registry),
                Timer.builder("coredns.dns.request.duration")
                        .description("Histogram of the time (in seconds) each request took per zone.")
                        .tag("server", labels.server())
                        .tag("zone", labels.zone())
                        .tag("view", VIEW)
                        .tag("type", labels.type())
                        .serviceLevelObjectives(DURATION_BUCKETS)
                        .register(registry),
                DistributionSummary.builder("coredns.dns.response.size")
                        .description("Size of the returned response in bytes.")
                        .baseUnit("bytes")
                        .tag("server", labels.server())
                        .tag("zone", labels.zone())
                        .tag("view", VIEW)
                        .tag("proto", labels.proto())
                        .serviceLevelObjectives(SIZE_BUCKETS)
                        .register(registry));
    }

    /** The labels of one query's meters (a handful of combinations in practice). */
    private record Labels(
            String server, String zone, String proto, int family, String type, String rcode, String plugin) {
        static Labels of(QueryRecord query) {
            return new Labels(
                    query.server(),
                    query.zone(),
                    query.transport().label(),
                    query.family(),
                    query.type(),
                    query.rcode(),
                    query.plugin());
        }
    }

    private record Meters(Counter requests, Counter responses, Timer duration, DistributionSummary size) {}

    private static Duration[] durationBuckets() {
        Duration[] buckets = new Duration[16];
        long micros = 250;
        for (int i = 0; i < buckets.length; i++) {
            buckets[i] = Duration.ofNanos(micros * 1000);
            micros *= 2;
        }
        return buckets;
    }
}
