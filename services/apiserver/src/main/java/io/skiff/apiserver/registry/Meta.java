package io.skiff.apiserver.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skiff.model.time.KubeTimes;
import java.time.Instant;

/** Reads and writes the metadata of objects held as JSON trees. */
final class Meta {

    private Meta() {}

    static ObjectNode metadata(ObjectNode object) {
        JsonNode metadata = object.get("metadata");
        if (metadata instanceof ObjectNode node) {
            return node;
        }
        return object.putObject("metadata");
    }

    static String text(ObjectNode object, String field) {
        JsonNode metadata = object.get("metadata");
        JsonNode value = metadata == null ? null : metadata.get(field);
        return value == null || value.isNull() ? "" : value.asText();
    }

    static String name(ObjectNode object) {
        return text(object, "name");
    }

    static String namespace(ObjectNode object) {
        return text(object, "namespace");
    }

    static boolean isDeleting(ObjectNode object) {
        return !text(object, "deletionTimestamp").isEmpty();
    }

    static boolean hasFinalizers(ObjectNode object) {
        JsonNode finalizers = metadata(object).get("finalizers");
        return finalizers != null && finalizers.isArray() && !finalizers.isEmpty();
    }

    static boolean hasFinalizer(ObjectNode object, String finalizer) {
        JsonNode finalizers = metadata(object).get("finalizers");
        if (finalizers != null && finalizers.isArray()) {
            for (JsonNode f : finalizers) {
                if (finalizer.equals(f.asText())) {
                    return true;
                }
            }
        }
        return false;
    }

    static void addFinalizer(ObjectNode object, String finalizer) {
        if (!hasFinalizer(object, finalizer)) {
            JsonNode existing = metadata(object).get("finalizers");
            ArrayNode finalizers = existing instanceof ArrayNode array
                    ? array
                    : metadata(object).putArray("finalizers");
            finalizers.add(finalizer);
        }
    }

    static long generation(ObjectNode object) {
        JsonNode generation = metadata(object).get("generation");
        return generation == null ? 0 : generation.asLong();
    }

    /** RFC 3339 with second precision, as Kubernetes writes metav1.Time. */
    static String timestamp(Instant instant) {
        return KubeTimes.time(instant);
    }
}
