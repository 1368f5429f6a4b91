package io.skiff.component.leaderelection;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * client-go's leader_election_master_status gauge: 1 while this instance leads the named lease,
 * else 0. Micrometer's Prometheus naming turns "leader.election.master.status" into
 * leader_election_master_status.
 */
public final class LeaderElectionMetrics implements MeterBinder {

    private final LeaderElector elector;

    public LeaderElectionMetrics(LeaderElector elector) {
        this.elector = elector;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("leader.election.master.status", elector, e -> e.isLeader() ? 1 : 0)
                .description("Whether this instance is the leader of the named lease (1) or not (0)")
                .tag("name", elector.leaseName())
                .register(registry);
    }
}
