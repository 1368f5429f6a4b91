package io.skiff.apiserver.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One entry of {@code metadata.managedFields}: the fields one manager owns through one kind of
 * operation. Kubernetes keys entries by manager, operation and subresource (and the apiVersion of
 * Update entries, which is always the served version here).
 */
record ManagedFieldsEntry(
        String manager, Operation operation, String apiVersion, String time, String subresource, FieldSet fields) {

    enum Operation {
        Apply,
        Update
    }

    boolean sameOwner(String manager, Operation operation, String subresource) {
        return this.manager.equals(manager)
                && this.operation == operation
                && java.util.Objects.equals(this.subresource, subresource);
    }

    /** Whether both entries are the same manager's, as Kubernetes keys entries. */
    boolean sameIdentity(ManagedFieldsEntry other) {
        return sameOwner(other.manager, other.operation, other.subresource)
                && (operation == Operation.Apply || apiVersion.equals(other.apiVersion));
    }

    ManagedFieldsEntry withFields(FieldSet fields) {
        return new ManagedFieldsEntry(manager, operation, apiVersion, time, subresource, fields);
    }

    ManagedFieldsEntry withTime(String time) {
        return new ManagedFieldsEntry(manager, operation, apiVersion, time, subresource, fields);
    }

    /** How conflict messages name the manager, as Kubernetes prints it. */
    String describe() {
        StringBuilder out = new StringBuilder("\"").append(manager).append('"');
        if (subresource != null) {
            out.append(" with subresource \"").append(subresource).append('"');
        }
        if (operation == Operation.Update) {
            out.append(" using ").append(apiVersion);
        }
        return out.toString();
    }

    static ManagedFieldsEntry read(JsonNode json) {
        Operation operation = "Apply".equals(json.path("operation").asText()) ? Operation.Apply : Operation.Update;
        String subresource = json.path("subresource").asText("");
        return new ManagedFieldsEntry(
                json.path("manager").asText(""),
                operation,
                json.path("apiVersion").asText(""),
                json.path("time").asText(null),
                subresource.isEmpty() ? null : subresource,
                FieldSet.fromFieldsV1(json.get("fieldsV1")));
    }

    ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("manager", manager);
        json.put("operation", operation.name());
        json.put("apiVersion", apiVersion);
        if (time != null) {
            json.put("time", time);
        }
        json.put("fieldsType", "FieldsV1");
        json.set("fieldsV1", fields.toFieldsV1());
        if (subresource != null) {
            json.put("subresource", subresource);
        }
        return json;
    }
}
