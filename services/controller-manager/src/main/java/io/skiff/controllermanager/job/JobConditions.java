package io.skiff.controllermanager.job;

import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.skiff.model.time.KubeTimes;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Job condition types, reasons and the list edits job_controller.go makes. */
final class JobConditions {

    static final String SUSPENDED = "Suspended";
    static final String FAILURE_TARGET = "FailureTarget";
    static final String SUCCESS_CRITERIA_MET = "SuccessCriteriaMet";

    static final String REASON_BACKOFF_LIMIT_EXCEEDED = "BackoffLimitExceeded";
    static final String REASON_DEADLINE_EXCEEDED = "DeadlineExceeded";
    static final String REASON_POD_FAILURE_POLICY = "PodFailurePolicy";
    static final String REASON_COMPLETIONS_REACHED = "CompletionsReached";

    private JobConditions() {}

    static JobCondition newCondition(String type, String status, String reason, String message, Instant now) {
        String time = timestamp(now);
        return new JobConditionBuilder()
                .withType(type)
                .withStatus(status)
                .withReason(reason)
                .withMessage(message)
                .withLastProbeTime(time)
                .withLastTransitionTime(time)
                .build();
    }

    static Optional<JobCondition> find(List<JobCondition> conditions, String type) {
        if (conditions == null) {
            return Optional.empty();
        }
        return conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    /** The condition of {@code type} if its status is True. */
    static Optional<JobCondition> findTrue(List<JobCondition> conditions, String type) {
        return find(conditions, type).filter(c -> "True".equals(c.getStatus()));
    }

    /**
     * Sets the condition of {@code type} (ensureJobConditionStatus): replaced when its status,
     * reason or message differ, appended when missing unless the new status is False (going from
     * nothing to False says nothing).
     *
     * @param conditions modified in place
     * @return whether the list changed
     */
    static boolean ensure(
            List<JobCondition> conditions, String type, String status, String reason, String message, Instant now) {
        for (int i = 0; i < conditions.size(); i++) {
            JobCondition condition = conditions.get(i);
            if (type.equals(condition.getType())) {
                if (!status.equals(condition.getStatus())
                        || !nullToEmpty(reason).equals(nullToEmpty(condition.getReason()))
                        || !nullToEmpty(message).equals(nullToEmpty(condition.getMessage()))) {
                    conditions.set(i, newCondition(type, status, reason, message, now));
                    return true;
                }
                return false;
            }
        }
        if (!"False".equals(status)) {
            conditions.add(newCondition(type, status, reason, message, now));
            return true;
        }
        return false;
    }

    /** A metav1.Time as the API writes it: RFC 3339 in UTC, whole seconds. */
    static String timestamp(Instant instant) {
        return KubeTimes.time(instant);
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
