package io.skiff.controllermanager.cronjob;

import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobStatus;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.skiff.component.client.ApiErrors;
import io.skiff.component.controller.Reconciler;
import io.skiff.component.controller.Result;
import io.skiff.component.events.EventRecorder;
import io.skiff.component.events.EventType;
import io.skiff.component.informer.Lister;
import io.skiff.component.informer.ObjectKeys;
import io.skiff.controllermanager.job.FinishedJobs;
import io.skiff.controllermanager.ownership.OwnerReferences;
import io.skiff.model.selector.LabelSelector;
import io.skiff.model.time.KubeTimes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One sync of one CronJob (cronjob_controllerv2.go sync): forget finished and vanished Jobs, delete
 * those beyond the history limits, start the Job of the most recent due time if the concurrency
 * policy and starting deadline allow, and come back at the next scheduled time.
 */
final class CronJobSync implements Reconciler<String> {

    private static final Logger log = LoggerFactory.getLogger(CronJobSync.class);

    /** Go's time.RFC1123Z, as the MissSchedule event prints times. */
    private static final DateTimeFormatter RFC1123Z = DateTimeFormatter.ofPattern(
                    "EEE, dd MMM yyyy HH:mm:ss Z", Locale.US)
            .withZone(ZoneOffset.UTC);

    private final Lister<CronJob> cronJobs;
    private final Lister<Job> jobs;
    private final CronJobControl control;
    private final EventRecorder events;
    private final Clock clock;
    private final Duration timeout;

    /**
     * @param clock the current time, and in its zone the zone of schedules without spec.timeZone (kube
     *     uses the controller manager's local zone)
     */
    CronJobSync(
            Lister<CronJob> cronJobs,
            Lister<Job> jobs,
            CronJobControl control,
            EventRecorder events,
            Clock clock,
            Duration timeout) {
        this.cronJobs = cronJobs;
        this.jobs = jobs;
        this.control = control;
        this.events = events;
        this.clock = clock;
        this.timeout = timeout;
    }

    @Override
    public Result sync(String key) {
        Optional<CronJob> cached = cronJobs.get(ObjectKeys.namespaceOf(key), ObjectKeys.nameOf(key));
        if (cached.isEmpty()) {
            return Result.done();
        }
        CronJob cronJob = new CronJobBuilder(cached.get()).build();
        if (cronJob.getStatus() == null) {
            cronJob.setStatus(new CronJobStatus());
        }
        cronJob.getStatus()
                .setActive(new ArrayList<>(
                        cronJob.getStatus().getActive() == null
                                ? List.of()
                                : cronJob.getStatus().getActive()));
        List<Job> children = jobsToReconcile(cronJob);
        boolean updateAfterCleanup = cleanupFinishedJobs(cronJob, children);
        Outcome outcome = syncCronJob(cronJob, children);
        if (updateAfterCleanup || outcome.updateStatus()) {
            control.updateStatus(cronJob).block(timeout);
        }
        if (outcome.requeueAfter() != null) {
            return Result.requeueAfter(outcome.requeueAfter());
        }
        if (outcome.error() != null) {
            throw outcome.error();
        }
        return Result.done();
    }

    private record Outcome(Duration requeueAfter, boolean updateStatus, RuntimeException error) {}

    /** Jobs whose controller reference names this CronJob, matching labels or not. */
    private List<Job> jobsToReconcile(CronJob cronJob) {
        List<Job> result = new ArrayList<>();
        for (Job job : jobs.list(cronJob.getMetadata().getNamespace(), LabelSelector.everything())) {
            OwnerReferences.controllerOf(job)
                    .filter(ref -> cronJob.getMetadata().getName().equals(ref.getName()))
                    .ifPresent(ref -> result.add(job));
        }
        return result;
    }

