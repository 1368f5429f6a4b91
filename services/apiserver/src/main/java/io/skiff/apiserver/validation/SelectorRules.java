package io.skiff.apiserver.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.Iterator;
import java.util.Map;

/** Label selectors: their syntax ({@code ValidateLabelSelector}) and whether they select a set of labels. */
final class SelectorRules {

    private SelectorRules() {}

    /**
     * Validates a {@code LabelSelector}; returns whether it is valid, which is when Kubernetes can turn it into
     * a selector at all ({@code LabelSelectorAsSelector}).
     */
    static boolean validate(JsonNode selector, FieldPath path, Causes causes) {
        if (selector == null || selector.isNull()) {
            return true;
        }
        int before = causes.size();
        ObjectMetaRules.validateLabels(selector.get("matchLabels"), path.child("matchLabels"), causes);
        ArrayNode expressions = Json.array(selector, "matchExpressions");
        if (expressions != null) {
            for (int i = 0; i < expressions.size(); i++) {
                validateRequirement(
                        expressions.get(i), path.child("matchExpressions").index(i), causes);
            }
        }
        return causes.size() == before;
    }

    private static void validateRequirement(JsonNode requirement, FieldPath path, Causes causes) {
        String operator = Json.string(requirement, "operator");
        ArrayNode values = Json.array(requirement, "values");
        switch (operator) {
            case "In", "NotIn" -> {
                if (Json.isEmpty(values)) {
                    causes.required(path.child("values"), "must be specified when `operator` is 'In' or 'NotIn'");
                }
            }
            case "Exists", "DoesNotExist" -> {
                if (!Json.isEmpty(values)) {
                    causes.forbidden(
                            path.child("values"), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'");
                }
            }
            default -> causes.invalid(path.child("operator"), operator, "not a valid selector operator");
        }
        String key = Json.string(requirement, "key");
        causes.invalidAt(path, "key", key, NameRules.isQualifiedName(key));
        if (values != null) {
            for (int i = 0; i < values.size(); i++) {
                String value = values.get(i).asText();
                causes.invalid(path.child("values").index(i), value, NameRules.isLabelValue(value));
            }
        }
    }

    /** A selector with neither labels nor expressions, which Kubernetes treats as selecting everything. */
    static boolean isEmpty(JsonNode selector) {
        return Json.isEmpty(Json.object(selector, "matchLabels"))
                && Json.isEmpty(Json.array(selector, "matchExpressions"));
    }

    /** Whether a (valid) LabelSelector selects the labels; a missing selector selects nothing. */
    static boolean matches(JsonNode selector, JsonNode labels) {
        if (selector == null || selector.isNull()) {
            return false;
        }
        if (!matchesMap(selector.get("matchLabels"), labels)) {
            return false;
        }
        ArrayNode expressions = Json.array(selector, "matchExpressions");
        if (expressions != null) {
            for (JsonNode requirement : expressions) {
                if (!matchesRequirement(requirement, labels)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Whether every key-value pair of an equality selector map is among the labels. */
    static boolean matchesMap(JsonNode selector, JsonNode labels) {
        Iterator<Map.Entry<String, JsonNode>> entries = Json.fields(selector);
        while (entries.hasNext()) {
            Map.Entry<String, JsonNode> entry = entries.next();
            JsonNode value = labels == null ? null : labels.get(entry.getKey());
            if (value == null || !Json.valueText(value).equals(Json.valueText(entry.getValue()))) {
                return false;
            }
        }
        return true;
    }

    private static boolean matchesRequirement(JsonNode requirement, JsonNode labels) {
        String key = Json.string(requirement, "key");
        JsonNode value = labels == null ? null : labels.get(key);
        ArrayNode values = Json.array(requirement, "values");
        return switch (Json.string(requirement, "operator")) {
            case "In" -> value != null && Json.contains(values, Json.valueText(value));
            case "NotIn" -> value == null || !Json.contains(values, Json.valueText(value));
            case "Exists" -> value != null;
            case "DoesNotExist" -> value == null;
            default -> false;
        };
    }
}
