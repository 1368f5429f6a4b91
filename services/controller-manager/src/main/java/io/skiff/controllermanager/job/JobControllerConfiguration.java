package io.skiff.controllermanager.job;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.skiff.component.client.KubeClient;
import io.skiff.component.events.EventBroadcaster;
import io.skiff.component.events.EventOrigin;
import io.skiff.component.informer.SharedIndexInformer;
import io.skiff.component.informer.SharedInformerFactory;
import io.skiff.controllermanager.expectations.Expectations;
import io.skiff.controllermanager.pods.ClientPodControl;
import io.skiff.controllermanager.pods.PodControl;
import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The Job controller: informers on Jobs and pods (shared with the other controllers), and its
 * workers as {@link io.skiff.component.leaderelection.LeaderWork}. Switched off with {@code
 * skiff.controllers.job.enabled=false}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "skiff.controllers.job.enabled", matchIfMissing = true)
class JobControllerConfiguration {

    /** kube-controller-manager's --concurrent-job-syncs default. */
    private static final int WORKERS = 5;

    /** Bounds each sync's waits on the API server; the client's own request timeout is shorter. */
    private static final Duration CALL_TIMEOUT = Duration.ofMinutes(2);

    @Bean
    JobController jobController(
            KubeClient client,
            SharedInformerFactory informers,
            EventBroadcaster events,
            ObjectProvider<MeterRegistry> registry) {
        SharedIndexInformer<Job> jobs = informers.informerFor(Job.class);
        SharedIndexInformer<Pod> pods = informers.informerFor(Pod.class);
        Clock clock = Clock.systemUTC();
        Expectations expectations = new Expectations();
        FinalizerRemovals finalizerRemovals = new FinalizerRemovals();
        PodControl<Job> control = new ClientPodControl<>(client, Job.class);
        JobSync sync = new JobSync(
                jobs.lister(),
                pods.lister(),
                control,
                expectations,
                finalizerRemovals,
                new BackoffRecords(),
                events.newRecorder(EventOrigin.of(JobController.NAME, "")),
                clock,
                CALL_TIMEOUT);
        OrphanPodSync orphanPodSync = new OrphanPodSync(pods.lister(), jobs.lister(), control, CALL_TIMEOUT);
        return new JobController(
                jobs,
                pods,
                sync,
                orphanPodSync,
                expectations,
                finalizerRemovals,
                clock,
                registry.getIfAvailable(CompositeMeterRegistry::new),
                WORKERS);
    }
}
