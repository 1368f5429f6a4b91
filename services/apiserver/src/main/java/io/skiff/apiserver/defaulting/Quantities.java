package io.skiff.apiserver.defaulting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Map;

/** Rewrites quantity fields in the spelling Kubernetes reads them back with. */
final class Quantities {

    private Quantities() {}

    /** A ResourceList (requests, limits, capacity, hard, ...): rounded up to milli-units, canonical. */
    static void resourceList(ObjectNode parent, String field) {
        ObjectNode list = Json.child(parent, field);
        if (list == null) {
            return;
        }
        for (Map.Entry<String, JsonNode> entry : new ArrayList<>(list.properties())) {
            Quantity.of(entry.getValue())
                    .ifPresent(quantity ->
                            list.put(entry.getKey(), quantity.roundUpToMilli().canonical()));
        }
    }

    /** Both lists of a ResourceRequirements / VolumeResourceRequirements. */
    static void requirements(ObjectNode resources) {
        resourceList(resources, "limits");
        resourceList(resources, "requests");
    }

    /** A single quantity field, which Kubernetes prints canonically but does not round. */
    static void single(ObjectNode parent, String field) {
        if (parent != null) {
            Quantity.of(parent.get(field)).ifPresent(quantity -> parent.put(field, quantity.canonical()));
        }
    }
}
