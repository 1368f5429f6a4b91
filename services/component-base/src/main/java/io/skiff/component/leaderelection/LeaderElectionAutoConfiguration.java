package io.skiff.component.leaderelection;

import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Leader election for a component: with a {@link LeaseLock} bean (the port over the API client)
 * and leader election enabled, a {@link LeaderElector} runs for the life of the context, drives
 * every {@link LeaderCallbacks} bean (among them the {@link LeadershipGate} that runs the
 * component's {@link LeaderWork} beans), publishes spring-cloud-kubernetes' leader events, and
 * contributes the "leaderElection" health indicator and the leader_election_master_status gauge.
 * With it disabled, leader work runs from start to shutdown.
 */
@AutoConfiguration
@EnableConfigurationProperties(LeaderElectionProperties.class)
public final class LeaderElectionAutoConfiguration {

    private static final String ENABLED = "skiff.leader-election.enabled";

    @Bean
    @ConditionalOnBean(LeaderWork.class)
    @ConditionalOnMissingBean
    LeadershipGate leadershipGate(ObjectProvider<LeaderWork> works) {
        return new LeadershipGate(works.orderedStream().toList());
    }

    /** Leader work that would never start is a misconfiguration, not a quiet standby. */
    @Bean
    @ConditionalOnBooleanProperty(name = ENABLED, matchIfMissing = true)
    @ConditionalOnBean(LeaderWork.class)
    @ConditionalOnMissingBean(LeaseLock.class)
    SmartInitializingSingleton leaseLockRequired() {
        return () -> {
            throw new IllegalStateException("leader election is enabled and there is LeaderWork, but no LeaseLock"
                    + " bean: define one, or set " + ENABLED + "=false");
        };
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBooleanProperty(name = ENABLED, matchIfMissing = true)
    @ConditionalOnBean(LeaseLock.class)
    static class Elected {

        @Bean
        @ConditionalOnMissingBean
        LeaderElector leaderElector(
                LeaseLock lock,
                LeaderElectionProperties properties,
                ObjectProvider<LeaderCallbacks> callbacks,
                ApplicationEventPublisher publisher) {
            List<LeaderCallbacks> all =
                    new ArrayList<>(callbacks.orderedStream().toList());
            all.add(new SpringLeaderEvents(publisher, lock.identity()));
            return new LeaderElector(lock, properties.timings(), properties.releaseOnCancel(), all);
        }

        @Bean
        LeaderElectorLifecycle leaderElectorLifecycle(LeaderElector elector) {
            return new LeaderElectorLifecycle(elector);
        }

        @Bean
        LeaderElectionHealthIndicator leaderElectionHealthIndicator(LeaderElector elector) {
            return new LeaderElectionHealthIndicator(elector);
        }

        @Bean
        LeaderElectionMetrics leaderElectionMetrics(LeaderElector elector) {
            return new LeaderElectionMetrics(elector);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBooleanProperty(name = ENABLED, havingValue = false)
    @ConditionalOnBean(LeaderWork.class)
    static class Unelected {

        @Bean
        UnelectedLeadership unelectedLeadership(LeadershipGate gate) {
            return new UnelectedLeadership(gate);
        }
    }
}
