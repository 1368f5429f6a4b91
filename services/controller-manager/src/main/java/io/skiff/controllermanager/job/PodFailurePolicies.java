package io.skiff.controllermanager.job;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicy;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyOnExitCodesRequirement;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyOnPodConditionsPattern;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyRule;
import java.util.List;
import java.util.function.Supplier;

/** A Job's podFailurePolicy applied to a failed pod (pod_failure_policy.go). */
final class PodFailurePolicies {

    static final String FAIL_JOB = "FailJob";
    static final String IGNORE = "Ignore";
    static final String COUNT = "Count";
    static final String FAIL_INDEX = "FailIndex";

    /**
     * What the first matching rule decides.
     *
     * @param failJobMessage why the whole Job fails (FailJob), else null
     * @param countFailed whether the failure counts towards backoffLimit (false for Ignore)
     * @param action the matching rule's action, null when no rule matched
     */
    record Decision(String failJobMessage, boolean countFailed, String action) {

        static final Decision NO_MATCH = new Decision(null, true, null);
    }

    private PodFailurePolicies() {}

    /** The decision for {@code failedPod}; with no policy, or no rule matching, the failure simply counts. */
    static Decision match(PodFailurePolicy policy, Pod failedPod) {
        if (policy == null || policy.getRules() == null) {
            return Decision.NO_MATCH;
        }
        List<PodFailurePolicyRule> rules = policy.getRules();
        for (int index = 0; index < rules.size(); index++) {
            PodFailurePolicyRule rule = rules.get(index);
            int ruleIndex = index;
            if (rule.getOnExitCodes() != null) {
                ContainerStatus container = matchOnExitCodes(failedPod, rule.getOnExitCodes());
                if (container != null) {
                    Decision decision = decide(
                            rule.getAction(),
                            () -> String.format(
                                    "Container %s for pod %s/%s failed with exit code %d matching %s rule at index %d",
                                    container.getName(),
                                    failedPod.getMetadata().getNamespace(),
                                    failedPod.getMetadata().getName(),
                                    container.getState().getTerminated().getExitCode(),
                                    FAIL_JOB,
                                    ruleIndex));
                    if (decision != null) {
                        return decision;
                    }
                }
            } else if (rule.getOnPodConditions() != null) {
                PodCondition condition = matchOnPodConditions(failedPod, rule.getOnPodConditions());
                if (condition != null) {
                    Decision decision = decide(
                            rule.getAction(),
                            () -> String.format(
                                    "Pod %s/%s has condition %s matching %s rule at index %d",
                                    failedPod.getMetadata().getNamespace(),
                                    failedPod.getMetadata().getName(),
                                    condition.getType(),
                                    FAIL_JOB,
                                    ruleIndex));
                    if (decision != null) {
                        return decision;
                    }
                }
            }
        }
        return Decision.NO_MATCH;
    }

    /** A matching rule's decision; null for an action this controller does not know, so the next rule is tried. */
    private static Decision decide(String action, Supplier<String> failJobMessage) {
        if (action == null) {
            return null;
        }
        return switch (action) {
            case IGNORE -> new Decision(null, false, IGNORE);
            case COUNT -> new Decision(null, true, COUNT);
            case FAIL_JOB -> new Decision(failJobMessage.get(), true, FAIL_JOB);
            // FailIndex needs backoffLimitPerIndex, which this controller does not implement: count it.
            case FAIL_INDEX -> new Decision(null, true, FAIL_INDEX);
            default -> null;
        };
    }

    private static ContainerStatus matchOnExitCodes(Pod pod, PodFailurePolicyOnExitCodesRequirement requirement) {
        if (pod.getStatus() == null) {
            return null;
        }
        ContainerStatus container = matchingContainer(pod.getStatus().getContainerStatuses(), requirement);
        return container != null
                ? container
                : matchingContainer(pod.getStatus().getInitContainerStatuses(), requirement);
    }

    private static ContainerStatus matchingContainer(
            List<ContainerStatus> statuses, PodFailurePolicyOnExitCodesRequirement requirement) {
        if (statuses == null) {
            return null;
        }
        for (ContainerStatus status : statuses) {
            if (status.getState() == null || status.getState().getTerminated() == null) {
                // Still terminating: there is no exit code to match yet.
                continue;
            }
            if (requirement.getContainerName() != null
                    && !requirement.getContainerName().equals(status.getName())) {
                continue;
            }
            Integer exitCode = status.getState().getTerminated().getExitCode();
            if (exitCode != null && exitCode != 0 && operatorMatches(exitCode, requirement)) {
                return status;
            }
        }
        return null;
    }

    private static boolean operatorMatches(int exitCode, PodFailurePolicyOnExitCodesRequirement requirement) {
        boolean listed =
                requirement.getValues() != null && requirement.getValues().contains(exitCode);
        return switch (requirement.getOperator() == null ? "" : requirement.getOperator()) {
            case "In" -> listed;
            case "NotIn" -> !listed;
            default -> false;
        };
    }

    private static PodCondition matchOnPodConditions(Pod pod, List<PodFailurePolicyOnPodConditionsPattern> patterns) {
        if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
            return null;
        }
        for (PodCondition condition : pod.getStatus().getConditions()) {
            for (PodFailurePolicyOnPodConditionsPattern pattern : patterns) {
                String wanted = pattern.getStatus() == null ? "True" : pattern.getStatus();
                if (condition.getType().equals(pattern.getType()) && wanted.equals(condition.getStatus())) {
                    return condition;
                }
            }
        }
        return null;
    }
}
