package io.skiff.apiserver.defaulting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skiff.model.time.KubeTimes;
import java.time.Clock;
import java.time.Instant;

/** PrepareForCreate of the Namespace, PersistentVolume and PersistentVolumeClaim strategies. */
final class CoreCreation {

    private CoreCreation() {}

    static void namespace(ObjectNode namespace) {
        namespace.putObject("status").put("phase", "Active");
        // Required on create only: the namespace controller removes it while deleting.
        ObjectNode spec = Json.childOrCreate(namespace, "spec");
        if (spec == null) {
            return;
        }
        if (Json.isNull(spec, "finalizers")) {
            spec.putArray("finalizers");
        }
        if (!(spec.get("finalizers") instanceof ArrayNode finalizers)) {
            return;
        }
        boolean present = false;
        for (JsonNode finalizer : finalizers) {
            present |= finalizer.asText().equals("kubernetes");
        }
        if (!present) {
            finalizers.add("kubernetes");
        }
    }

    static void persistentVolume(ObjectNode volume, Clock clock) {
        ObjectNode status = volume.putObject("status");
        status.put("phase", "Pending");
        status.put("lastPhaseTransitionTime", KubeTimes.time(Instant.now(clock)));
    }

    /**
     * A claim's dataSource and dataSourceRef describe one source; whichever the user set fills the
     * other, except that a cross-namespace dataSourceRef has no dataSource equivalent.
     */
    static void claimDataSources(ObjectNode claim) {
        ObjectNode spec = Json.child(claim, "spec");
        if (spec == null) {
            return;
        }
        ObjectNode dataSource = Json.child(spec, "dataSource");
        ObjectNode dataSourceRef = Json.child(spec, "dataSourceRef");
        if (dataSource != null && dataSourceRef == null) {
            spec.set("dataSourceRef", typedReference(dataSource));
        } else if (dataSourceRef != null
                && dataSource == null
                && Json.text(dataSourceRef, "namespace").isEmpty()) {
            spec.set("dataSource", typedReference(dataSourceRef));
        }
    }

    private static ObjectNode typedReference(ObjectNode source) {
        ObjectNode reference = source.objectNode();
        if (!Json.isNull(source, "apiGroup")) {
            reference.set("apiGroup", source.get("apiGroup"));
        }
        reference.put("kind", Json.text(source, "kind"));
        reference.put("name", Json.text(source, "name"));
        return reference;
    }
}
