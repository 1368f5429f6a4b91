package io.skiff.apiserver.admission.podsecurity;

/**
 * What one Pod Security Standards check found (policy.CheckResult): a forbidden reason such as
 * {@code privileged} and its detail, e.g. {@code container "c" must not set
 * securityContext.privileged=true}.
 */
record CheckResult(String reason, String detail) {

    /** {@code reason (detail)}, as the aggregated message lists it. */
    String describe() {
        return detail.isEmpty() ? reason : reason + " (" + detail + ")";
    }
}
