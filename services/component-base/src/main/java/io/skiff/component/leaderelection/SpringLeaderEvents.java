package io.skiff.component.leaderelection;

import org.springframework.cloud.kubernetes.commons.leader.election.events.NewLeaderEvent;
import org.springframework.cloud.kubernetes.commons.leader.election.events.StartLeadingEvent;
import org.springframework.cloud.kubernetes.commons.leader.election.events.StopLeadingEvent;
import org.springframework.context.ApplicationEventPublisher;

/**
 * Publishes leader election as spring-cloud-kubernetes' application events, so Spring components
 * can react with {@code @EventListener} as they would under spring-cloud-kubernetes leader
 * election. As there, each event's candidateIdentity is this instance for start/stop and the new
 * leader for NewLeaderEvent.
 */
public final class SpringLeaderEvents implements LeaderCallbacks {

    private final ApplicationEventPublisher publisher;
    private final String identity;

    public SpringLeaderEvents(ApplicationEventPublisher publisher, String identity) {
        this.publisher = publisher;
        this.identity = identity;
    }

    @Override
    public void onStartedLeading() {
        publisher.publishEvent(new StartLeadingEvent(identity));
    }

    @Override
    public void onStoppedLeading() {
        publisher.publishEvent(new StopLeadingEvent(identity));
    }

    @Override
    public void onNewLeader(String leader) {
        publisher.publishEvent(new NewLeaderEvent(leader));
    }
}
