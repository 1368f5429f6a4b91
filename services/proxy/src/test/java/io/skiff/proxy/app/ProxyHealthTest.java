package io.skiff.proxy.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Status;

/** kube-proxy's healthz semantics: only a change left unapplied for too long makes the proxy unhealthy. */
class ProxyHealthTest {

    private static final Instant START = Instant.parse("2026-01-01T12:00:00Z");
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final MutableClock clock = new MutableClock(START);
    private final ProxyHealth health = new ProxyHealth(clock, TIMEOUT, "iptables");

    @Test
    void aProxyThatNeverSyncsTurnsUnhealthyAfterTheTimeout() {
        assertThat(health.health().getStatus()).isEqualTo(Status.UP);
        assertThat(health.healthy())
                .as("what the health check node ports report")
                .isTrue();
        clock.advance(TIMEOUT);
        assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.healthy()).isFalse();
    }

    @Test
    void aQuietProxyStaysHealthyHoweverLongAgoItSynced() {
        health.updated(clock.instant());
        clock.advance(Duration.ofHours(2));
        assertThat(health.health().getStatus()).isEqualTo(Status.UP);
    }

    @Test
    void aChangeWaitingLongerThanTheTimeoutMakesItUnhealthyUntilASyncAppliesIt() {
        health.updated(clock.instant());
        health.queued(clock.instant());
        clock.advance(Duration.ofSeconds(30));
        health.queued(clock.instant());
        assertThat(health.health().getStatus()).isEqualTo(Status.UP);
        clock.advance(Duration.ofSeconds(30));
        health.failed(clock.instant(), "iptables-restore exited 1");
        assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.health().getDetails()).containsEntry("lastError", "iptables-restore exited 1");
        health.updated(clock.instant());
        assertThat(health.health().getStatus()).isEqualTo(Status.UP);
    }

    private static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
