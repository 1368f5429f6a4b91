package io.skiff.apiserver.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skiff.model.catalog.ResourceType;

/**
 * Grace periods on delete. Only pods have one, as in Kubernetes: a pod bound to a node that has
 * not finished gets its terminationGracePeriodSeconds (or the request's), so its kubelet can stop
 * it and then remove it; an unbound or finished pod goes at once.
 */
final class GracefulDeletion {

    private static final long DEFAULT_POD_GRACE_SECONDS = 30;

    private GracefulDeletion() {}

    static long gracePeriodSeconds(ResourceType type, ObjectNode object, Long requested) {
        if (!type.group().isEmpty() || !type.plural().equals("pods")) {
            return 0;
        }
        JsonNode spec = object.path("spec");
        String phase = object.path("status").path("phase").asText("");
        if (spec.path("nodeName").asText("").isEmpty() || phase.equals("Succeeded") || phase.equals("Failed")) {
            return 0;
        }
        long grace = requested != null
                ? requested
                : spec.path("terminationGracePeriodSeconds").asLong(DEFAULT_POD_GRACE_SECONDS);
        return Math.max(grace, 0);
    }
}
