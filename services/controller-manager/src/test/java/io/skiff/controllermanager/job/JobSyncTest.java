package io.skiff.controllermanager.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyBuilder;
import io.skiff.component.controller.Result;
import io.skiff.controllermanager.testing.PodMaker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobSyncTest {

    @Test
    void createsPodsUpToParallelismWithTheTrackingFinalizerAndTheTemplateLabels() {
        JobHarness harness =
                new JobHarness(JobMaker.job().completions(3).parallelism(2).build());

        harness.sync();

        assertThat(harness.control.created).hasSize(2).allSatisfy(pod -> {
            assertThat(pod.getMetadata().getGenerateName()).isEqualTo("pi-");
            assertThat(pod.getMetadata().getFinalizers()).containsExactly("batch.kubernetes.io/job-tracking");
            assertThat(pod.getMetadata().getLabels())
                    .containsEntry("batch.kubernetes.io/controller-uid", JobMaker.UID)
                    .containsEntry("batch.kubernetes.io/job-name", "pi")
                    .containsEntry("controller-uid", JobMaker.UID)
                    .containsEntry("job-name", "pi");
            assertThat(pod.getMetadata().getOwnerReferences()).singleElement().satisfies(ref -> {
                assertThat(ref.getKind()).isEqualTo("Job");
                assertThat(ref.getApiVersion()).isEqualTo("batch/v1");
                assertThat(ref.getUid()).isEqualTo(JobMaker.UID);
                assertThat(ref.getController()).isTrue();
            });
        });
        Job job = harness.job();
        assertThat(job.getStatus().getActive()).isEqualTo(2);
        assertThat(job.getStatus().getReady()).isZero();
        assertThat(job.getStatus().getTerminating()).isZero();
        assertThat(job.getStatus().getStartTime()).isEqualTo("2026-01-01T12:00:00Z");
        assertThat(harness.events.events)
                .containsExactly(
                        "NORMAL SuccessfulCreate: Created pod: pi-x1", "NORMAL SuccessfulCreate: Created pod: pi-x2");
    }

    @Test
    void waitsForItsOwnCreationsBeforeCreatingMore() {
        JobHarness harness =
                new JobHarness(JobMaker.job().completions(3).parallelism(2).build());
        harness.sync.sync(JobHarness.KEY);
        // The informer has not shown the two pods yet: a second sync must not create two more.
        harness.sync.sync(JobHarness.KEY);

        assertThat(harness.control.created).hasSize(2);
    }

    @Test
    void countsSucceededPodsThroughUncountedTerminatedPodsBeforeRemovingFinalizersAndCompletes() {
        JobHarness harness =
                new JobHarness(JobMaker.job().completions(3).parallelism(2).build());
        harness.sync();
        harness.finish("pi-x1", "Succeeded", 0);
        int before = harness.control.calls.size();
        harness.sync();

        // The replacement first; then the UID is written to uncountedTerminatedPods before its
        // finalizer goes, and counted after.
        assertThat(harness.control.calls.subList(before, harness.control.calls.size()))
                .containsExactly("create pi-x3", "status", "patch pi-x1", "status");
        Job uncounted = harness.control.statusUpdates.get(1);
        assertThat(uncounted.getStatus().getUncountedTerminatedPods().getSucceeded())
                .containsExactly("uid-pi-x1");
        assertThat(uncounted.getStatus().getSucceeded()).isZero();
        assertThat(harness.job().getStatus().getSucceeded()).isEqualTo(1);
        assertThat(harness.job().getStatus().getUncountedTerminatedPods().getSucceeded())
                .isEmpty();
        assertThat(harness.pod("pi-x1").getMetadata().getFinalizers()).isEmpty();

        harness.finish("pi-x2", "Succeeded", 0);
        harness.sync();
        harness.finish("pi-x3", "Succeeded", 0);
        harness.sync();

        Job done = harness.job();
        assertThat(done.getStatus().getSucceeded()).isEqualTo(3);
        assertThat(done.getStatus().getActive()).isZero();
        assertThat(done.getStatus().getFailed()).isZero();
        assertThat(done.getStatus().getCompletionTime()).isEqualTo("2026-01-01T12:00:00Z");
        assertThat(done.getStatus().getConditions())
                .extracting(JobCondition::getType, JobCondition::getStatus, JobCondition::getReason)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("SuccessCriteriaMet", "True", "CompletionsReached"),
                        org.assertj.core.groups.Tuple.tuple("Complete", "True", "CompletionsReached"));
        assertThat(done.getStatus().getConditions().get(1).getMessage())
                .isEqualTo("Reached expected number of succeeded pods");
        assertThat(harness.control.created).hasSize(3);
        assertThat(harness.events.events).contains("NORMAL Completed: Job completed");
        assertThat(FinishedJobs.isFinished(done)).isTrue();
    }

    @Test
    void backsOffTenSecondsAfterAFailureAndDoublesAfterTheNext() {
        JobHarness harness = new JobHarness(JobMaker.job().backoffLimit(6).build());
        harness.sync();
        harness.clock.advance(Duration.ofSeconds(2));
        harness.finish("pi-x1", "Failed", 1);

        Result first = harness.sync();
        assertThat(first.requeueAfter()).contains(Duration.ofSeconds(10));
        assertThat(harness.control.created).hasSize(1);
        assertThat(harness.job().getStatus().getFailed()).isEqualTo(1);

        harness.clock.advance(Duration.ofSeconds(4));
        assertThat(harness.sync().requeueAfter()).contains(Duration.ofSeconds(6));
        harness.clock.advance(Duration.ofSeconds(6));
        harness.sync();
        assertThat(harness.control.created).hasSize(2);

        harness.finish("pi-x2", "Failed", 1);
        assertThat(harness.sync().requeueAfter()).contains(Duration.ofSeconds(20));
        assertThat(harness.job().getStatus().getFailed()).isEqualTo(2);
    }

    @Test
    void failsWithBackoffLimitExceededOnceFailuresExceedTheLimit() {
        JobHarness harness = new JobHarness(JobMaker.job().backoffLimit(1).build());
        harness.sync();
        harness.finish("pi-x1", "Failed", 1);
        harness.sync();
        harness.clock.advance(Duration.ofSeconds(10));
        harness.sync();
        harness.finish("pi-x2", "Failed", 1);
        harness.sync();

        Job failed = harness.job();
        assertThat(failed.getStatus().getFailed()).isEqualTo(2);
        assertThat(failed.getStatus().getConditions())
                .extracting(JobCondition::getType)
                .containsExactly("FailureTarget", "Failed");
        JobCondition condition = failed.getStatus().getConditions().get(1);
        assertThat(condition.getReason()).isEqualTo("BackoffLimitExceeded");
        assertThat(condition.getMessage()).isEqualTo("Job has reached the specified backoff limit");
        assertThat(failed.getStatus().getCompletionTime()).isNull();
        assertThat(harness.events.events)
                .contains("WARNING BackoffLimitExceeded: Job has reached the specified backoff limit");
        assertThat(harness.control.created).hasSize(2);
    }

    @Test
    void failsWithDeadlineExceededAndCountsItsDeletedPodsAsFailed() {
        JobHarness harness =
                new JobHarness(JobMaker.job().activeDeadlineSeconds(30).build());
        harness.sync();
        assertThat(harness.sync.sync(JobHarness.KEY).requeueAfter()).contains(Duration.ofSeconds(30));

        harness.clock.advance(Duration.ofSeconds(30));
        harness.sync();
        // The active pod is deleted keeping its finalizer, counted as failed, then let go.
        assertThat(harness.control.deleted).containsExactly("pi-x1");
        harness.sync();

        Job failed = harness.job();
        assertThat(failed.getStatus().getConditions())
                .extracting(JobCondition::getType, JobCondition::getReason)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("FailureTarget", "DeadlineExceeded"),
                        org.assertj.core.groups.Tuple.tuple("Failed", "DeadlineExceeded"));
        assertThat(failed.getStatus().getFailed()).isEqualTo(1);
        assertThat(failed.getStatus().getActive()).isZero();
        assertThat(harness.podNames()).isEmpty();
        assertThat(harness.events.events)
                .contains(
                        "NORMAL SuccessfulDelete: Deleted pod: pi-x1",
                        "WARNING DeadlineExceeded: Job was active longer than specified deadline");
    }

    @Test
    void indexedJobsGiveEachPodItsIndexAndRecordCompletedIndexesAsRanges() {
        JobHarness harness = new JobHarness(
                JobMaker.job().indexed().completions(3).parallelism(3).build());
        harness.sync();

        assertThat(harness.control.created).hasSize(3);
        for (int index = 0; index < 3; index++) {
            Pod pod = harness.control.created.get(index);
            String value = Integer.toString(index);
            assertThat(pod.getMetadata().getGenerateName()).isEqualTo("pi-" + index + "-");
            assertThat(pod.getMetadata().getAnnotations())
                    .containsEntry("batch.kubernetes.io/job-completion-index", value);
            assertThat(pod.getMetadata().getLabels()).containsEntry("batch.kubernetes.io/job-completion-index", value);
            assertThat(pod.getSpec().getHostname()).isEqualTo("pi-" + index);
            assertThat(pod.getSpec().getContainers().get(0).getEnv())
                    .singleElement()
                    .satisfies(env -> {
                        assertThat(env.getName()).isEqualTo("JOB_COMPLETION_INDEX");
                        assertThat(env.getValueFrom().getFieldRef().getFieldPath())
                                .isEqualTo("metadata.labels['batch.kubernetes.io/job-completion-index']");
                    });
        }

        harness.finish("pi-0-x1", "Succeeded", 0);
        harness.finish("pi-2-x3", "Succeeded", 0);
        harness.sync();
        assertThat(harness.job().getStatus().getCompletedIndexes()).isEqualTo("0,2");
        assertThat(harness.job().getStatus().getSucceeded()).isEqualTo(2);

        harness.finish("pi-1-x2", "Succeeded", 0);
        harness.sync();
        assertThat(harness.job().getStatus().getCompletedIndexes()).isEqualTo("0-2");
        assertThat(FinishedJobs.isSucceeded(harness.job())).isTrue();
    }

    @Test
    void indexedJobsReplaceAFailedIndexWithAPodOfTheSameIndex() {
        JobHarness harness = new JobHarness(
                JobMaker.job().indexed().completions(3).parallelism(2).build());
        harness.sync();
        harness.finish("pi-1-x2", "Failed", 3);
        harness.sync();
        harness.clock.advance(Duration.ofSeconds(10));
        harness.sync();

        assertThat(harness.control.created)
                .extracting(p -> p.getMetadata().getGenerateName())
                .containsExactly("pi-0-", "pi-1-", "pi-1-");
    }

    @Test
    void aFailJobRuleOfThePodFailurePolicyFailsTheJobWithItsMessage() {
        JobHarness harness = new JobHarness(JobMaker.job()
                .podFailurePolicy(new PodFailurePolicyBuilder()
                        .addNewRule()
                        .withAction("FailJob")
                        .withNewOnExitCodes()
                        .withContainerName("main")
                        .withOperator("In")
                        .withValues(42)
                        .endOnExitCodes()
                        .endRule()
                        .build())
                .build());
        harness.sync();
        harness.finish("pi-x1", "Failed", 42);
        harness.sync();

        Job failed = harness.job();
        assertThat(failed.getStatus().getConditions())
                .extracting(JobCondition::getType)
                .containsExactly("FailureTarget", "Failed");
        JobCondition condition = failed.getStatus().getConditions().get(1);
        assertThat(condition.getReason()).isEqualTo("PodFailurePolicy");
        assertThat(condition.getMessage())
                .isEqualTo(
                        "Container main for pod default/pi-x1 failed with exit code 42 matching FailJob rule at index 0");
        assertThat(failed.getStatus().getFailed()).isEqualTo(1);
    }

    @Test
    void anIgnoreRuleKeepsTheFailureOutOfTheCount() {
        JobHarness harness = new JobHarness(JobMaker.job()
                .backoffLimit(0)
                .podFailurePolicy(new PodFailurePolicyBuilder()
                        .addNewRule()
                        .withAction("Ignore")
                        .addNewOnPodCondition()
                        .withType("DisruptionTarget")
                        .withStatus("True")
                        .endOnPodCondition()
                        .endRule()
                        .build())
                .build());
        harness.sync();
        Pod old = harness.pod("pi-x1");
        Pod disrupted = new io.fabric8.kubernetes.api.model.PodBuilder(old)
                .editMetadata()
                .withResourceVersion("9999")
                .endMetadata()
                .editStatus()
                .withPhase("Failed")
                .addNewCondition()
                .withType("DisruptionTarget")
                .withStatus("True")
                .endCondition()
                .endStatus()
                .build();
        harness.pods.put(disrupted);
        harness.handlers.podUpdated(old, disrupted);
        harness.sync();

        assertThat(harness.job().getStatus().getFailed()).isZero();
        assertThat(FinishedJobs.isFinished(harness.job())).isFalse();
        assertThat(harness.pod("pi-x1").getMetadata().getFinalizers()).isEmpty();
    }

    @Test
    void suspendingDeletesActivePodsAndResumingRestartsTheDeadlineClock() {
        JobHarness harness =
                new JobHarness(JobMaker.job().completions(2).parallelism(2).build());
        harness.sync();
        harness.ready("pi-x1");
        harness.jobs.put(JobMaker.job()
                .completions(2)
                .parallelism(2)
                .suspended(true)
                .startedSecondsAgo(0)
                .build());
        harness.sync();

        assertThat(harness.control.calls)
                .containsSubsequence("patch pi-x1", "delete pi-x1")
                .containsSubsequence("patch pi-x2", "delete pi-x2");
        Job suspended = harness.job();
        assertThat(suspended.getStatus().getActive()).isZero();
        assertThat(suspended.getStatus().getFailed()).isZero();
        assertThat(suspended.getStatus().getConditions()).singleElement().satisfies(c -> {
            assertThat(c.getType()).isEqualTo("Suspended");
            assertThat(c.getStatus()).isEqualTo("True");
            assertThat(c.getReason()).isEqualTo("JobSuspended");
            assertThat(c.getMessage()).isEqualTo("Job suspended");
        });
        assertThat(harness.events.events).contains("NORMAL Suspended: Job suspended");

        harness.clock.advance(Duration.ofMinutes(5));
        Job resumed = new io.fabric8.kubernetes.api.model.batch.v1.JobBuilder(harness.job())
                .editSpec()
                .withSuspend(false)
                .endSpec()
                .build();
        harness.jobs.put(resumed);
        harness.sync();

        Job running = harness.job();
        assertThat(running.getStatus().getConditions()).singleElement().satisfies(c -> {
            assertThat(c.getStatus()).isEqualTo("False");
            assertThat(c.getReason()).isEqualTo("JobResumed");
        });
        assertThat(running.getStatus().getStartTime()).isEqualTo("2026-01-01T12:05:00Z");
        assertThat(running.getStatus().getActive()).isEqualTo(2);
        assertThat(harness.events.events).contains("NORMAL Resumed: Job resumed");
    }

    @Test
    void aJobCreatedSuspendedHasNoStartTime() {
        JobHarness harness = new JobHarness(JobMaker.job().suspended(true).build());
        harness.sync();

        assertThat(harness.control.created).isEmpty();
        assertThat(harness.job().getStatus().getStartTime()).isNull();
        assertThat(harness.job().getStatus().getConditions())
                .extracting(JobCondition::getType)
                .containsExactly("Suspended");
    }

    @Test
    void adoptsAMatchingOrphanAddingTheTrackingFinalizer() {
        Pod orphan = PodMaker.pod("stray")
                .withoutLabels()
                .label("batch.kubernetes.io/controller-uid", JobMaker.UID)
                .phase("Running")
                .build();
        JobHarness harness = new JobHarness(JobMaker.job().build(), orphan);

        harness.sync();

        assertThat(harness.control.patched).singleElement().satisfies(patch -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> metadata = (Map<String, Object>) patch.body().get("metadata");
            assertThat(metadata.get("finalizers")).isEqualTo(List.of("batch.kubernetes.io/job-tracking"));
            assertThat(metadata.get("uid")).isEqualTo("uid-stray");
        });
        assertThat(harness.control.created).isEmpty();
        assertThat(harness.job().getStatus().getActive()).isEqualTo(1);
    }

    @Test
    void skipsJobsManagedByAnotherController() {
        Job job = JobMaker.job().build();
        job.getSpec().setManagedBy("example.com/batch");
        JobHarness harness = new JobHarness(job);

        harness.sync();

        assertThat(harness.control.calls).isEmpty();
    }

    @Test
    void aDeletedJobIsForgotten() {
        JobHarness harness = new JobHarness(JobMaker.job().build());
        harness.jobs.remove(harness.job());

        assertThat(harness.sync()).isEqualTo(Result.done());
        assertThat(harness.control.calls).isEmpty();
    }
}
