package io.skiff.ingress.app;

import io.skiff.ingress.snapshot.SnapshotHolder;
import java.net.InetSocketAddress;
import java.util.Optional;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/** The "ingress" health contributor: UP once the caches hold their first lists and both listeners are bound. */
final class IngressHealthIndicator implements HealthIndicator {

    private final IngressServing serving;
    private final SnapshotHolder snapshots;

    IngressHealthIndicator(IngressServing serving, SnapshotHolder snapshots) {
        this.serving = serving;
        this.snapshots = snapshots;
    }

    @Override
    public Health health() {
        Optional<InetSocketAddress> http = serving.httpAddress();
        Optional<InetSocketAddress> https = serving.httpsAddress();
        boolean synced = serving.cachesSynced();
        Health.Builder health = http.isPresent() && https.isPresent() && synced ? Health.up() : Health.down();
        return health.withDetail("http", http.map(InetSocketAddress::toString).orElse(""))
                .withDetail("https", https.map(InetSocketAddress::toString).orElse(""))
                .withDetail("cachesSynced", synced)
                .withDetail("snapshot", snapshots.current().generation())
                .withDetail("routes", snapshots.current().table().size())
                .withDetail("ingresses", snapshots.current().served().size())
                .build();
    }
}
