package io.skiff.kubelet.node;

import io.skiff.model.time.KubeTimes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The "node" health contributor, part of the kubelet's readiness: UP while the Node is registered
 * and its Lease in kube-node-lease was renewed within the Lease's duration, the window in which the
 * node lifecycle controller still takes the node for alive.
 */
public final class NodeHealthIndicator implements HealthIndicator {

    private final NodeAgent agent;
    private final String nodeName;
    private final Clock clock;

    public NodeHealthIndicator(NodeAgent agent, String nodeName, Clock clock) {
        this.agent = agent;
        this.nodeName = nodeName;
        this.clock = clock;
    }

    @Override
    public Health health() {
        boolean registered = agent.registered();
        Optional<Instant> renewed = agent.lastLeaseRenewal();
        Duration duration = agent.leaseDuration();
        boolean leaseCurrent = renewed.isPresent()
                && Duration.between(renewed.get(), clock.instant()).compareTo(duration) <= 0;
        Health.Builder builder = registered && leaseCurrent ? Health.up() : Health.down();
        if (!registered) {
            builder.withDetail("message", "node \"" + nodeName + "\" is not registered");
        } else if (!leaseCurrent) {
            builder.withDetail(
                    "message",
                    renewed.isEmpty()
                            ? "the node lease has not been renewed yet"
                            : "the node lease was last renewed more than " + duration.toSeconds() + "s ago");
        }
        return builder.withDetail("node", nodeName)
                .withDetail("registered", registered)
                .withDetail(
                        "lastLeaseRenewTime", renewed.map(KubeTimes::microTime).orElse(""))
                .withDetail("leaseDurationSeconds", duration.toSeconds())
                .build();
    }
}
