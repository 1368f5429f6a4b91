package io.skiff.apiserver.audit;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * An audit.k8s.io/v1 Policy: the first rule that matches a request sets its level; a request no
 * rule matches is not audited.
 *
 * @param omitStages stages never written, whatever the rule
 * @param omitManagedFields drop metadata.managedFields from logged bodies unless a rule says otherwise
 */
public record AuditPolicy(List<PolicyRule> rules, Set<AuditStage> omitStages, boolean omitManagedFields) {

    /** What to record of one request. */
    public record Decision(AuditLevel level, Set<AuditStage> omitStages, boolean omitManagedFields) {

        static final Decision NONE = new Decision(AuditLevel.None, Set.of(), false);

        public boolean records(AuditStage stage) {
            return level != AuditLevel.None && !omitStages.contains(stage);
        }
    }

    /**
     * The most any user could get for this request: what it is worth keeping of the request before
     * the user is known. Rules that name users or groups may or may not match; the first rule that
     * does not ends the search, as it would match everyone.
     */
    public AuditLevel mostForAnyUser(AuditAttributes request) {
        AuditLevel most = AuditLevel.None;
        for (PolicyRule rule : rules) {
            if (rule.matchesRequest(request)) {
                most = rule.level().atLeast(most) ? rule.level() : most;
                if (!rule.dependsOnUser()) {
                    return most;
                }
            }
        }
        return most;
    }

    public Decision evaluate(AuditAttributes request) {
        for (PolicyRule rule : rules) {
            if (rule.matches(request)) {
                if (rule.level() == AuditLevel.None) {
                    return Decision.NONE;
                }
                Set<AuditStage> omit = EnumSet.noneOf(AuditStage.class);
                omit.addAll(omitStages);
                omit.addAll(rule.omitStages());
                boolean omitFields = rule.omitManagedFields() != null ? rule.omitManagedFields() : omitManagedFields;
                return new Decision(rule.level(), Set.copyOf(omit), omitFields);
            }
        }
        return Decision.NONE;
    }
}
