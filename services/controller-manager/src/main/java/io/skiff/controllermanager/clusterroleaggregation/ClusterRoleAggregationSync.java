package io.skiff.controllermanager.clusterroleaggregation;

import io.fabric8.kubernetes.api.model.rbac.AggregationRule;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.skiff.component.client.ApiErrors;
import io.skiff.component.controller.Reconciler;
import io.skiff.component.controller.Result;
import io.skiff.component.informer.Lister;
import io.skiff.model.selector.LabelSelector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/**
 * One sync of one ClusterRole (clusterroleaggregation_controller.go syncClusterRole): a role with an
 * aggregationRule gets, as its rules, the rules of every other ClusterRole its selectors match, in
 * name order, each rule once. Roles without one are left alone.
 */
final class ClusterRoleAggregationSync implements Reconciler<String> {

    private final Lister<ClusterRole> clusterRoles;
    private final Function<ClusterRole, Mono<ClusterRole>> update;
    private final Duration timeout;

    ClusterRoleAggregationSync(
            Lister<ClusterRole> clusterRoles, Function<ClusterRole, Mono<ClusterRole>> update, Duration timeout) {
        this.clusterRoles = clusterRoles;
        this.update = update;
        this.timeout = timeout;
    }

    @Override
    public Result sync(String name) {
        Optional<ClusterRole> found = clusterRoles.get(name);
        if (found.isEmpty() || found.get().getAggregationRule() == null) {
            return Result.done();
        }
        ClusterRole role = found.get();
        List<PolicyRule> aggregated = aggregatedRules(role.getAggregationRule(), name);
        List<PolicyRule> current = role.getRules() == null ? List.of() : role.getRules();
        if (aggregated.equals(current)) {
            return Result.done();
        }
        ClusterRole updated = new ClusterRoleBuilder(role).withRules(aggregated).build();
        try {
            update.apply(updated).block(timeout);
        } catch (RuntimeException e) {
            // Changed meanwhile: the newer version is queued again by its own event.
            if (!ApiErrors.isConflict(e) && !ApiErrors.isNotFound(e)) {
                throw e;
            }
        }
        return Result.done();
    }

    private List<PolicyRule> aggregatedRules(AggregationRule rule, String self) {
        List<PolicyRule> rules = new ArrayList<>();
        if (rule.getClusterRoleSelectors() == null) {
            return rules;
        }
        for (io.fabric8.kubernetes.api.model.LabelSelector selector : rule.getClusterRoleSelectors()) {
            List<ClusterRole> matching = new ArrayList<>(clusterRoles.list(LabelSelector.fromApi(selector)));
            matching.sort(Comparator.comparing(r -> r.getMetadata().getName()));
            for (ClusterRole role : matching) {
                if (role.getMetadata().getName().equals(self) || role.getRules() == null) {
                    continue;
                }
                for (PolicyRule policyRule : role.getRules()) {
                    if (!rules.contains(policyRule)) {
                        rules.add(policyRule);
                    }
                }
            }
        }
        return rules;
    }
}
