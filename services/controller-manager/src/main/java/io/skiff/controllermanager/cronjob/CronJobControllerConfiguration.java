package io.skiff.controllermanager.cronjob;

import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.skiff.component.client.KubeClient;
import io.skiff.component.events.EventBroadcaster;
import io.skiff.component.events.EventOrigin;
import io.skiff.component.informer.SharedIndexInformer;
import io.skiff.component.informer.SharedInformerFactory;
import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The CronJob controller: informers on CronJobs and Jobs, and its workers as {@link
 * io.skiff.component.leaderelection.LeaderWork}. Schedules without spec.timeZone are read in this
 * process's default time zone, as kube-controller-manager reads them in its local one. Switched
 * off with {@code skiff.controllers.cronjob.enabled=false}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "skiff.controllers.cronjob.enabled", matchIfMissing = true)
class CronJobControllerConfiguration {

    /** kube-controller-manager's --concurrent-cron-job-syncs default. */
    private static final int WORKERS = 5;

    private static final Duration CALL_TIMEOUT = Duration.ofMinutes(2);

    @Bean
    CronJobController cronJobController(
            KubeClient client,
            SharedInformerFactory informers,
            EventBroadcaster events,
            ObjectProvider<MeterRegistry> registry) {
        SharedIndexInformer<CronJob> cronJobs = informers.informerFor(CronJob.class);
        SharedIndexInformer<Job> jobs = informers.informerFor(Job.class);
        Clock clock = Clock.systemDefaultZone();
        CronJobSync sync = new CronJobSync(
                cronJobs.lister(),
                jobs.lister(),
                new ClientCronJobControl(client),
                events.newRecorder(EventOrigin.of(CronJobController.NAME, "")),
                clock,
                CALL_TIMEOUT);
        return new CronJobController(
                cronJobs, jobs, sync, clock, registry.getIfAvailable(CompositeMeterRegistry::new), WORKERS);
    }
}