    private Outcome syncCronJob(CronJob cronJob, List<Job> children) {
        Instant now = clock.instant();
        boolean updateStatus = false;
        Set<String> childUids = new HashSet<>();
        for (Job job : children) {
            childUids.add(job.getMetadata().getUid());
            boolean found = inActiveList(cronJob, job.getMetadata().getUid());
            if (!found && !FinishedJobs.isFinished(job)) {
                CronJob fresh = control.findCronJob(
                                cronJob.getMetadata().getNamespace(),
                                cronJob.getMetadata().getName())
                        .block(timeout);
                if (fresh != null && inActiveList(fresh, job.getMetadata().getUid())) {
                    // The cache had not seen our own status update yet.
                    cronJob.getStatus()
                            .setActive(new ArrayList<>(fresh.getStatus().getActive()));
                    continue;
                }
                // Created by us before a crash, or by someone who wants us to adopt it.
                events.event(
                        cronJob,
                        EventType.WARNING,
                        "UnexpectedJob",
                        "Saw a job that the controller did not create or forgot: %s",
                        job.getMetadata().getName());
            } else if (found && FinishedJobs.isFinished(job)) {
                String status =
                        FinishedJobs.finishedCondition(job).orElseThrow().getType();
                deleteFromActiveList(cronJob, job.getMetadata().getUid());
                events.event(
                        cronJob,
                        EventType.NORMAL,
                        "SawCompletedJob",
                        "Saw completed job: %s, status: %s",
                        job.getMetadata().getName(),
                        status);
                updateStatus = true;
            } else if (FinishedJobs.isSucceeded(job)) {
                // Not active, but a success all the same: note when it finished.
                updateStatus |= recordSuccess(cronJob, job);
            }
        }

        // Forget active Jobs that no longer exist, or the CronJob would look busy forever.
        for (ObjectReference active : List.copyOf(cronJob.getStatus().getActive())) {
            if (childUids.contains(active.getUid())) {
                continue;
            }
            // The cache may lag: ask the API server before declaring the Job gone.
            Job job = control.findJob(active.getNamespace(), active.getName()).block(timeout);
            if (job == null) {
                events.event(cronJob, EventType.NORMAL, "MissingJob", "Active job went missing: %s", active.getName());
                deleteFromActiveList(cronJob, active.getUid());
                updateStatus = true;
            }
        }

        if (cronJob.getMetadata().getDeletionTimestamp() != null) {
            return new Outcome(null, updateStatus, null);
        }
        String timeZone = cronJob.getSpec().getTimeZone();
        ZoneId zone = clock.getZone();
        if (timeZone != null) {
            try {
                zone = CronSchedule.zone(timeZone);
            } catch (IllegalArgumentException e) {
                events.event(
                        cronJob,
                        EventType.WARNING,
                        "UnknownTimeZone",
                        "invalid timeZone: \"%s\": %s",
                        timeZone,
                        e.getMessage());
                return new Outcome(null, updateStatus, null);
            }
        }
        if (Boolean.TRUE.equals(cronJob.getSpec().getSuspend())) {
            log.debug("Not starting a Job of CronJob {}: it is suspended", ObjectKeys.keyOf(cronJob));
            return new Outcome(null, updateStatus, null);
        }
        String schedule = cronJob.getSpec().getSchedule();
        if (schedule.contains("TZ")) {
            events.event(
                    cronJob,
                    EventType.WARNING,
                    "UnsupportedSchedule",
                    "CRON_TZ or TZ used in schedule \"%s\" is not officially supported, see https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/ for more details",
                    schedule);
        }
        CronSchedule parsed;
        try {
            parsed = CronSchedule.parse(schedule, zone);
        } catch (IllegalArgumentException e) {
            // A user error: nothing to do until the spec changes.
            events.event(
                    cronJob,
                    EventType.WARNING,
                    "UnparseableSchedule",
                    "unparseable schedule: \"%s\" : %s",
                    schedule,
                    e.getMessage());
            return new Outcome(null, updateStatus, null);
        }

        Instant scheduledTime;
        try {
            ScheduleTimes.Recent recent = ScheduleTimes.mostRecent(cronJob, now, parsed, true);
            scheduledTime =
                    recent.mostRecent() == null || recent.mostRecent().isAfter(now) ? null : recent.mostRecent();
            if (scheduledTime != null && recent.missed() == ScheduleTimes.Missed.MANY) {
                events.event(
                        cronJob,
                        EventType.WARNING,
                        "TooManyMissedTimes",
                        "too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew");
                log.info("CronJob {}: too many missed start times", ObjectKeys.keyOf(cronJob));
            }
        } catch (IllegalArgumentException e) {
            events.event(
                    cronJob,
                    EventType.WARNING,
                    "InvalidSchedule",
                    "invalid schedule: %s : %s",
                    schedule,
                    e.getMessage());
            return new Outcome(null, updateStatus, null);
        }
        if (scheduledTime == null) {
            // Nothing due: only happens when the queue fills after a restart.
            return new Outcome(ScheduleTimes.untilNext(cronJob, now, parsed), updateStatus, null);
        }

        Long startingDeadline = cronJob.getSpec().getStartingDeadlineSeconds();
        if (startingDeadline != null
                && scheduledTime.plusSeconds(startingDeadline).isBefore(now)) {
            events.event(
                    cronJob,
                    EventType.WARNING,
                    "MissSchedule",
                    "Missed scheduled time to start a job: %s",
                    RFC1123Z.format(scheduledTime));
            return new Outcome(ScheduleTimes.untilNext(cronJob, now, parsed), updateStatus, null);
        }
        String jobName = JobsFromTemplate.jobName(cronJob, scheduledTime);
        boolean alreadyProcessed = cronJob.getStatus().getActive().stream()
                        .anyMatch(ref -> jobName.equals(ref.getName())
                                && Objects.equals(cronJob.getMetadata().getNamespace(), ref.getNamespace()))
                || KubeTimes.parse(cronJob.getStatus().getLastScheduleTime())
                        .map(scheduledTime::equals)
                        .orElse(false);
        if (alreadyProcessed) {
            return new Outcome(ScheduleTimes.untilNext(cronJob, now, parsed), updateStatus, null);
        }
        String policy = cronJob.getSpec().getConcurrencyPolicy();
        if ("Forbid".equals(policy) && !cronJob.getStatus().getActive().isEmpty()) {
            events.event(
                    cronJob,
                    EventType.NORMAL,
                    "JobAlreadyActive",
                    "Not starting job because prior execution is running and concurrency policy is Forbid");
            return new Outcome(ScheduleTimes.untilNext(cronJob, now, parsed), updateStatus, null);
        }
        if ("Replace".equals(policy)) {
            for (ObjectReference active : List.copyOf(cronJob.getStatus().getActive())) {
                Job job;
                try {
                    job = control.findJob(active.getNamespace(), active.getName())
                            .block(timeout);
                } catch (RuntimeException e) {
                    events.event(cronJob, EventType.WARNING, "FailedGet", "Get job: %s", e.getMessage());
                    return new Outcome(null, updateStatus, e);
                }
                if (job == null) {
                    continue;
                }
                if (!deleteJob(cronJob, job)) {
                    return new Outcome(
                            null,
                            updateStatus,
                            new IllegalStateException(String.format(
                                    "could not replace job %s/%s",
                                    job.getMetadata().getNamespace(),
                                    job.getMetadata().getName())));
                }
                updateStatus = true;
            }
        }

        Job request = JobsFromTemplate.newJob(cronJob, scheduledTime);
        Job created;
        try {
            created = control.createJob(cronJob.getMetadata().getNamespace(), request)
                    .block(timeout);
            events.event(
                    cronJob,
                    EventType.NORMAL,
                    "SuccessfulCreate",
                    "Created job %s",
                    created.getMetadata().getName());
        } catch (RuntimeException e) {
            if (!ApiErrors.isAlreadyExists(e)) {
                events.event(cronJob, EventType.WARNING, "FailedCreate", "Error creating job: %s", e.getMessage());
                return new Outcome(null, updateStatus, e);
            }
            // Created earlier by us (the status update then failed) or by someone else.
            created = control.findJob(cronJob.getMetadata().getNamespace(), jobName)
                    .block(timeout);
            if (created == null) {
                return new Outcome(null, updateStatus, e);
            }
            if (!OwnerReferences.isControlledBy(created, cronJob.getMetadata().getUid())
                    || inActiveList(cronJob, created.getMetadata().getUid())) {
                return new Outcome(null, updateStatus, null);
            }
            log.info("Job {} of CronJob {} already exists", jobName, ObjectKeys.keyOf(cronJob));
        }
        cronJob.getStatus().getActive().add(reference(created));
        cronJob.getStatus().setLastScheduleTime(timestamp(scheduledTime));
        return new Outcome(ScheduleTimes.untilNext(cronJob, now, parsed), true, null);
    }

