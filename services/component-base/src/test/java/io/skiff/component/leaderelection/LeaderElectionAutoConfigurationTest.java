package io.skiff.component.leaderelection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cloud.kubernetes.commons.leader.election.events.NewLeaderEvent;
import org.springframework.cloud.kubernetes.commons.leader.election.events.StartLeadingEvent;
import org.springframework.cloud.kubernetes.commons.leader.election.events.StopLeadingEvent;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The Spring wiring: properties, lifecycle, leader work, Spring events, health and metrics. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class LeaderElectionAutoConfigurationTest {

    private static final InMemoryLeaseServer SERVER = new InMemoryLeaseServer();

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    LeaderElectionAutoConfiguration.class,
                    HealthContributorAutoConfiguration.class,
                    HealthContributorRegistryAutoConfiguration.class,
                    MetricsAutoConfiguration.class,
                    CompositeMeterRegistryAutoConfiguration.class,
                    PrometheusMetricsExportAutoConfiguration.class))
            .withPropertyValues(
                    "skiff.leader-election.lease-duration=2s",
                    "skiff.leader-election.renew-deadline=1s",
                    "skiff.leader-election.retry-period=200ms");

    @Test
    void anElectedComponentLeadsRunsItsWorkAndReportsHealthMetricsAndEvents() {
        runner.withUserConfiguration(LeaseLockOverTheServer.class, RecordingWork.class)
                .withPropertyValues(
                        "skiff.leader-election.lease-name=elected-scheduler",
                        "skiff.leader-election.identity=scheduler-1")
                .run(context -> {
                    RecordingWork work = context.getBean(RecordingWork.class);
                    await().atMost(Duration.ofSeconds(3)).until(() -> work.log.contains("start"));
                    LeaderElector elector = context.getBean(LeaderElector.class);
                    assertThat(elector.isLeader()).isTrue();

                    HealthIndicator indicator = (HealthIndicator)
                            context.getBean(HealthContributorRegistry.class).getContributor("leaderElection");
                    Health health = indicator.health();
                    assertThat(health.getStatus()).isEqualTo(Status.UP);
                    assertThat(health.getDetails())
                            .containsEntry("leader", true)
                            .containsEntry("holderIdentity", "scheduler-1")
                            .containsEntry("lease", "kube-system/elected-scheduler");
                    assertThat((String) health.getDetails().get("lastRenewTime"))
                            .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z");

                    String scrape =
                            context.getBean(PrometheusMeterRegistry.class).scrape();
                    assertThat(scrape).contains("leader_election_master_status{name=\"elected-scheduler\"} 1");

                    await().atMost(Duration.ofSeconds(1)).until(() -> work.events.size() >= 2);
                    assertThat(work.events)
                            .anySatisfy(event -> assertThat(event)
                                    .isInstanceOfSatisfying(
                                            StartLeadingEvent.class,
                                            start -> assertThat(start.candidateIdentity())
                                                    .isEqualTo("scheduler-1")));
                    assertThat(work.events)
                            .anySatisfy(event -> assertThat(event)
                                    .isInstanceOfSatisfying(
                                            NewLeaderEvent.class,
                                            leader -> assertThat(leader.candidateIdentity())
                                                    .isEqualTo("scheduler-1")));
                    context.close();

                    assertThat(work.log).containsExactly("start", "stop");
                    assertThat(work.events)
                            .anySatisfy(event -> assertThat(event).isInstanceOf(StopLeadingEvent.class));
                    Lease released = SERVER.peek("kube-system", "elected-scheduler");
                    assertThat(released.getSpec().getHolderIdentity()).isEmpty();
                });
    }

    @Test
    void withElectionDisabledLeaderWorkRunsFromStartToShutdown() {
        runner.withUserConfiguration(RecordingWork.class)
                .withPropertyValues("skiff.leader-election.enabled=false")
                .run(context -> {
                    RecordingWork work = context.getBean(RecordingWork.class);
                    assertThat(work.log).containsExactly("start");
                    assertThat(context).doesNotHaveBean(LeaderElector.class);
                    context.close();
                    assertThat(work.log).containsExactly("start", "stop");
                });
    }

    @Test
    void leaderWorkWithoutALeaseLockFailsStartupInsteadOfNeverRunning() {
        runner.withUserConfiguration(RecordingWork.class)
                .run(context -> assertThat(context).getFailure().hasMessageContaining("no LeaseLock bean"));
    }

    @Test
    void aContextWithoutLeaderWorkOrLeaseLockGetsNothing() {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(LeaderElector.class);
            assertThat(context).doesNotHaveBean(LeadershipGate.class);
        });
    }

    @Test
    void timingsClientGoWouldRejectFailStartup() {
        runner.withPropertyValues("skiff.leader-election.lease-duration=5s", "skiff.leader-election.renew-deadline=6s")
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("must be greater than renewDeadline"));
    }

    @Test
    void anElectedComponentNeedsALeaseName() {
        runner.withUserConfiguration(LeaseLockOverTheServer.class)
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("skiff.leader-election.lease-name must be set"));
    }

    @Configuration(proxyBeanMethods = false)
    static class LeaseLockOverTheServer {
        @Bean
        LeaseLock leaseLock(LeaderElectionProperties properties) {
            return new InMemoryLeaseLock(
                    SERVER, properties.leaseNamespace(), properties.requiredLeaseName(), properties.identity());
        }
    }

    /** Leader work that logs its starts and stops, and the leader election events it hears. */
    static class RecordingWork implements LeaderWork, ApplicationListener<ApplicationEvent> {
        final List<String> log = new CopyOnWriteArrayList<>();
        final List<ApplicationEvent> events = new CopyOnWriteArrayList<>();

        @Override
        public void start() {
            log.add("start");
        }

        @Override
        public void stop() {
            log.add("stop");
        }

        @Override
        public void onApplicationEvent(ApplicationEvent event) {
            if (event instanceof StartLeadingEvent
                    || event instanceof StopLeadingEvent
                    || event instanceof NewLeaderEvent) {
                events.add(event);
            }
        }
    }
}
