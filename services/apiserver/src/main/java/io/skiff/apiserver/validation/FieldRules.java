package io.skiff.apiserver.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Small rules many kinds share: non-negative numbers, immutable fields, ports and int-or-percent values. */
final class FieldRules {

    static final String NEGATIVE = "must be greater than or equal to 0";
    static final String NOT_POSITIVE = "must be greater than zero";
    static final String NOT_INTEGER = "must be an integer";
    static final long MAX_INT32 = Integer.MAX_VALUE;

    private static final List<String> CONDITION_STATUSES = List.of("False", "True", "Unknown");
    private static final int MAX_CONDITION_REASON_LENGTH = 1024;
    private static final int MAX_CONDITION_MESSAGE_LENGTH = 32 * 1024;
    private static final String CONDITION_REASON_ERROR = NameRules.regexError(
            "a condition reason must start with alphabetic character, optionally followed by a string of"
                    + " alphanumeric characters or '_,:', and must end with an alphanumeric character or '_'",
            "[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?",
            "my_name",
            "MY_NAME",
            "MyName",
            "ReasonA,ReasonB",
            "ReasonA:ReasonB");

    private FieldRules() {}

    /** A check of one field's value at its path. */
    interface Check<T extends JsonNode> {
        void apply(T value, FieldPath path, Causes causes);
    }

    /** Runs the check when the array field is present; its path is only built then. */
    static void ifArray(JsonNode parent, String field, FieldPath parentPath, Causes causes, Check<ArrayNode> check) {
        ArrayNode value = Json.array(parent, field);
        if (value != null) {
            check.apply(value, parentPath.child(field), causes);
        }
    }

    /** Runs the check when the object field is present; its path is only built then. */
    static void ifObject(JsonNode parent, String field, FieldPath parentPath, Causes causes, Check<JsonNode> check) {
        JsonNode value = Json.object(parent, field);
        if (value != null) {
            check.apply(value, parentPath.child(field), causes);
        }
    }

    /** {@code ValidateNonnegativeField} for an optional number. */
    static void nonNegative(JsonNode parent, String field, FieldPath parentPath, Causes causes) {
        if (Json.hasNumber(parent, field)) {
            long value = parent.get(field).longValue();
            if (value < 0) {
                causes.invalid(parentPath.child(field), value, NEGATIVE);
            }
        }
    }

    /** {@code ValidateImmutableField}: Invalid with the new value when it differs semantically. */
    static void immutable(JsonNode parent, JsonNode oldParent, String field, FieldPath parentPath, Causes causes) {
        JsonNode value = parent == null ? null : parent.get(field);
        if (!Json.semanticEquals(value, oldParent == null ? null : oldParent.get(field))) {
            causes.immutable(parentPath.child(field), value);
        }
    }

    /** An enumerated string field that may be absent (Kubernetes defaults it); otherwise one of {@code supported}. */
    static void oneOf(JsonNode parent, String field, List<String> supported, FieldPath parentPath, Causes causes) {
        String value = Json.text(parent, field);
        if (value != null && !value.isEmpty() && !supported.contains(value)) {
            causes.notSupported(parentPath.child(field), value, supported);
        }
    }

    /** {@code ValidatePortNumOrName}: a port number, or an IANA service name. Absent reads as port 0. */
    static void portNumberOrName(JsonNode port, FieldPath path, Causes causes) {
        if (port != null && port.isTextual()) {
            causes.invalid(path, port.textValue(), NameRules.isPortName(port.textValue()));
        } else {
            long number = port != null && port.isNumber() ? port.longValue() : 0;
            causes.invalid(path, number, NameRules.isPortNumber(number));
        }
    }

    /** A port number that must be set and in range, such as a Service port. */
    static void portNumber(JsonNode parent, String field, FieldPath parentPath, Causes causes) {
        long port = Json.longOr(parent, field, 0);
        List<String> errors = NameRules.isPortNumber(port);
        if (!errors.isEmpty()) {
            causes.invalid(parentPath.child(field), port, errors);
        }
    }