    /** Deletes the oldest finished Jobs beyond successfulJobsHistoryLimit and failedJobsHistoryLimit. */
    private boolean cleanupFinishedJobs(CronJob cronJob, List<Job> children) {
        Integer successfulLimit = cronJob.getSpec().getSuccessfulJobsHistoryLimit();
        Integer failedLimit = cronJob.getSpec().getFailedJobsHistoryLimit();
        if (successfulLimit == null && failedLimit == null) {
            return false;
        }
        List<Job> successful = new ArrayList<>();
        List<Job> failed = new ArrayList<>();
        for (Job job : children) {
            FinishedJobs.finishedCondition(job).ifPresent(condition -> {
                if (FinishedJobs.COMPLETE.equals(condition.getType())) {
                    successful.add(job);
                } else {
                    failed.add(job);
                }
            });
        }
        boolean updateStatus = false;
        if (successfulLimit != null && removeOldestJobs(cronJob, successful, successfulLimit)) {
            updateStatus = true;
        }
        if (failedLimit != null && removeOldestJobs(cronJob, failed, failedLimit)) {
            updateStatus = true;
        }
        return updateStatus;
    }

    private boolean removeOldestJobs(CronJob cronJob, List<Job> finished, int limit) {
        int toDelete = finished.size() - limit;
        if (toDelete <= 0) {
            return false;
        }
        List<Job> oldestFirst = new ArrayList<>(finished);
        oldestFirst.sort(BY_START_TIME);
        boolean updateStatus = false;
        for (Job job : oldestFirst.subList(0, toDelete)) {
            updateStatus |= deleteJob(cronJob, job);
        }
        return updateStatus;
    }

