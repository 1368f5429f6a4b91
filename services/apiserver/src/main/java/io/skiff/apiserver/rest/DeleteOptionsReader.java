package io.skiff.apiserver.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.skiff.apiserver.registry.DeleteOptions;
import io.skiff.model.api.Statuses;
import org.springframework.util.MultiValueMap;

/** Reads meta/v1 DeleteOptions from a delete's body or, as kubectl may send them, its query. */
final class DeleteOptionsReader {

    private DeleteOptionsReader() {}

    static DeleteOptions read(JsonNode body, MultiValueMap<String, String> query, boolean dryRun) {
        Long grace = null;
        String policy = null;
        String uid = null;
        String rv = null;
        Boolean orphanDependents = null;
        boolean bodyDryRun = false;
        if (body != null && !body.isNull()) {
            if (!body.isObject()) {
                throw Statuses.badRequest("the body of a delete must be a DeleteOptions object");
            }
            checkType(body, "gracePeriodSeconds", JsonNode::isIntegralNumber, "int64");
            checkType(body, "propagationPolicy", JsonNode::isTextual, "v1.DeletionPropagation");
            checkType(body, "orphanDependents", JsonNode::isBoolean, "bool");
            checkType(body, "preconditions", JsonNode::isObject, "v1.Preconditions");
            checkType(body, "dryRun", JsonNode::isArray, "[]string");
            checkType(body.path("preconditions"), "uid", JsonNode::isTextual, "types.UID");
            checkType(body.path("preconditions"), "resourceVersion", JsonNode::isTextual, "string");
            if (body.hasNonNull("gracePeriodSeconds")) {
                grace = body.get("gracePeriodSeconds").asLong();
            }
            policy = body.hasNonNull("propagationPolicy")
                    ? body.get("propagationPolicy").asText()
                    : null;
            JsonNode preconditions = body.path("preconditions");
            uid = preconditions.hasNonNull("uid") ? preconditions.get("uid").asText() : null;
            rv = preconditions.hasNonNull("resourceVersion")
                    ? preconditions.get("resourceVersion").asText()
                    : null;
            if (body.hasNonNull("orphanDependents")) {
                orphanDependents = body.get("orphanDependents").asBoolean();
            }
            bodyDryRun = body.path("dryRun").isArray()
                    && body.path("dryRun").toString().contains("\"All\"");
        }
        if (query.getFirst("gracePeriodSeconds") != null) {
            try {
                grace = Long.parseLong(query.getFirst("gracePeriodSeconds"));
            } catch (NumberFormatException e) {
                throw Statuses.badRequest(
                        "gracePeriodSeconds: Invalid value: \"" + query.getFirst("gracePeriodSeconds") + "\"");
            }
        }
        if (query.getFirst("propagationPolicy") != null) {
            policy = query.getFirst("propagationPolicy");
        }
        if (query.getFirst("orphanDependents") != null) {
            orphanDependents = parseBool(query.getFirst("orphanDependents"), "orphanDependents");
        }
        if (policy != null && orphanDependents != null) {
            throw Statuses.badRequest("propagationPolicy: Invalid value: \"" + policy
                    + "\": orphanDependents and deletionPropagation cannot be both set");
        }
        if (policy == null && orphanDependents != null) {
            policy = orphanDependents ? "Orphan" : "Background";
        }
        if (policy != null
                && !policy.equals("Orphan")
                && !policy.equals("Background")
                && !policy.equals("Foreground")) {
            throw Statuses.badRequest("propagationPolicy: Unsupported value: \"" + policy
                    + "\": supported values: \"Foreground\", \"Background\", \"Orphan\", \"nil\"");
        }
        if (grace != null && grace < 0) {
            grace = 0L;
        }
        return new DeleteOptions(grace, policy, uid, rv, dryRun || bodyDryRun);
    }

    /** A field of the wrong JSON type is a decoding error in Kubernetes, not a default value. */
    private static void checkType(
            JsonNode object, String field, java.util.function.Predicate<JsonNode> ok, String goType) {
        JsonNode value = object.get(field);
        if (value != null && !value.isNull() && !ok.test(value)) {
            throw Statuses.badRequest(
                    "json: cannot unmarshal " + value.getNodeType().name().toLowerCase(java.util.Locale.ROOT)
                            + " into Go struct field DeleteOptions." + field + " of type " + goType);
        }
    }

    /** Go's strconv.ParseBool, as Kubernetes converts boolean query parameters. */
    private static boolean parseBool(String value, String parameter) {
        return switch (value) {
            case "1", "t", "T", "TRUE", "true", "True" -> true;
            case "0", "f", "F", "FALSE", "false", "False" -> false;
            default ->
                throw Statuses.badRequest(parameter + ": Invalid value: \"" + value
                        + "\": strconv.ParseBool: parsing \"" + value + "\": invalid syntax");
        };
    }
}
