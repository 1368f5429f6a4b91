package io.skiff.apiserver.authorization;

import io.skiff.apiserver.authentication.UserInfo;
import io.skiff.apiserver.authorization.rbac.PolicyRule;
import java.util.ArrayList;
import java.util.List;

/**
 * Lists what a user may do in a namespace, as Kubernetes' authorizer.RuleResolver, for
 * SelfSubjectRulesReview ({@code kubectl auth can-i --list}).
 */
@FunctionalInterface
public interface RuleResolver {

    Rules rulesFor(UserInfo user, String namespace);

    /**
     * @param incomplete whether some authorizer could not list everything it would allow
     * @param errors what went wrong listing (roles a binding names that do not exist, ...)
     */
    record Rules(
            List<PolicyRule> resourceRules,
            List<PolicyRule> nonResourceRules,
            boolean incomplete,
            List<String> errors) {

        public static final Rules NONE = new Rules(List.of(), List.of(), false, List.of());

        public Rules {
            resourceRules = List.copyOf(resourceRules);
            nonResourceRules = List.copyOf(nonResourceRules);
            errors = List.copyOf(errors);
        }

        /** The rules of a union of resolvers, as Kubernetes' unionAuthzRulesHandler. */
        public static Rules union(List<Rules> all) {
            List<PolicyRule> resources = new ArrayList<>();
            List<PolicyRule> nonResources = new ArrayList<>();
            List<String> errors = new ArrayList<>();
            boolean incomplete = false;
            for (Rules rules : all) {
                resources.addAll(rules.resourceRules());
                nonResources.addAll(rules.nonResourceRules());
                errors.addAll(rules.errors());
                incomplete |= rules.incomplete();
            }
            return new Rules(resources, nonResources, incomplete, errors);
        }

        /** Sorts rules into resource and non-resource ones, as RBAC's RulesFor. */
        public static Rules of(List<PolicyRule> rules, List<String> errors) {
            List<PolicyRule> resources = new ArrayList<>();
            List<PolicyRule> nonResources = new ArrayList<>();
            for (PolicyRule rule : rules) {
                if (!rule.resources().isEmpty()) {
                    resources.add(rule);
                }
                if (!rule.nonResourceURLs().isEmpty()) {
                    nonResources.add(rule);
                }
            }
            return new Rules(resources, nonResources, false, errors);
        }
    }
}
