package io.skiff.apiserver.flowcontrol;

import java.util.List;

/**
 * A flow schema as Kubernetes' FlowSchema: which requests it takes, the priority level it sends
 * them to, and what tells their flows apart.
 *
 * @param name the schema's name
 * @param matchingPrecedence lower first; the first schema that matches a request takes it
 * @param priorityLevel the level's name
 * @param distinguisher what makes a request's flow within the level
 * @param rules which requests it takes: those any rule matches
 */
public record FlowSchema(
        String name,
        int matchingPrecedence,
        String priorityLevel,
        Distinguisher distinguisher,
        List<PolicyRulesWithSubjects> rules) {

    public FlowSchema {
        rules = List.copyOf(rules);
    }

    /** Kubernetes' distinguisher methods; no distinguisher puts all of a schema's requests in one flow. */
    public enum Distinguisher {
        BY_USER("ByUser"),
        BY_NAMESPACE("ByNamespace"),
        NONE(null);

        /** The method's type as a FlowSchema's spec.distinguisherMethod.type names it; null for none. */
        public final String type;

        Distinguisher(String type) {
            this.type = type;
        }
    }

    /** Whether this schema takes {@code request}. */
    public boolean matches(FlowRequest request) {
        for (PolicyRulesWithSubjects rule : rules) {
            if (rule.matches(request)) {
                return true;
            }
        }
        return false;
    }

    /** The flow of {@code request} under this schema: the schema's name and the distinguisher's value. */
    public String flow(FlowRequest request) {
        return switch (distinguisher) {
            case BY_USER -> name + "/" + request.user().name();
            case BY_NAMESPACE -> name + "/" + request.namespace();
            case NONE -> name;
        };
    }
}
