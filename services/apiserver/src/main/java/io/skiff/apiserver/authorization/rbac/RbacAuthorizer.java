package io.skiff.apiserver.authorization.rbac;

import io.skiff.apiserver.authorization.Authorizer;
import io.skiff.apiserver.authorization.Decision;
import io.skiff.apiserver.authorization.RequestAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Kubernetes' RBAC authorizer: allows a request some rule of a role bound to the user allows,
 * otherwise has no opinion; roles a binding names but that do not exist make the reason.
 */
public final class RbacAuthorizer implements Authorizer {

    private final Supplier<RbacPolicy> policy;

    public RbacAuthorizer(Supplier<RbacPolicy> policy) {
        this.policy = policy;
    }

    @Override
    public Decision authorize(RequestAttributes request) {
        String[] allowedBy = new String[1];
        List<String> errors = new ArrayList<>();
        policy.get().visitRulesFor(request.user(), request.namespace(), (binding, subject, rule, error) -> {
            if (rule != null && rule.allows(request)) {
                allowedBy[0] = binding.describe(subject);
                return false;
            }
            if (error != null) {
                errors.add(error);
            }
            return true;
        });
        if (allowedBy[0] != null) {
            return Decision.allow("RBAC: allowed by " + allowedBy[0]);
        }
        return errors.isEmpty() ? Decision.NO_OPINION : Decision.noOpinion("RBAC: " + aggregate(errors));
    }

    /** utilerrors.NewAggregate's message: the one error, or all in brackets. */
    static String aggregate(List<String> errors) {
        List<String> distinct = errors.stream().distinct().toList();
        return distinct.size() == 1 ? distinct.get(0) : "[" + String.join(", ", distinct) + "]";
    }
}
