package io.skiff.controllermanager.cronjob;

import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.micrometer.core.instrument.MeterRegistry;
import io.skiff.component.informer.ObjectKeys;
import io.skiff.component.informer.SharedIndexInformer;
import io.skiff.component.leaderelection.LeaderWork;
import io.skiff.controllermanager.loop.LeaderControllerLoop;
import io.skiff.model.selector.LabelSelector;
import java.time.Clock;
import java.util.List;

/**
 * The CronJob controller's workers, run only while this controller manager leads. Each CronJob is
 * synced on its own changes and its Jobs' changes, and requeued for its next scheduled time.
 */
public final class CronJobController implements LeaderWork {

    /** The name kube-controller-manager gives this controller, used for its events and its queue. */
    public static final String NAME = "cronjob-controller";

    private final LeaderControllerLoop loop;

    CronJobController(
            SharedIndexInformer<CronJob> cronJobs,
            SharedIndexInformer<Job> jobs,
            CronJobSync sync,
            Clock clock,
            MeterRegistry registry,
            int workers) {
        this.loop = new LeaderControllerLoop(
                NAME,
                sync,
                List.of(cronJobs, jobs),
                () -> cronJobs.lister().list(LabelSelector.everything()).stream()
                        .map(ObjectKeys::keyOf)
                        .toList(),
                registry,
                workers);
        CronJobEventHandlers handlers =
                new CronJobEventHandlers(cronJobs.lister(), clock, loop::enqueue, loop::enqueueAfter);
        cronJobs.addEventHandler(handlers.forCronJobs());
        jobs.addEventHandler(handlers.forJobs());
    }

    @Override
    public void start() {
        loop.start();
    }

    @Override
    public void stop() {
        loop.stop();
    }
}
