package io.skiff.apiserver.authorization;

import java.util.ArrayList;
import java.util.List;

/**
 * Asks authorizers in order until one allows or denies, as Kubernetes' union authorizer; when none
 * has an opinion the reasons they gave are joined, one a line.
 */
public final class UnionAuthorizer implements Authorizer {

    private final List<Authorizer> authorizers;

    public UnionAuthorizer(List<Authorizer> authorizers) {
        this.authorizers = List.copyOf(authorizers);
    }

    @Override
    public Decision authorize(RequestAttributes attributes) {
        List<String> reasons = new ArrayList<>();
        for (Authorizer authorizer : authorizers) {
            Decision decision = authorizer.authorize(attributes);
            if (decision.kind() != Decision.Kind.NO_OPINION) {
                return decision;
            }
            if (!decision.reason().isEmpty()) {
                reasons.add(decision.reason());
            }
        }
        return Decision.noOpinion(String.join("\n", reasons));
    }
}
