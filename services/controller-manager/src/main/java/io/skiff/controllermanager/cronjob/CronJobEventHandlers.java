package io.skiff.controllermanager.cronjob;

import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.skiff.component.informer.Lister;
import io.skiff.component.informer.ObjectKeys;
import io.skiff.component.informer.ResourceEventHandler;
import io.skiff.controllermanager.ownership.OwnerReferences;
import io.skiff.controllermanager.ownership.OwnerResolver;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Turns CronJob and Job notifications into CronJob keys (cronjob_controllerv2.go handlers). A
 * changed schedule or time zone requeues the CronJob at its new next time; other changes sync it now.
 */
final class CronJobEventHandlers {

    private final OwnerResolver<CronJob> owners;
    private final Clock clock;
    private final Consumer<String> enqueue;
    private final BiConsumer<String, Duration> enqueueAfter;

    CronJobEventHandlers(
            Lister<CronJob> cronJobs,
            Clock clock,
            Consumer<String> enqueue,
            BiConsumer<String, Duration> enqueueAfter) {
        this.owners = OwnerResolver.of(cronJobs, "CronJob");
        this.clock = clock;
        this.enqueue = enqueue;
        this.enqueueAfter = enqueueAfter;
    }

    ResourceEventHandler<CronJob> forCronJobs() {
        return ResourceEventHandler.of(this::enqueue, this::cronJobUpdated, this::enqueue);
    }

    ResourceEventHandler<Job> forJobs() {
        return ResourceEventHandler.of(this::enqueueController, this::jobUpdated, this::enqueueController);
    }

    void cronJobUpdated(CronJob oldCronJob, CronJob newCronJob) {
        String key = ObjectKeys.keyOf(newCronJob);
        boolean scheduleChanged = !Objects.equals(
                        oldCronJob.getSpec().getSchedule(), newCronJob.getSpec().getSchedule())
                || !Objects.equals(
                        oldCronJob.getSpec().getTimeZone(), newCronJob.getSpec().getTimeZone());
        if (!scheduleChanged) {
            // Other changes may matter within the starting deadline: sync now.
            enqueue.accept(key);
            return;
        }
        try {
            String timeZone = newCronJob.getSpec().getTimeZone();
            ZoneId zone = timeZone == null ? clock.getZone() : CronSchedule.zone(timeZone);
            CronSchedule schedule = CronSchedule.parse(newCronJob.getSpec().getSchedule(), zone);
            Duration delay = ScheduleTimes.untilNext(newCronJob, clock.instant(), schedule);
            if (delay != null) {
                enqueueAfter.accept(key, delay);
            }
        } catch (IllegalArgumentException e) {
            // The sync reports an unparseable schedule when it next runs; nothing to schedule now.
        }
    }

    void jobUpdated(Job oldJob, Job newJob) {
        if (OwnerResolver.isResync(oldJob, newJob)) {
            return;
        }
        if (!Objects.equals(OwnerReferences.controllerOf(oldJob), OwnerReferences.controllerOf(newJob))) {
            enqueueController(oldJob);
        }
        enqueueController(newJob);
    }

    private void enqueueController(Job job) {
        owners.controllerOf(job).ifPresent(this::enqueue);
    }

    private void enqueue(CronJob cronJob) {
        enqueue.accept(ObjectKeys.keyOf(cronJob));
    }
}
