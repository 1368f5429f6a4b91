package io.skiff.apiserver.flowcontrol;

import java.util.function.Predicate;

/**
 * A flow schema as Kubernetes' FlowSchema: which requests it takes, the priority level it sends
 * them to, and what tells their flows apart.
 *
 * @param name the schema's name
 * @param matchingPrecedence lower first; the first schema that matches a request takes it
 * @param priorityLevel the level's name
 * @param distinguisher what makes a request's flow within the level
 * @param matches which requests it takes
 */
public record FlowSchema(
        String name,
        int matchingPrecedence,
        String priorityLevel,
        Distinguisher distinguisher,
        Predicate<FlowRequest> matches) {

    /** Kubernetes' distinguisher methods; no distinguisher puts all of a schema's requests in one flow. */
    public enum Distinguisher {
        BY_USER,
        BY_NAMESPACE,
        NONE
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