    /** {@code ValidatePositiveIntOrPercent}: a non-negative integer or a percentage string. */
    static void intOrPercent(JsonNode value, FieldPath path, Causes causes) {
        if (value == null || value.isNull()) {
            return;
        }
        if (value.isTextual()) {
            causes.invalid(path, value, NameRules.isPercent(value.textValue()));
        } else if (value.isNumber()) {
            if (value.longValue() < 0) {
                causes.invalid(path, value.longValue(), NEGATIVE);
            }
        } else {
            causes.invalid(path, value, "must be an integer or percentage (e.g '5%%')");
        }
    }

    /** {@code IsNotMoreThan100Percent}. */
    static void notMoreThan100Percent(JsonNode value, FieldPath path, Causes causes) {
        if (value != null
                && value.isTextual()
                && NameRules.isPercent(value.textValue()).isEmpty()) {
            if (percentValue(value.textValue()) > 100) {
                causes.invalid(path, value, "must not be greater than 100%");
            }
        }
    }

    /** {@code getIntOrPercentValue}: the number of a percentage, or the integer (a non-numeric string is 0). */
    static long intOrPercentValue(JsonNode value) {
        if (value == null || value.isNull()) {
            return 0;
        }
        if (value.isNumber()) {
            return value.longValue();
        }
        String text = value.asText();
        if (NameRules.isPercent(text).isEmpty()) {
            return percentValue(text);
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** {@code metav1.Condition} lists ({@code ValidateConditions}): unique types, status, reason, times. */
    static void conditions(ArrayNode conditions, FieldPath path, Causes causes) {
        if (conditions == null) {
            return;
        }
        Set<String> types = new HashSet<>();
        for (int i = 0; i < conditions.size(); i++) {
            JsonNode condition = conditions.get(i);
            FieldPath conditionPath = path.index(i);
            String type = Json.string(condition, "type");
            if (!types.add(type)) {
                causes.duplicate(conditionPath.child("type"), type);
            }
            causes.invalidAt(conditionPath, "type", type, NameRules.isQualifiedName(type));
            String status = Json.string(condition, "status");
            if (!CONDITION_STATUSES.contains(status)) {
                causes.notSupported(conditionPath.child("status"), status, CONDITION_STATUSES);
            }
            long observedGeneration = Json.longOr(condition, "observedGeneration", 0);
            if (observedGeneration < 0) {
                causes.invalid(
                        conditionPath.child("observedGeneration"),
                        observedGeneration,
                        "must be greater than or equal to zero");
            }
            if (Json.string(condition, "lastTransitionTime").isEmpty()) {
                causes.required(conditionPath.child("lastTransitionTime"), "must be set");
            }
            String reason = Json.string(condition, "reason");
            if (reason.isEmpty()) {
                causes.required(conditionPath.child("reason"), "must be set");
            } else {
                if (!isConditionReason(reason)) {
                    causes.invalid(conditionPath.child("reason"), reason, CONDITION_REASON_ERROR);
                }
                if (NameRules.utf8Length(reason) > MAX_CONDITION_REASON_LENGTH) {
                    causes.tooLong(conditionPath.child("reason"), MAX_CONDITION_REASON_LENGTH);
                }
            }
            if (NameRules.utf8Length(Json.string(condition, "message")) > MAX_CONDITION_MESSAGE_LENGTH) {
                causes.tooLong(conditionPath.child("message"), MAX_CONDITION_MESSAGE_LENGTH);
            }
        }
    }

    /** {@code [A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?} */
    private static boolean isConditionReason(String reason) {
        int n = reason.length();
        char first = reason.charAt(0);
        if (!((first >= 'a' && first <= 'z') || (first >= 'A' && first <= 'Z'))) {
            return false;
        }
        for (int i = 1; i < n; i++) {
            char c = reason.charAt(i);
            boolean word = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
            if (!word && (i == n - 1 || (c != ',' && c != ':'))) {
                return false;
            }
        }
        return true;
    }

    private static long percentValue(String percent) {
        String digits = percent.substring(0, percent.length() - 1);
        return digits.length() > 18 ? Long.MAX_VALUE : Long.parseLong(digits);
    }
}