    /** Jobs by status.startTime, those without one last, names breaking ties. */
    private static final Comparator<Job> BY_START_TIME = Comparator.<Job, Instant>comparing(
                    job -> job.getStatus() == null
                            ? null
                            : KubeTimes.parse(job.getStatus().getStartTime()).orElse(null),
                    Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(job -> job.getMetadata().getName());

    /** Deletes the Job and its entry in the active list; false (with a warning event) if that failed. */
    private boolean deleteJob(CronJob cronJob, Job job) {
        try {
            control.deleteJob(
                            job.getMetadata().getNamespace(), job.getMetadata().getName())
                    .block(timeout);
        } catch (RuntimeException e) {
            events.event(cronJob, EventType.WARNING, "FailedDelete", "Deleted job: %s", e.getMessage());
            log.warn(
                    "Error deleting Job {} of CronJob {}: {}",
                    job.getMetadata().getName(),
                    ObjectKeys.keyOf(cronJob),
                    e.getMessage());
            return false;
        }
        deleteFromActiveList(cronJob, job.getMetadata().getUid());
        events.event(
                cronJob,
                EventType.NORMAL,
                "SuccessfulDelete",
                "Deleted job %s",
                job.getMetadata().getName());
        return true;
    }

    /** @return whether lastSuccessfulTime moved */
    private static boolean recordSuccess(CronJob cronJob, Job job) {
        String completion = job.getStatus() == null ? null : job.getStatus().getCompletionTime();
        String last = cronJob.getStatus().getLastSuccessfulTime();
        if (last == null) {
            cronJob.getStatus().setLastSuccessfulTime(completion);
            return true;
        }
        Optional<Instant> completedAt = KubeTimes.parse(completion);
        Optional<Instant> lastAt = KubeTimes.parse(last);
        if (completedAt.isPresent() && (lastAt.isEmpty() || completedAt.get().isAfter(lastAt.get()))) {
            cronJob.getStatus().setLastSuccessfulTime(completion);
            return true;
        }
        return false;
    }

    private static boolean inActiveList(CronJob cronJob, String uid) {
        return cronJob.getStatus() != null
                && cronJob.getStatus().getActive() != null
                && cronJob.getStatus().getActive().stream().anyMatch(ref -> Objects.equals(uid, ref.getUid()));
    }

    private static void deleteFromActiveList(CronJob cronJob, String uid) {
        cronJob.getStatus().getActive().removeIf(ref -> Objects.equals(uid, ref.getUid()));
    }

    private static ObjectReference reference(Job job) {
        return new ObjectReferenceBuilder()
                .withApiVersion("batch/v1")
                .withKind("Job")
                .withNamespace(job.getMetadata().getNamespace())
                .withName(job.getMetadata().getName())
                .withUid(job.getMetadata().getUid())
                .withResourceVersion(job.getMetadata().getResourceVersion())
                .build();
    }

    private static String timestamp(Instant instant) {
        return KubeTimes.time(instant);
    }
}
