package io.skiff.controllermanager.job;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.skiff.model.time.KubeTimes;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** What the Job controller reads from its pods (job_controller.go, backoff_utils.go, indexed_job_utils.go). */
final class JobPods {

    /** Holds a finished pod until the controller has counted it in the Job's status. */
    static final String TRACKING_FINALIZER = "batch.kubernetes.io/job-tracking";

    /** The index of a pod of an Indexed Job, as annotation and (PodIndexLabel) label. */
    static final String COMPLETION_INDEX_KEY = "batch.kubernetes.io/job-completion-index";

    /** The environment variable through which a container learns its completion index. */
    static final String COMPLETION_INDEX_ENV = "JOB_COMPLETION_INDEX";

    /** No (valid) completion index. */
    static final int UNKNOWN_INDEX = -1;

    private JobPods() {}

    static boolean hasTrackingFinalizer(Pod pod) {
        return pod.getMetadata().getFinalizers() != null
                && pod.getMetadata().getFinalizers().contains(TRACKING_FINALIZER);
    }

    static String phase(Pod pod) {
        return pod.getStatus() == null || pod.getStatus().getPhase() == null
                ? ""
                : pod.getStatus().getPhase();
    }

    static boolean isSucceeded(Pod pod) {
        return "Succeeded".equals(phase(pod));
    }

    /**
     * Failed, or (unless only failed pods are replaced) deleted before it succeeded: an orphan that
     * never reaches the Failed phase counts as a failure too.
     */
    static boolean isFailed(Pod pod, Job job) {
        if ("Failed".equals(phase(pod))) {
            return true;
        }
        if (onlyReplaceFailedPods(job)) {
            return false;
        }
        return pod.getMetadata().getDeletionTimestamp() != null && !isSucceeded(pod);
    }

    /** Being deleted but not finished: still running its containers. */
    static boolean isTerminating(Pod pod) {
        String phase = phase(pod);
        return pod.getMetadata().getDeletionTimestamp() != null
                && !"Succeeded".equals(phase)
                && !"Failed".equals(phase);
    }

    /** podReplacementPolicy Failed (the default with a podFailurePolicy): wait for terminating pods. */
    static boolean onlyReplaceFailedPods(Job job) {
        return "Failed".equals(job.getSpec().getPodReplacementPolicy())
                || job.getSpec().getPodFailurePolicy() != null;
    }

    /** The pod's completion index from its annotation, or {@link #UNKNOWN_INDEX}. */
    static int completionIndex(Pod pod) {
        Map<String, String> annotations = pod.getMetadata().getAnnotations();
        String value = annotations == null ? null : annotations.get(COMPLETION_INDEX_KEY);
        if (value == null) {
            return UNKNOWN_INDEX;
        }
        try {
            int index = Integer.parseInt(value);
            return index < 0 ? UNKNOWN_INDEX : index;
        } catch (NumberFormatException e) {
            return UNKNOWN_INDEX;
        }
    }

    /**
     * When the pod finished, as backoff_utils getFinishedTime estimates it: the last container to
     * terminate, else the Ready=False transition, else deletion time minus grace period, else its
     * creation.
     */
    static Instant finishedTime(Pod pod) {
        return finishTimeFromContainers(pod)
                .or(() -> finishTimeFromReadyFalse(pod))
                .or(() -> finishTimeFromDeletion(pod))
                .orElseGet(() -> KubeTimes.parse(pod.getMetadata().getCreationTimestamp())
                        .orElse(Instant.EPOCH));
    }

    private static Optional<Instant> finishTimeFromContainers(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
            return Optional.empty();
        }
        Instant latest = null;
        for (ContainerStatus status : pod.getStatus().getContainerStatuses()) {
            if (status.getState() == null || status.getState().getTerminated() == null) {
                return Optional.empty();
            }
            Optional<Instant> finishedAt =
                    KubeTimes.parse(status.getState().getTerminated().getFinishedAt());
            if (finishedAt.isEmpty()) {
                return Optional.empty();
            }
            if (latest == null || latest.isBefore(finishedAt.get())) {
                latest = finishedAt.get();
            }
        }
        return Optional.ofNullable(latest);
    }

    private static Optional<Instant> finishTimeFromReadyFalse(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
            return Optional.empty();
        }
        for (PodCondition condition : pod.getStatus().getConditions()) {
            if ("Ready".equals(condition.getType()) && "False".equals(condition.getStatus())) {
                return KubeTimes.parse(condition.getLastTransitionTime());
            }
        }
        return Optional.empty();
    }

    private static Optional<Instant> finishTimeFromDeletion(Pod pod) {
        Long grace = pod.getMetadata().getDeletionGracePeriodSeconds();
        return KubeTimes.parse(pod.getMetadata().getDeletionTimestamp())
                .map(deleted -> deleted.minus(Duration.ofSeconds(grace == null ? 0 : grace)));
    }
}
