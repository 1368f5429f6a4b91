package io.skiff.apiserver.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skiff.apiserver.apply.ManagedFieldsEntry.Operation;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reading and writing an object's {@code metadata.managedFields}. */
final class ManagedFields {

    private ManagedFields() {}

    /** The stored entries of an object, read leniently (they were checked when written). */
    static List<ManagedFieldsEntry> read(JsonNode object) {
        List<ManagedFieldsEntry> entries = new ArrayList<>();
        JsonNode managed = object == null ? null : object.path("metadata").get("managedFields");
        if (managed != null && managed.isArray()) {
            managed.forEach(entry -> entries.add(ManagedFieldsEntry.read(entry)));
        }
        return entries;
    }

    /**
     * The entries a writer sent, as Kubernetes decodes them: empty when there are none or one cannot
     * be decoded (an unknown operation or fields type), in which case the stored ones stay.
     */
    static Optional<List<ManagedFieldsEntry>> decode(JsonNode managedFields) {
        if (managedFields == null || !managedFields.isArray() || managedFields.isEmpty()) {
            return Optional.empty();
        }
        List<ManagedFieldsEntry> entries = new ArrayList<>();
        for (JsonNode entry : managedFields) {
            String operation = entry.path("operation").asText("");
            boolean knownOperation =
                    operation.equals(Operation.Apply.name()) || operation.equals(Operation.Update.name());
            if (!knownOperation
                    || !entry.path("fieldsType").asText("").equals("FieldsV1")
                    || !entry.path("fieldsV1").isObject()) {
                return Optional.empty();
            }
            entries.add(ManagedFieldsEntry.read(entry));
        }
        return Optional.of(entries);
    }

    /** {@code [{}]}: the way a writer asks Kubernetes to forget every owner. */
    static boolean isReset(JsonNode managedFields) {
        return managedFields != null
                && managedFields.isArray()
                && managedFields.size() == 1
                && managedFields.get(0).isObject()
                && managedFields.get(0).isEmpty();
    }

    static ManagedFieldsEntry find(
            List<ManagedFieldsEntry> entries, String manager, Operation operation, String subresource) {
        return entries.stream()
                .filter(e -> e.sameOwner(manager, operation, subresource))
                .findFirst()
                .orElse(null);
    }

    static void addUnlessEmpty(List<ManagedFieldsEntry> entries, ManagedFieldsEntry entry) {
        if (!entry.fields().isEmpty()) {
            entries.add(entry);
        }
    }

    static void write(ObjectNode object, List<ManagedFieldsEntry> entries) {
        ObjectNode metadata = metadata(object);
        if (entries.isEmpty()) {
            metadata.remove("managedFields");
            return;
        }
        ArrayNode managed = metadata.putArray("managedFields");
        entries.forEach(entry -> managed.add(entry.toJson()));
    }

    /** Puts back the managedFields an object had, byte for byte, or none. */
    static void restore(ObjectNode object, JsonNode managedFields) {
        ObjectNode metadata = metadata(object);
        if (managedFields == null || managedFields.isNull()) {
            metadata.remove("managedFields");
        } else {
            metadata.set("managedFields", managedFields);
        }
    }

    private static ObjectNode metadata(ObjectNode object) {
        return object.get("metadata") instanceof ObjectNode m ? m : object.putObject("metadata");
    }
}
