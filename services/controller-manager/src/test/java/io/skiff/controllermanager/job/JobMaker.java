package io.skiff.controllermanager.job;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicy;
import io.skiff.controllermanager.testing.PodMaker;

/**
 * Jobs as the API server stores them after defaulting: generated selector on the Job's uid and the
 * template labelled to match, completions 1, parallelism 1, backoffLimit 6, NonIndexed,
 * podReplacementPolicy TerminatingOrFailed, restartPolicy Never.
 */
final class JobMaker {

    static final String NAME = "pi";
    static final String UID = "uid-pi";

    private final JobBuilder job;

    private JobMaker() {
        job = new JobBuilder()
                .withNewMetadata()
                .withNamespace("default")
                .withName(NAME)
                .withUid(UID)
                .withGeneration(1L)
                .withResourceVersion("1")
                .withCreationTimestamp(PodMaker.NOW.minusSeconds(60).toString())
                .endMetadata()
                .withNewSpec()
                .withCompletions(1)
                .withParallelism(1)
                .withBackoffLimit(6)
                .withCompletionMode("NonIndexed")
                .withSuspend(false)
                .withManualSelector(false)
                .withPodReplacementPolicy("TerminatingOrFailed")
                .withNewSelector()
                .addToMatchLabels("batch.kubernetes.io/controller-uid", UID)
                .endSelector()
                .withNewTemplate()
                .withNewMetadata()
                .addToLabels("batch.kubernetes.io/controller-uid", UID)
                .addToLabels("controller-uid", UID)
                .addToLabels("batch.kubernetes.io/job-name", NAME)
                .addToLabels("job-name", NAME)
                .endMetadata()
                .withNewSpec()
                .withRestartPolicy("Never")
                .addNewContainer()
                .withName("main")
                .withImage("busybox")
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec();
    }

    static JobMaker job() {
        return new JobMaker();
    }

    JobMaker completions(Integer completions) {
        job.editSpec().withCompletions(completions).endSpec();
        return this;
    }

    JobMaker parallelism(int parallelism) {
        job.editSpec().withParallelism(parallelism).endSpec();
        return this;
    }

    JobMaker backoffLimit(int limit) {
        job.editSpec().withBackoffLimit(limit).endSpec();
        return this;
    }

    JobMaker indexed() {
        job.editSpec().withCompletionMode("Indexed").endSpec();
        return this;
    }

    JobMaker suspended(boolean suspend) {
        job.editSpec().withSuspend(suspend).endSpec();
        return this;
    }

    JobMaker activeDeadlineSeconds(long seconds) {
        job.editSpec().withActiveDeadlineSeconds(seconds).endSpec();
        return this;
    }

    JobMaker startedSecondsAgo(long seconds) {
        job.editOrNewStatus()
                .withStartTime(PodMaker.NOW.minusSeconds(seconds).toString())
                .endStatus();
        return this;
    }

    JobMaker podFailurePolicy(PodFailurePolicy policy) {
        job.editSpec()
                .withPodFailurePolicy(policy)
                .withPodReplacementPolicy("Failed")
                .endSpec();
        return this;
    }

    JobMaker restartPolicy(String policy) {
        job.editSpec()
                .editTemplate()
                .editSpec()
                .withRestartPolicy(policy)
                .endSpec()
                .endTemplate()
                .endSpec();
        return this;
    }

    Job build() {
        return job.build();
    }
}
