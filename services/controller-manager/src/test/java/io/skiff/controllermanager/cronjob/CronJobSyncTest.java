package io.skiff.controllermanager.cronjob;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.skiff.component.controller.Result;
import io.skiff.component.informer.CacheIndexer;
import io.skiff.component.informer.Lister;
import io.skiff.controllermanager.ownership.OwnerReferences;
import io.skiff.controllermanager.testing.ManualClock;
import io.skiff.controllermanager.testing.RecordingEvents;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CronJobSyncTest {

    private static final Instant CREATED = Instant.parse("2026-01-01T12:00:00Z");
    private static final String KEY = "default/report";

    private final CacheIndexer<CronJob> cronJobs = new CacheIndexer<>();
    private final CacheIndexer<Job> jobs = new CacheIndexer<>();
    private final FakeCronJobControl control = new FakeCronJobControl();
    private final RecordingEvents events = new RecordingEvents();
    private final ManualClock clock = new ManualClock(CREATED);
    private final CronJobSync sync =
            new CronJobSync(new Lister<>(cronJobs), new Lister<>(jobs), control, events, clock, Duration.ofSeconds(5));

    private static CronJobBuilder cronJob(String schedule) {
        return new CronJobBuilder()
                .withNewMetadata()
                .withNamespace("default")
                .withName("report")
                .withUid("uid-report")
                .withResourceVersion("3")
                .withCreationTimestamp(CREATED.toString())
                .endMetadata()
                .withNewSpec()
                .withSchedule(schedule)
                .withConcurrencyPolicy("Allow")
                .withSuspend(false)
                .withSuccessfulJobsHistoryLimit(3)
                .withFailedJobsHistoryLimit(1)
                .withNewJobTemplate()
                .withNewMetadata()
                .addToLabels("team", "finance")
                .endMetadata()
                .withNewSpec()
                .withNewTemplate()
                .withNewSpec()
                .withRestartPolicy("Never")
                .addNewContainer()
                .withName("report")
                .withImage("busybox")
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .endJobTemplate()
                .endSpec();
    }

    @Test
    void beforeTheFirstTimeItOnlyRequeuesForThatTime() {
        cronJobs.put(cronJob("*/5 * * * *").build());
        clock.set(Instant.parse("2026-01-01T12:03:00Z"));

        Result result = sync.sync(KEY);

        assertThat(result.requeueAfter()).contains(Duration.ofSeconds(120).plusMillis(100));
        assertThat(control.created).isEmpty();
        assertThat(control.statusUpdates).isEmpty();
    }

    @Test
    void aDueTimeStartsItsJobNamedByTheMinuteAndRequeuesForTheNext() {
        cronJobs.put(cronJob("*/5 * * * *").build());
        clock.set(Instant.parse("2026-01-01T12:05:00.300Z"));

        Result result = sync.sync(KEY);

        Instant scheduled = Instant.parse("2026-01-01T12:05:00Z");
        assertThat(control.created).singleElement().satisfies(job -> {
            assertThat(job.getMetadata().getName()).isEqualTo("report-" + scheduled.getEpochSecond() / 60);
            assertThat(job.getMetadata().getLabels()).containsEntry("team", "finance");
            assertThat(job.getMetadata().getAnnotations())
                    .containsEntry("batch.kubernetes.io/cronjob-scheduled-timestamp", "2026-01-01T12:05:00Z");
            assertThat(OwnerReferences.isControlledBy(job, "uid-report")).isTrue();
            assertThat(job.getSpec()
                            .getTemplate()
                            .getSpec()
                            .getContainers()
                            .get(0)
                            .getName())
                    .isEqualTo("report");
        });
        CronJob status = control.lastStatus();
        assertThat(status.getStatus().getLastScheduleTime()).isEqualTo("2026-01-01T12:05:00Z");
        assertThat(status.getStatus().getActive()).singleElement().satisfies(ref -> {
            assertThat(ref.getKind()).isEqualTo("Job");
            assertThat(ref.getApiVersion()).isEqualTo("batch/v1");
            assertThat(ref.getName()).isEqualTo("report-29454485");
            assertThat(ref.getUid()).isEqualTo("uid-report-29454485");
        });
        assertThat(events.events).containsExactly("NORMAL SuccessfulCreate: Created job report-29454485");
        assertThat(result.requeueAfter()).contains(Duration.ofMinutes(5).minusMillis(200));
    }

    @Test
    void afterAnOutageOnlyTheMostRecentMissedTimeRunsWithAWarningForVeryMany() {
        cronJobs.put(cronJob("* * * * *").build());
        clock.set(Instant.parse("2026-01-03T12:00:30Z"));

        sync.sync(KEY);

        assertThat(control.created)
                .singleElement()
                .satisfies(job -> assertThat(job.getMetadata().getAnnotations())
                        .containsEntry("batch.kubernetes.io/cronjob-scheduled-timestamp", "2026-01-03T12:00:00Z"));
        assertThat(events.events)
                .contains(
                        "WARNING TooManyMissedTimes: too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew");
    }

    @Test
    void aTimeOlderThanTheStartingDeadlineIsSkippedUntilTheNext() {
        cronJobs.put(cronJob("0 * * * *")
                .editSpec()
                .withStartingDeadlineSeconds(60L)
                .endSpec()
                .build());
        clock.set(Instant.parse("2026-01-01T13:05:00Z"));

        Result result = sync.sync(KEY);

        // Times before now - startingDeadlineSeconds are not even considered (as in Kubernetes).
        assertThat(control.created).isEmpty();
        assertThat(result.requeueAfter()).contains(Duration.ofMinutes(55).plusMillis(100));

        clock.set(Instant.parse("2026-01-01T14:00:59Z"));
        sync.sync(KEY);
        assertThat(control.created).hasSize(1);
    }

    @Test
    void forbidDoesNotStartWhileAJobRuns() {
        Job running = job("report-old", null);
        jobs.put(running);
        cronJobs.put(withActive(
                        cronJob("*/5 * * * *")
                                .editSpec()
                                .withConcurrencyPolicy("Forbid")
                                .endSpec(),
                        running)
                .build());
        clock.set(Instant.parse("2026-01-01T12:05:00Z"));

        sync.sync(KEY);

        assertThat(control.created).isEmpty();
        assertThat(events.events)
                .containsExactly(
                        "NORMAL JobAlreadyActive: Not starting job because prior execution is running and concurrency policy is Forbid");
    }

    @Test
    void replaceDeletesTheRunningJobAndStartsTheNewOne() {
        Job running = job("report-old", null);
        jobs.put(running);
        control.jobs.put("report-old", running);
        cronJobs.put(withActive(
                        cronJob("*/5 * * * *")
                                .editSpec()
                                .withConcurrencyPolicy("Replace")
                                .endSpec(),
                        running)
                .build());
        clock.set(Instant.parse("2026-01-01T12:05:00Z"));

        sync.sync(KEY);

        assertThat(control.deleted).containsExactly("report-old");
        assertThat(control.created).hasSize(1);
        assertThat(control.lastStatus().getStatus().getActive())
                .extracting(ref -> ref.getName())
                .containsExactly("report-29454485");
        assertThat(events.events).startsWith("NORMAL SuccessfulDelete: Deleted job report-old");
    }

    @Test
    void aFinishedActiveJobLeavesTheActiveListAndSetsLastSuccessfulTime() {
        Job done = job("report-1", "Complete");
        jobs.put(done);
        cronJobs.put(withActive(cronJob("0 0 1 1 *"), done).build());
        clock.set(Instant.parse("2026-01-01T12:30:00Z"));

        sync.sync(KEY);

        CronJob status = control.lastStatus();
        assertThat(status.getStatus().getActive()).isEmpty();
        assertThat(events.events)
                .containsExactly("NORMAL SawCompletedJob: Saw completed job: report-1, status: Complete");

        cronJobs.put(status);
        sync.sync(KEY);
        assertThat(control.lastStatus().getStatus().getLastSuccessfulTime()).isEqualTo("2026-01-01T12:20:00Z");
    }

    @Test
    void historyLimitsDeleteTheOldestFinishedJobs() {
        for (int i = 1; i <= 4; i++) {
            jobs.put(job("report-ok" + i, "Complete", Instant.parse("2026-01-01T0" + i + ":00:00Z")));
        }
        jobs.put(job("report-bad1", "Failed", Instant.parse("2026-01-01T01:00:00Z")));
        jobs.put(job("report-bad2", "Failed", Instant.parse("2026-01-01T02:00:00Z")));
        cronJobs.put(cronJob("0 0 1 1 *").build());

        sync.sync(KEY);

        assertThat(control.deleted).containsExactlyInAnyOrder("report-ok1", "report-bad1");
        assertThat(events.events)
                .contains(
                        "NORMAL SuccessfulDelete: Deleted job report-ok1",
                        "NORMAL SuccessfulDelete: Deleted job report-bad1");
    }

    @Test
    void spec_timeZoneChoosesTheZoneOfTheFieldsAndOfTheAnnotation() {
        cronJobs.put(cronJob("0 9 * * *")
                .editSpec()
                .withTimeZone("Europe/Berlin")
                .endSpec()
                .build());
        clock.set(Instant.parse("2026-01-02T08:00:01Z"));

        sync.sync(KEY);

        assertThat(control.created)
                .singleElement()
                .satisfies(job -> assertThat(job.getMetadata().getAnnotations())
                        .containsEntry("batch.kubernetes.io/cronjob-scheduled-timestamp", "2026-01-02T09:00:00+01:00"));
    }

    @Test
    void aSuspendedCronJobStartsNothingAndIsNotRequeued() {
        cronJobs.put(cronJob("* * * * *").editSpec().withSuspend(true).endSpec().build());
        clock.set(Instant.parse("2026-01-01T12:10:00Z"));

        assertThat(sync.sync(KEY)).isEqualTo(Result.done());
        assertThat(control.created).isEmpty();
    }

    @Test
    void anUnknownTimeZoneIsReportedAndNothingStarts() {
        cronJobs.put(cronJob("* * * * *")
                .editSpec()
                .withTimeZone("Mars/Olympus")
                .endSpec()
                .build());
        clock.set(Instant.parse("2026-01-01T12:10:00Z"));

        sync.sync(KEY);

        assertThat(control.created).isEmpty();
        assertThat(events.events)
                .singleElement()
                .asString()
                .startsWith("WARNING UnknownTimeZone: invalid timeZone: \"Mars/Olympus\"");
    }

    @Test
    void theTimeAlreadyScheduledIsNotStartedTwice() {
        cronJobs.put(cronJob("*/5 * * * *")
                .withNewStatus()
                .withLastScheduleTime("2026-01-01T12:05:00Z")
                .endStatus()
                .build());
        clock.set(Instant.parse("2026-01-01T12:06:00Z"));

        Result result = sync.sync(KEY);

        assertThat(control.created).isEmpty();
        assertThat(result.requeueAfter()).contains(Duration.ofMinutes(4).plusMillis(100));
    }

    private static CronJobBuilder withActive(CronJobBuilder cronJob, Job job) {
        return cronJob.withNewStatus()
                .addToActive(new ObjectReferenceBuilder()
                        .withKind("Job")
                        .withApiVersion("batch/v1")
                        .withNamespace("default")
                        .withName(job.getMetadata().getName())
                        .withUid(job.getMetadata().getUid())
                        .build())
                .endStatus();
    }

    private Job job(String name, String finished) {
        return job(name, finished, CREATED);
    }

    private Job job(String name, String finished, Instant started) {
        JobBuilder job = new JobBuilder()
                .withNewMetadata()
                .withNamespace("default")
                .withName(name)
                .withUid("uid-" + name)
                .withOwnerReferences(
                        OwnerReferences.controllerRef(cronJob("* * * * *").build()))
                .endMetadata()
                .withNewSpec()
                .endSpec()
                .withNewStatus()
                .withStartTime(started.toString())
                .endStatus();
        if (finished != null) {
            job.editStatus()
                    .addNewCondition()
                    .withType(finished)
                    .withStatus("True")
                    .withLastTransitionTime("2026-01-01T12:20:00Z")
                    .endCondition()
                    .withCompletionTime(finished.equals("Complete") ? "2026-01-01T12:20:00Z" : null)
                    .endStatus();
        }
        return job.build();
    }
}
