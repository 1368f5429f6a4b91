package io.skiff.component.leaderelection;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The "leaderElection" health contributor. A standby is as healthy as a leader, so the status is
 * always UP; the details say who leads and when the lease was last renewed.
 */
public final class LeaderElectionHealthIndicator implements HealthIndicator {

    private static final DateTimeFormatter MICRO_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSX").withZone(ZoneOffset.UTC);

    private final LeaderElector elector;

    public LeaderElectionHealthIndicator(LeaderElector elector) {
        this.elector = elector;
    }

    @Override
    public Health health() {
        Instant renewTime =
                elector.observedRecord().map(LeaderElectionRecord::renewTime).orElse(null);
        return Health.up()
                .withDetail("leader", elector.isLeader())
                .withDetail("identity", elector.identity())
                .withDetail("holderIdentity", elector.getLeader().orElse(""))
                .withDetail("lease", elector.lockDescription())
                .withDetail("lastRenewTime", renewTime == null ? "" : MICRO_TIME.format(renewTime))
                .build();
    }
}
